package io.scoreline.leaderboard;

import static io.scoreline.leaderboard.BoardTree.NONE;

/**
 * Restructuring of a {@link BoardTree}, off the common path: a node that overflows or underflows is
 * evened out with up to three (overflow) or four (underflow) consecutive siblings. The window's
 * entries are gathered into a scratch run, in order, and spread back evenly over the same nodes,
 * one more (three full nodes become four) or one fewer (four underfull ones become three). Every
 * node then holds at least three quarters of its capacity, except under a root of at most three
 * children. Only the entries that change node get their back pointer ({@code leafOf},
 * {@code leafParent}, {@code innerParent}) rewritten. Preallocated scratch: no allocation.
 */
final class Rebalance
{
    private static final int OVERFLOW_WINDOW = 3;
    private static final int UNDERFLOW_WINDOW = 4;

    private final BoardTree t;
    private final int[] window = new int[UNDERFLOW_WINDOW + 1];
    private final long[] runKeys;
    private final int[] runRefs;
    private final int[] runCounts;
    private final int[] runOrigins;

    Rebalance(final BoardTree tree)
    {
        this.t = tree;
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

    /** Inserts (total, handle) at {@code position} of a full leaf by spreading the leaf's window. */
    void onLeafOverflow(final int leaf, final int position, final long total, final int handle)
    {
        if (t.height == 0)
        {
            growRoot(leaf, t.leafSizes[leaf]);
        }
        final int parent = t.leafParent[leaf];
        final int index = t.slotOf(parent, leaf) - parent * t.innerStride;
        final int k = Math.min(OVERFLOW_WINDOW, t.innerSizes[parent]);
        final int first = windowStart(index, k, t.innerSizes[parent]);
        final int entries = gatherLeaves(parent, first, k, leaf, position, total, handle);
        spreadLeaves(parent, first, k, entries > k * t.leafCapacity ? k + 1 : k, entries);
        afterChildCountChange(parent);
    }

    void onLeafUnderflow(final int leaf)
    {
        final int parent = t.leafParent[leaf];
        final int index = t.slotOf(parent, leaf) - parent * t.innerStride;
        final int childCount = t.innerSizes[parent];
        final int k = Math.min(UNDERFLOW_WINDOW, childCount);
        final int first = windowStart(index, k, childCount);
        final int entries = gatherLeaves(parent, first, k, NONE, 0, 0, NONE);
        spreadLeaves(parent, first, k, nodesAfterUnderflow(k, entries, t.leafMin, t.leafCapacity), entries);
        afterChildCountChange(parent);
    }

    /** After a child was added to or removed from {@code node}: fix its own overflow or underflow. */
    private void afterChildCountChange(final int node)
    {
        final int childCount = t.innerSizes[node];
        if (node == t.root)
        {
            if (childCount > t.innerCapacity)
            {
                growRoot(node, 0);
                onInnerOverflow(node);
            }
            else if (childCount == 1)
            {
                shrinkRoot(node);
            }
            return;
        }
        if (childCount > t.innerCapacity)
        {
            onInnerOverflow(node);
        }
        else if (childCount < t.innerMin)
        {
            onInnerUnderflow(node);
        }
    }

    private void onInnerOverflow(final int node)
    {
        final int parent = t.innerParent[node];
        final int index = t.slotOf(parent, node) - parent * t.innerStride;
        final int k = Math.min(OVERFLOW_WINDOW, t.innerSizes[parent]);
        final int first = windowStart(index, k, t.innerSizes[parent]);
        final int slots = gatherInner(parent, first, k);
        spreadInner(parent, first, k, slots > k * t.innerCapacity ? k + 1 : k, slots);
        afterChildCountChange(parent);
    }

    private void onInnerUnderflow(final int node)
    {
        final int parent = t.innerParent[node];
        final int index = t.slotOf(parent, node) - parent * t.innerStride;
        final int childCount = t.innerSizes[parent];
        final int k = Math.min(UNDERFLOW_WINDOW, childCount);
        final int first = windowStart(index, k, childCount);
        final int slots = gatherInner(parent, first, k);
        spreadInner(parent, first, k, nodesAfterUnderflow(k, slots, t.innerMin, t.innerCapacity), slots);
        afterChildCountChange(parent);
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

    /** Puts a new root above {@code node}, whose subtree holds {@code count} entries (recomputed later if it matters). */
    private void growRoot(final int node, final int count)
    {
        final int root = t.allocateInner();
        final int base = root * t.innerStride;
        t.children[base] = node;
        t.counts[base] = count;
        t.innerSizes[root] = 1;
        t.innerParent[root] = NONE;
        if (t.height == 0)
        {
            t.leafParent[node] = root;
        }
        else
        {
            t.innerParent[node] = root;
            int sum = 0;
            for (int i = 0; i < t.innerSizes[node]; i++)
            {
                sum += t.counts[node * t.innerStride + i];
            }
            t.counts[base] = sum;
        }
        t.root = root;
        t.height++;
    }

    private void shrinkRoot(final int root)
    {
        final int child = t.children[root * t.innerStride];
        if (t.height == 1)
        {
            t.leafParent[child] = NONE;
        }
        else
        {
            t.innerParent[child] = NONE;
        }
        t.root = child;
        t.height--;
        t.releaseInner(root);
    }

    // ---- leaves ----

    /** Copies the entries of leaves first .. first+k-1 of parent into the run, with (total, handle) added in leaf {@code into}. */
    private int gatherLeaves(
        final int parent, final int first, final int k, final int into, final int position, final long total, final int handle)
    {
        int n = 0;
        for (int j = 0; j < k; j++)
        {
            final int leaf = t.children[parent * t.innerStride + first + j];
            window[j] = leaf;
            final int base = leaf * t.leafCapacity;
            final int size = t.leafSizes[leaf];
            for (int i = 0; i < size; i++)
            {
                if (leaf == into && i == position)
                {
                    n = putEntry(n, total, handle, NONE);
                }
                n = putEntry(n, t.leafTotals[base + i], t.leafHandles[base + i], leaf);
            }
            if (leaf == into && position == size)
            {
                n = putEntry(n, total, handle, NONE);
            }
        }
        return n;
    }

    private int putEntry(final int n, final long total, final int handle, final int origin)
    {
        runKeys[n] = total;
        runRefs[n] = handle;
        runOrigins[n] = origin;
        return n + 1;
    }

    /** Spreads the run over {@code newK} leaves: window[0 .. newK-1], adding or dropping the last leaf. */
    private void spreadLeaves(final int parent, final int first, final int k, final int newK, final int entries)
    {
        final int parentBase = parent * t.innerStride + first;
        if (newK > k)
        {
            final int leaf = t.allocateLeaf();
            t.leafNext[leaf] = t.leafNext[window[k - 1]];
            t.leafNext[window[k - 1]] = leaf;
            t.leafParent[leaf] = parent;
            insertSlot(parent, first + k);
            t.children[parentBase + k] = leaf;
            window[k] = leaf;
        }
        else if (newK < k)
        {
            final int dropped = window[k - 1];
            t.leafNext[window[k - 2]] = t.leafNext[dropped];
            removeSlot(parent, first + k - 1);
            t.releaseLeaf(dropped);
        }
        int from = 0;
        for (int j = 0; j < newK; j++)
        {
            final int leaf = window[j];
            final int size = entries / newK + (j < entries % newK ? 1 : 0);
            final int base = leaf * t.leafCapacity;
            System.arraycopy(runKeys, from, t.leafTotals, base, size);
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
                t.keyTotals[parentBase + j] = runKeys[from];
                if (t.ties != null)
                {
                    t.ties.keyOfEntry(parentBase + j, runRefs[from]);
                }
            }
            from += size;
        }
    }

    // ---- inner nodes ----

    /** Copies the slots of inner children first .. first+k-1 of parent into the run; a node's first slot takes the parent's key of that node. */
    private int gatherInner(final int parent, final int first, final int k)
    {
        final int parentBase = parent * t.innerStride + first;
        int n = 0;
        for (int j = 0; j < k; j++)
        {
            final int node = t.children[parentBase + j];
            window[j] = node;
            final int base = node * t.innerStride;
            final int size = t.innerSizes[node];
            for (int i = 0; i < size; i++)
            {
                final int keySlot = i == 0 ? parentBase + j : base + i;
                runKeys[n] = t.keyTotals[keySlot];
                runRefs[n] = t.children[base + i];
                runCounts[n] = t.counts[base + i];
                runOrigins[n] = node;
                if (t.ties != null)
                {
                    t.ties.keyToRun(keySlot, n);
                }
                n++;
            }
        }
        return n;
    }

    private void spreadInner(final int parent, final int first, final int k, final int newK, final int slots)
    {
        final int parentBase = parent * t.innerStride + first;
        if (newK > k)
        {
            final int node = t.allocateInner();
            t.innerParent[node] = parent;
            insertSlot(parent, first + k);
            t.children[parentBase + k] = node;
            window[k] = node;
        }
        else if (newK < k)
        {
            removeSlot(parent, first + k - 1);
            t.releaseInner(window[k - 1]);
        }
        final boolean leafChildren = t.height > 0 && isLeafLevel(window[0]);
        int from = 0;
        for (int j = 0; j < newK; j++)
        {
            final int node = window[j];
            final int size = slots / newK + (j < slots % newK ? 1 : 0);
            final int base = node * t.innerStride;
            int sum = 0;
            for (int i = 0; i < size; i++)
            {
                final int r = from + i;
                final int keySlot = i == 0 ? parentBase + j : base + i;
                t.keyTotals[keySlot] = runKeys[r];
                t.children[base + i] = runRefs[r];
                t.counts[base + i] = runCounts[r];
                if (t.ties != null)
                {
                    t.ties.keyFromRun(r, keySlot);
                }
                if (runOrigins[r] != node)
                {
                    if (leafChildren)
                    {
                        t.leafParent[runRefs[r]] = node;
                    }
                    else
                    {
                        t.innerParent[runRefs[r]] = node;
                    }
                }
                sum += runCounts[r];
            }
            t.innerSizes[node] = size;
            t.counts[parentBase + j] = sum;
            from += size;
        }
    }

    /** Whether the children of inner node {@code node} are leaves: its depth from the root equals the height. */
    private boolean isLeafLevel(final int node)
    {
        int depth = 1;
        for (int n = t.innerParent[node]; n != NONE; n = t.innerParent[n])
        {
            depth++;
        }
        return depth == t.height;
    }

    private void insertSlot(final int node, final int index)
    {
        final int slot = node * t.innerStride + index;
        copySlots(slot, slot + 1, t.innerSizes[node] - index);
        t.innerSizes[node]++;
    }

    private void removeSlot(final int node, final int index)
    {
        final int slot = node * t.innerStride + index;
        copySlots(slot + 1, slot, t.innerSizes[node] - index - 1);
        t.innerSizes[node]--;
    }

    private void copySlots(final int from, final int to, final int length)
    {
        System.arraycopy(t.keyTotals, from, t.keyTotals, to, length);
        System.arraycopy(t.counts, from, t.counts, to, length);
        System.arraycopy(t.children, from, t.children, to, length);
        if (t.ties != null)
        {
            t.ties.copyKeys(from, to, length);
        }
    }
}
