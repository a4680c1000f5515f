package io.scoreline.leaderboard;

import java.util.Arrays;

import static io.scoreline.leaderboard.BoardTree.NONE;

/**
 * Restructuring of a {@link BoardTree}, off the common path. A node that overflows or underflows
 * is evened out with a window of consecutive siblings: first with one neighbour, the one with the
 * most room (or to spare) when that is at least an eighth of a node; else with up to three
 * (overflow) or four (underflow) siblings, spread over one node more (three full become four) or
 * one fewer (four underfull become three). Every node then holds at least three quarters of its
 * capacity, except the root and the nodes under a root of at most three children.
 * <p>
 * The window's items are gathered into a scratch run in order and spread back evenly; only the
 * items that change node get their back pointer ({@code leafOf}, the parent slot) rewritten, and
 * separators are set from the first item of each node. Preallocated scratch: no allocation.
 * <p>
 * Scores mostly rise, so a leaf tends to fill or drain steadily; measured at 1M players, the
 * first cut (always a window of three or four) restructured on 24% of updates and profiled at a
 * fifth of the board's time, most of it reading the cold neighbours.
 */
final class Rebalance
{
    private static final int OVERFLOW_WINDOW = 3;
    private static final int UNDERFLOW_WINDOW = 4;

    private final BoardTree t;
    private final int mask;
    private final int[] window = new int[UNDERFLOW_WINDOW + 1];
    private final long[] runKeys;
    private final int[] runRefs;
    private final int[] runCounts;
    private final int[] runOrigins;

    Rebalance(final BoardTree tree)
    {
        this.t = tree;
        this.mask = tree.innerStride - 1;
        final int run = UNDERFLOW_WINDOW * Math.max(tree.leafCapacity, tree.innerStride) + 1;
        runKeys = new long[run];
        runRefs = new int[run];
        runCounts = new int[run];
        runOrigins = new int[run];
        if (tree.ties != null)
        {
            tree.ties.allocateRun(run);
        }
    }

    /** Inserts handle (its total already set) at {@code position} of a full leaf by spreading the leaf's window. */
    void onLeafOverflow(final int leaf, final int position, final int handle)
    {
        if (t.height == 0)
        {
            growRoot(leaf, 0, t.leafSizes[leaf]);
        }
        final int slot = t.leafSlot[leaf];
        final int parent = slot >>> t.innerShift;
        final int index = slot & mask;
        final int childCount = t.innerSizes[parent];
        final int neighbour = roomiestNeighbour(t.leafSizes, slot, index, childCount);
        final boolean pair = neighbour != NONE &&
            t.leafCapacity - t.leafSizes[t.children[slot - index + neighbour]] >= slack(t.leafCapacity);
        final int k = pair ? 2 : Math.min(OVERFLOW_WINDOW, childCount);
        final int first = pair ? Math.min(index, neighbour) : windowStart(index, k, childCount);
        final int entries = gatherLeaves(parent, first, k, leaf, position, handle);
        spreadLeaves(parent, first, k, entries > k * t.leafCapacity ? k + 1 : k, entries);
        afterChildCountChange(parent, 1);
    }

    void onLeafUnderflow(final int leaf)
    {
        final int slot = t.leafSlot[leaf];
        final int parent = slot >>> t.innerShift;
        final int index = slot & mask;
        final int childCount = t.innerSizes[parent];
        final int neighbour = fullestNeighbour(t.leafSizes, slot, index, childCount);
        final boolean pair = neighbour != NONE &&
            t.leafSizes[t.children[slot - index + neighbour]] - t.leafMin >= slack(t.leafCapacity);
        final int k = pair ? 2 : Math.min(UNDERFLOW_WINDOW, childCount);
        final int first = pair ? Math.min(index, neighbour) : windowStart(index, k, childCount);
        final int entries = gatherLeaves(parent, first, k, NONE, 0, NONE);
        spreadLeaves(parent, first, k, pair ? k : nodesAfterUnderflow(k, entries, t.leafMin, t.leafCapacity), entries);
        afterChildCountChange(parent, 1);
    }

    /**
     * The neighbour a rebalance of this leaf would pair it with, on an overflow or an underflow;
     * NONE if there is none (no parent, or no neighbour with enough room or to spare). For prefetching.
     */
    int partnerOf(final int leaf, final boolean overflow)
    {
        final int slot = t.leafSlot[leaf];
        if (slot == NONE)
        {
            return NONE;
        }
        final int index = slot & mask;
        final int childCount = t.innerSizes[slot >>> t.innerShift];
        final int neighbour = overflow
            ? roomiestNeighbour(t.leafSizes, slot, index, childCount)
            : fullestNeighbour(t.leafSizes, slot, index, childCount);
        return neighbour == NONE ? NONE : t.children[slot - index + neighbour];
    }

    /** Room worth a two-node move: an eighth of a node (at least one). */
    private static int slack(final int capacity)
    {
        return Math.max(1, capacity / 8);
    }

    /** Index of the sibling (left or right of index) with the fewest items, NONE if there is none. */
    private int roomiestNeighbour(final int[] sizes, final int slot, final int index, final int childCount)
    {
        final int left = index > 0 ? sizes[t.children[slot - 1]] : Integer.MAX_VALUE;
        final int right = index + 1 < childCount ? sizes[t.children[slot + 1]] : Integer.MAX_VALUE;
        if (left == Integer.MAX_VALUE && right == Integer.MAX_VALUE)
        {
            return NONE;
        }
        return left <= right ? index - 1 : index + 1;
    }

    /** Index of the sibling (left or right of index) with the most items, NONE if there is none. */
    private int fullestNeighbour(final int[] sizes, final int slot, final int index, final int childCount)
    {
        final int left = index > 0 ? sizes[t.children[slot - 1]] : -1;
        final int right = index + 1 < childCount ? sizes[t.children[slot + 1]] : -1;
        if (left < 0 && right < 0)
        {
            return NONE;
        }
        return left >= right ? index - 1 : index + 1;
    }

    /** After a child was added to or removed from {@code node} (at {@code level}, leaves being 0): fix it. */
    private void afterChildCountChange(final int node, final int level)
    {
        final int childCount = t.innerSizes[node];
        if (node == t.root)
        {
            if (childCount > t.innerCapacity)
            {
                growRoot(node, level, 0);
                fixInner(node, level, true);
            }
            else if (childCount == 1)
            {
                shrinkRoot(node, level);
            }
            return;
        }
        if (childCount > t.innerCapacity)
        {
            fixInner(node, level, true);
        }
        else if (childCount < t.innerMin)
        {
            fixInner(node, level, false);
        }
    }

    /** Spreads the window of inner node {@code node} (at level) after an overflow or an underflow. */
    private void fixInner(final int node, final int level, final boolean overflow)
    {
        final int slot = t.innerSlot[node];
        final int parent = slot >>> t.innerShift;
        final int childCount = t.innerSizes[parent];
        final int k = Math.min(overflow ? OVERFLOW_WINDOW : UNDERFLOW_WINDOW, childCount);
        final int first = windowStart(slot & mask, k, childCount);
        final int slots = gatherInner(parent, first, k);
        final int newK = overflow
            ? slots > k * t.innerCapacity ? k + 1 : k
            : nodesAfterUnderflow(k, slots, t.innerMin, t.innerCapacity);
        spreadInner(parent, first, k, newK, slots, level);
        afterChildCountChange(parent, level + 1);
    }

    /**
     * Four nodes below their minimum together become three; fewer (only under a root) merge when
     * one fewer can hold them, else are evened out.
     */
    private static int nodesAfterUnderflow(final int k, final int items, final int min, final int capacity)
    {
        if (k == UNDERFLOW_WINDOW)
        {
            return items < k * min ? k - 1 : k;
        }
        return k > 1 && items <= (k - 1) * capacity ? k - 1 : k;
    }

    /** The first index of a window of k children around index, inside [0, childCount). */
    private static int windowStart(final int index, final int k, final int childCount)
    {
        return Math.max(0, Math.min(index - (k - 1) / 2, childCount - k));
    }

    /** Puts a new root above {@code node} (at level, leaves being 0), whose subtree holds {@code leafCount} if a leaf. */
    private void growRoot(final int node, final int level, final int leafCount)
    {
        final int root = t.allocateInner();
        final int base = root << t.innerShift;
        t.innerSizes[root] = 1;
        t.innerSlot[root] = NONE;
        setChild(base, node, level == 0);
        t.counts[base] = level == 0 ? leafCount : t.sumCounts(node << t.innerShift, t.innerSizes[node]);
        t.refreshKeys(root);
        t.root = root;
        t.height++;
    }

    private void shrinkRoot(final int root, final int level)
    {
        final int child = t.children[root << t.innerShift];
        if (level == 1)
        {
            t.leafSlot[child] = NONE;
        }
        else
        {
            t.innerSlot[child] = NONE;
        }
        t.root = child;
        t.height--;
        t.releaseInner(root);
    }

    private void setChild(final int slot, final int child, final boolean leaf)
    {
        t.children[slot] = child;
        if (leaf)
        {
            t.leafSlot[child] = slot;
        }
        else
        {
            t.innerSlot[child] = slot;
        }
    }

    // ---- leaves ----

    /** Copies the entries of leaves first .. first+k-1 of parent into the run, with handle added in leaf {@code into}. */
    private int gatherLeaves(final int parent, final int first, final int k, final int into, final int position, final int handle)
    {
        int n = 0;
        for (int j = 0; j < k; j++)
        {
            final int leaf = t.children[(parent << t.innerShift) + first + j];
            window[j] = leaf;
            final int base = leaf * t.leafCapacity;
            final int size = t.leafSizes[leaf];
            if (leaf == into)
            {
                n = copyEntries(base, position, n, leaf);
                runRefs[n] = handle;
                runOrigins[n] = NONE;
                n = copyEntries(base + position, size - position, n + 1, leaf);
            }
            else
            {
                n = copyEntries(base, size, n, leaf);
            }
        }
        return n;
    }

    private int copyEntries(final int from, final int length, final int to, final int origin)
    {
        System.arraycopy(t.leafHandles, from, runRefs, to, length);
        Arrays.fill(runOrigins, to, to + length, origin);
        return to + length;
    }

    /** Spreads the run over {@code newK} leaves: window[0 .. newK-1], adding or dropping the last leaf. */
    private void spreadLeaves(final int parent, final int first, final int k, final int newK, final int entries)
    {
        final int parentBase = (parent << t.innerShift) + first;
        if (newK > k)
        {
            final int leaf = t.allocateLeaf();
            t.leafNext[leaf] = t.leafNext[window[k - 1]];
            t.leafNext[window[k - 1]] = leaf;
            insertSlot(parent, first + k, true);
            setChild(parentBase + k, leaf, true);
            window[k] = leaf;
        }
        else if (newK < k)
        {
            final int dropped = window[k - 1];
            t.leafNext[window[k - 2]] = t.leafNext[dropped];
            removeSlot(parent, first + k - 1, true);
            t.releaseLeaf(dropped);
        }
        int from = 0;
        for (int j = 0; j < newK; j++)
        {
            final int leaf = window[j];
            final int size = entries / newK + (j < entries % newK ? 1 : 0);
            final int base = leaf * t.leafCapacity;
            System.arraycopy(runRefs, from, t.leafHandles, base, size);
            for (int i = from; i < from + size; i++)
            {
                if (runOrigins[i] != leaf)
                {
                    t.leafOf[runRefs[i]] = leaf;
                }
            }
            t.leafSizes[leaf] = size;
            t.counts[parentBase + j] = size;
            if (j > 0)
            {
                t.keyTotals[parentBase + j] = t.totals[runRefs[from]];
                if (t.ties != null)
                {
                    t.ties.keyOfEntry(parentBase + j, runRefs[from]);
                }
            }
            from += size;
        }
        t.refreshKeys(parent);
    }

    // ---- inner nodes ----

    /** Copies the slots of inner children first .. first+k-1 of parent into the run; a node's first slot takes the parent's key of that node. */
    private int gatherInner(final int parent, final int first, final int k)
    {
        final int parentBase = (parent << t.innerShift) + first;
        int n = 0;
        for (int j = 0; j < k; j++)
        {
            final int node = t.children[parentBase + j];
            window[j] = node;
            final int base = node << t.innerShift;
            final int size = t.innerSizes[node];
            for (int i = 0; i < size; i++)
            {
                final int keySlot = i == 0 ? parentBase + j : base + i;
                runKeys[n] = t.keyTotals[keySlot];
                runRefs[n] = t.children[base + i];
                runCounts[n] = t.counts[base + i];
                if (t.ties != null)
                {
                    t.ties.keyToRun(keySlot, n);
                }
                n++;
            }
        }
        return n;
    }

    /** Spreads the run over {@code newK} inner nodes at {@code level} (their children at level - 1). */
    private void spreadInner(final int parent, final int first, final int k, final int newK, final int slots, final int level)
    {
        final int parentBase = (parent << t.innerShift) + first;
        if (newK > k)
        {
            final int node = t.allocateInner();
            insertSlot(parent, first + k, false);
            setChild(parentBase + k, node, false);
            window[k] = node;
        }
        else if (newK < k)
        {
            removeSlot(parent, first + k - 1, false);
            t.releaseInner(window[k - 1]);
        }
        final boolean leafChildren = level == 1;
        int from = 0;
        for (int j = 0; j < newK; j++)
        {
            final int node = window[j];
            final int size = slots / newK + (j < slots % newK ? 1 : 0);
            final int base = node << t.innerShift;
            int sum = 0;
            for (int i = 0; i < size; i++)
            {
                final int r = from + i;
                final int keySlot = i == 0 ? parentBase + j : base + i;
                t.keyTotals[keySlot] = runKeys[r];
                setChild(base + i, runRefs[r], leafChildren);
                t.counts[base + i] = runCounts[r];
                if (t.ties != null)
                {
                    t.ties.keyFromRun(r, keySlot);
                }
                sum += runCounts[r];
            }
            t.innerSizes[node] = size;
            t.counts[parentBase + j] = sum;
            t.refreshKeys(node);
            from += size;
        }
        t.refreshKeys(parent);
    }

    private void insertSlot(final int node, final int index, final boolean leafChildren)
    {
        final int slot = (node << t.innerShift) + index;
        copySlots(slot, slot + 1, t.innerSizes[node] - index, leafChildren);
        t.innerSizes[node]++;
    }

    private void removeSlot(final int node, final int index, final boolean leafChildren)
    {
        final int slot = (node << t.innerShift) + index;
        copySlots(slot + 1, slot, t.innerSizes[node] - index - 1, leafChildren);
        t.innerSizes[node]--;
    }

    /** Moves slots inside one node; the moved children learn their new slot. */
    private void copySlots(final int from, final int to, final int length, final boolean leafChildren)
    {
        System.arraycopy(t.keyTotals, from, t.keyTotals, to, length);
        System.arraycopy(t.counts, from, t.counts, to, length);
        System.arraycopy(t.children, from, t.children, to, length);
        if (t.ties != null)
        {
            t.ties.copyKeys(from, to, length);
        }
        for (int slot = to; slot < to + length; slot++)
        {
            setChild(slot, t.children[slot], leafChildren);
        }
    }
}
