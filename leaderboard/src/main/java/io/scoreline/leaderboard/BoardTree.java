package io.scoreline.leaderboard;

import java.util.Arrays;

/**
 * The structure under a {@link Leaderboard}: a counted B+tree over flat primitive pools, no node
 * objects. Leaves hold handles only, in board order (a handle's total is in {@code totals}, per
 * handle); inner nodes hold one separator total, one
 * subtree count and one child per slot, and every node knows the slot that points at it in its
 * parent ({@code parent * innerStride + index}, the stride a power of two). So:
 * <ul>
 * <li>a removal finds the entry through {@code leafOf[handle]} and walks up the parent slots to
 * take one off each count: no key, no compare, no search;</li>
 * <li>a rank walks up the same way, adding the counts left of the path;</li>
 * <li>an insert that goes last among equal totals (the newest reachedAt, every insert of an
 * arrival-order board) takes its place from {@link ValueCounts} (how many entries have a total at
 * least its own, a few mostly cached reads) and enters the tree by counts alone; a total outside
 * the counted window descends by separator totals instead. Only a general board's out-of-order
 * insert compares (reachedAt, id, handle), through {@link TieKeys}.</li>
 * </ul>
 * Separator {@code key[i]} (i >= 1) lies between the last entry left of child i and child i's first
 * entry, so inserts and removals never touch keys; only {@link Rebalance} sets them.
 * <p>
 * Nodes are kept at least three quarters full (a full window of three splits into four, an
 * underfull window of four merges into three), so the pools preallocated for the capacity hold
 * about 5.3 bytes of leaf a player (plus 8 of total and 4 of leafOf per handle). Only the root and
 * the nodes under a root of at most three children may be less full.
 */
final class BoardTree
{
    static final int NONE = -1;
    /** 256 handles (1 KiB) a leaf: 3-7% faster than 128 or 512 on BoardStreamBenchmark's stream (see the commit). */
    static final int DEFAULT_LEAF_CAPACITY = 256;
    static final int DEFAULT_INNER_CAPACITY = 63;

    final int capacity;
    final int leafCapacity;
    final int leafMin;
    final int innerCapacity;
    final int innerMin;
    /** A power of two above the capacity: an inner node holds the extra child until its overflow is fixed. */
    final int innerStride;
    final int innerShift;

    /** Per handle: the leaf holding it, NONE if absent. */
    final int[] leafOf;

    /** Per handle: its total, valid while it is on the board. */
    final long[] totals;
    /** How many entries have each total, over a window of totals: places an insert inside its leaf. */
    final ValueCounts values;

    final int[] leafHandles;
    final int[] leafSizes;
    /** The next leaf in board order (NONE after the last); links free leaves too. */
    final int[] leafNext;
    /** The slot in the parent that points at the leaf, NONE for a root leaf. */
    final int[] leafSlot;

    /**
     * Separators: {@code keyTotals[node * innerStride + i]} for child i >= 1. Slot 0 holds
     * Long.MAX_VALUE and the slots past the last child Long.MIN_VALUE, so that a count of the keys
     * at least a total needs no bound; {@code keySummary} holds every eighth key of a node.
     */
    final long[] keyTotals;
    final long[] keySummary;
    final int summaryStride;
    final int[] counts;
    final int[] children;
    final int[] innerSizes;
    /** The slot in the parent that points at the node, NONE for the root; links free nodes too. */
    final int[] innerSlot;

    /** Full keys for out-of-order inserts; null on an arrival-order board. */
    final TieKeys ties;

    int root;
    /** Inner levels above the leaves: 0 while the root is a leaf. */
    int height;
    int size;
    private int leafTop;
    private int freeLeaf;
    private int innerTop;
    private int freeInner;
    /** Set by {@link #descendByRank}: the place in the leaf it returned. */
    private int rankDescentIndex;

    private final Rebalance rebalance;

    BoardTree(final int capacity, final int leafCapacity, final int innerCapacity, final TieKeys ties, final ValueCounts values)
    {
        if (capacity < 1 || leafCapacity < 4 || innerCapacity < 8)
        {
            throw new IllegalArgumentException(
                "capacity=" + capacity + " leafCapacity=" + leafCapacity + " innerCapacity=" + innerCapacity);
        }
        this.capacity = capacity;
        this.leafCapacity = leafCapacity;
        this.leafMin = 3 * leafCapacity / 4;
        this.innerCapacity = innerCapacity;
        this.innerMin = 3 * innerCapacity / 4;
        this.innerShift = 32 - Integer.numberOfLeadingZeros(innerCapacity);
        this.innerStride = 1 << innerShift;
        this.ties = ties;
        this.values = values;

        // Every leaf holds leafMin or more, except under a root of at most three children.
        final int maxLeaves = Math.max(capacity / leafMin, 3) + 2;
        // Likewise every inner node holds innerMin children or more, except the root and up to three under it.
        int maxInner = 2;
        for (int nodes = maxLeaves; nodes > 3; )
        {
            nodes = Math.max(nodes / innerMin, 3);
            maxInner += nodes + 1;
        }

        leafOf = new int[capacity];
        totals = new long[capacity];
        leafHandles = new int[maxLeaves * leafCapacity];
        leafSizes = new int[maxLeaves];
        leafNext = new int[maxLeaves];
        leafSlot = new int[maxLeaves];
        keyTotals = new long[maxInner * innerStride];
        summaryStride = innerStride >>> 3;
        keySummary = new long[maxInner * summaryStride];
        counts = new int[maxInner * innerStride];
        children = new int[maxInner * innerStride];
        innerSizes = new int[maxInner];
        innerSlot = new int[maxInner];
        if (ties != null)
        {
            ties.allocateKeys(maxInner * innerStride);
        }
        rebalance = new Rebalance(this);
        clear();
    }

    void clear()
    {
        Arrays.fill(leafOf, NONE);
        leafTop = 0;
        freeLeaf = NONE;
        innerTop = 0;
        freeInner = NONE;
        values.clear();
        root = allocateLeaf();
        leafNext[root] = NONE;
        leafSlot[root] = NONE;
        height = 0;
        size = 0;
    }

    /**
     * Inserts an absent handle; returns its 1-based rank. {@code last}: the entry goes after every
     * entry of equal total (its reachedAt is the newest), so only totals are compared.
     */
    int insert(final int handle, final long total, final boolean last)
    {
        if (last && values.inWindow(total))
        {
            return insertAtRank(handle, total, values.atLeast(total));
        }
        int rank = 0;
        int node = root;
        for (int level = height; level > 0; level--)
        {
            final int base = node * innerStride;
            final int index = last ? childIndexByTotal(node, innerSizes[node], total) : ties.childIndex(this, node, handle, total);
            rank += sumCounts(base, index);
            counts[base + index]++;
            node = children[base + index];
        }
        final int position = last ? leafPositionByTotal(node, total) : ties.leafPosition(this, node, handle, total);
        place(node, position, handle, total);
        return rank + position + 1;
    }

    /**
     * Inserts handle at rank {@code ahead + 1}: the place the value counts give an entry that goes
     * last among equal totals. Enters the tree by counts alone.
     */
    int insertAtRank(final int handle, final long total, final int ahead)
    {
        final int leaf = descendByRank(ahead, total, true);
        place(leaf, rankDescentIndex, handle, total);
        return ahead + 1;
    }

    /**
     * The leaf an entry of this total goes to when {@code ahead} entries go before it (last among
     * equal totals), by counts alone; its place in the leaf is left in {@link #rankDescentIndex}.
     * {@code counting}: add one to each count on the way down (an insert), else only read (a prefetch).
     */
    int descendByRank(final int ahead, final long total, final boolean counting)
    {
        int node = root;
        int index = ahead;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            final int last = base + innerSizes[node] - 1;
            int slot = base;
            // At a boundary the separator decides: an entry of total at most key[i] goes into child i.
            while (slot < last && (index > counts[slot] || index == counts[slot] && keyTotals[slot + 1] >= total))
            {
                index -= counts[slot++];
            }
            if (counting)
            {
                counts[slot]++;
            }
            node = children[slot];
        }
        rankDescentIndex = index;
        return node;
    }

    private void place(final int leaf, final int position, final int handle, final long total)
    {
        totals[handle] = total;
        values.add(total, 1);
        size++;
        if (leafSizes[leaf] < leafCapacity)
        {
            insertAt(leaf, position, handle);
        }
        else
        {
            rebalance.onLeafOverflow(leaf, position, handle);
        }
    }

    /**
     * Lays the tree out afresh from {@code count} handles in board order, whose totals are set and
     * which {@link #values} already counts: leaves and inner nodes about 7/8 full, every node at
     * least three quarters full except under a root of at most three children, as {@link Rebalance}
     * keeps them. {@code order} may be {@link #leafOf} itself (a catch-up builds the order there);
     * leafOf is left as it is: {@link #rebuildLeafOf} before anything reads it. O(count), no allocation.
     */
    void bulkLoad(final int[] order, final int count)
    {
        leafTop = 0;
        freeLeaf = NONE;
        innerTop = 0;
        freeInner = NONE;
        size = count;
        final int leaves = nodesFor(count, leafCapacity, leafMin);
        int from = 0;
        for (int j = 0; j < leaves; j++)
        {
            final int leaf = allocateLeaf();
            final int n = count / leaves + (j < count % leaves ? 1 : 0);
            System.arraycopy(order, from, leafHandles, leaf * leafCapacity, n);
            leafSizes[leaf] = n;
            leafNext[leaf] = j + 1 < leaves ? leaf + 1 : NONE;
            leafSlot[leaf] = NONE;
            from += n;
        }
        int first = 0;
        int nodes = leaves;
        height = 0;
        while (nodes > 1)
        {
            final int parents = nodesFor(nodes, innerCapacity, innerMin);
            final int firstParent = innerTop;
            int child = first;
            for (int k = 0; k < parents; k++)
            {
                final int node = allocateInner();
                final int n = nodes / parents + (k < nodes % parents ? 1 : 0);
                final int base = node << innerShift;
                for (int i = 0; i < n; i++, child++)
                {
                    children[base + i] = child;
                    if (height == 0)
                    {
                        counts[base + i] = leafSizes[child];
                        leafSlot[child] = base + i;
                    }
                    else
                    {
                        counts[base + i] = sumCounts(child << innerShift, innerSizes[child]);
                        innerSlot[child] = base + i;
                    }
                    keyTotals[base + i] = i == 0 ? Long.MAX_VALUE : firstTotal(child, height);
                }
                innerSizes[node] = n;
                refreshKeys(node);
            }
            first = firstParent;
            nodes = parents;
            height++;
        }
        root = first;
        if (height > 0)
        {
            innerSlot[root] = NONE;
        }
    }

    /** Sets {@link #leafOf} from the leaves (after a {@link #bulkLoad}): one pass, a scattered write a handle. */
    void rebuildLeafOf()
    {
        Arrays.fill(leafOf, NONE);
        for (int leaf = firstLeaf(); leaf != NONE && size > 0; leaf = leafNext[leaf])
        {
            final int base = leaf * leafCapacity;
            for (int p = base, end = base + leafSizes[leaf]; p < end; p++)
            {
                leafOf[leafHandles[p]] = leaf;
            }
        }
    }

    int firstLeaf()
    {
        int node = root;
        for (int level = height; level > 0; level--)
        {
            node = children[node << innerShift];
        }
        return node;
    }

    /** Entries with a total of at least {@code total}: by separator totals and a binary search in one leaf, no value counts, no leafOf. */
    int countAtLeast(final long total)
    {
        int rank = 0;
        int node = root;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            final int index = Math.max(childIndexByTotal(node, innerSizes[node], total), 0);
            rank += sumCounts(base, index);
            node = children[base + index];
        }
        return rank + leafPositionByTotal(node, total);
    }

    /**
     * Entries ahead of a present handle among those of its own total, by walking its group from the
     * group's first entry (found by total): reads no leafOf, so it works right after a bulkLoad.
     */
    int placeAmongEqual(final int handle, final long total)
    {
        final int start = total == Long.MAX_VALUE ? 0 : countAtLeast(total + 1);
        int node = root;
        int index = start;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            int i = 0;
            while (index >= counts[base + i] && i < innerSizes[node] - 1)
            {
                index -= counts[base + i];
                i++;
            }
            node = children[base + i];
        }
        int ahead = 0;
        for (int leaf = node, p = index; leaf != NONE; leaf = leafNext[leaf], p = 0)
        {
            final int base = leaf * leafCapacity;
            for (int end = leafSizes[leaf]; p < end; p++)
            {
                if (leafHandles[base + p] == handle)
                {
                    return ahead;
                }
                ahead++;
            }
        }
        throw new IllegalStateException("handle " + handle + " not among the entries of total " + total);
    }

    /** How many nodes hold m items about 7/8 full, each at least min unless there are at most three. */
    private static int nodesFor(final int m, final int capacity, final int min)
    {
        final int fill = capacity - capacity / 8;
        int nodes = Math.max(1, (m + fill - 1) / fill);
        if (nodes > 3 && m / nodes < min)
        {
            nodes = m / min;
        }
        return nodes;
    }

    /** Total of the first entry under node, which is {@code level} levels above the leaves (0: a leaf). */
    private long firstTotal(final int node, final int level)
    {
        int n = node;
        for (int l = level; l > 0; l--)
        {
            n = children[n << innerShift];
        }
        return totals[leafHandles[n * leafCapacity]];
    }

    /** Removes a present handle: its counts are taken off on the way up from its leaf. */
    void remove(final int handle)
    {
        final int leaf = leafOf[handle];
        final int position = positionOf(leaf, handle);
        for (int slot = leafSlot[leaf]; slot != NONE; slot = innerSlot[slot >>> innerShift])
        {
            counts[slot]--;
        }
        final int base = leaf * leafCapacity;
        System.arraycopy(leafHandles, base + position + 1, leafHandles, base + position, leafSizes[leaf] - position - 1);
        leafSizes[leaf]--;
        leafOf[handle] = NONE;
        values.add(totals[handle], -1);
        size--;
        if (leafSizes[leaf] < leafMin && height > 0)
        {
            rebalance.onLeafUnderflow(leaf);
        }
    }

    /** 1-based rank of a present handle: its place in its leaf plus the counts left of the path up. */
    int rankOf(final int handle)
    {
        final int leaf = leafOf[handle];
        int rank = positionOf(leaf, handle) + 1;
        final int mask = innerStride - 1;
        for (int slot = leafSlot[leaf]; slot != NONE; slot = innerSlot[slot >>> innerShift])
        {
            rank += sumCounts(slot & ~mask, slot & mask);
        }
        return rank;
    }

    long totalOf(final int handle)
    {
        return totals[handle];
    }

    /** The neighbour a rebalance would pair this leaf with (see {@link Rebalance#partnerOf}). */
    int partnerOf(final int leaf, final boolean overflow)
    {
        return rebalance.partnerOf(leaf, overflow);
    }

    /** The leaf an entry of this total would go to (last among equal totals). Reads inner nodes only. */
    int leafFor(final long total)
    {
        int node = root;
        for (int level = height; level > 0; level--)
        {
            node = children[(node << innerShift) + childIndexByTotal(node, innerSizes[node], total)];
        }
        return node;
    }

    /**
     * The last child whose separator total is at least {@code total} (0 if none). Keys are
     * non-increasing, so this counts them: first the summary (every eighth key), then the eight
     * keys of the block it points at. Two dependent reads of independent loads instead of a binary
     * search's six dependent probes; counted without branches (the JIT emits conditional moves).
     */
    int childIndexByTotal(final int node, final int childCount, final long total)
    {
        final int summary = node * summaryStride;
        int blocks = 0;
        for (int j = 0; j < summaryStride; j++)
        {
            blocks += keySummary[summary + j] >= total ? 1 : 0;
        }
        final int block = (node << innerShift) + ((blocks - 1) << 3);
        int count = (blocks - 1) << 3;
        for (int i = 0; i < 8; i++)
        {
            count += keyTotals[block + i] >= total ? 1 : 0;
        }
        return Math.min(count, childCount) - 1;
    }

    /** Restores a node's key padding and summary after its slots changed. */
    void refreshKeys(final int node)
    {
        final int base = node << innerShift;
        keyTotals[base] = Long.MAX_VALUE;
        Arrays.fill(keyTotals, base + innerSizes[node], base + innerStride, Long.MIN_VALUE);
        final int summary = node * summaryStride;
        for (int j = 0; j < summaryStride; j++)
        {
            keySummary[summary + j] = keyTotals[base + (j << 3)];
        }
    }

    /**
     * Number of entries of the leaf with a total of at least {@code total}, by their totals: a
     * binary search with a cache miss a probe, for a total outside the window of value counts.
     */
    int leafPositionByTotal(final int leaf, final long total)
    {
        final int base = leaf * leafCapacity;
        int low = 0;
        int high = leafSizes[leaf];
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (totals[leafHandles[base + mid]] >= total)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    int positionOf(final int leaf, final int handle)
    {
        final int base = leaf * leafCapacity;
        final int end = base + leafSizes[leaf];
        for (int slot = base; slot < end; slot++)
        {
            if (leafHandles[slot] == handle)
            {
                return slot - base;
            }
        }
        throw new IllegalStateException("handle " + handle + " not in its leaf " + leaf);
    }

    int sumCounts(final int base, final int length)
    {
        int sum = 0;
        for (int i = base; i < base + length; i++)
        {
            sum += counts[i];
        }
        return sum;
    }

    private void insertAt(final int leaf, final int position, final int handle)
    {
        final int base = leaf * leafCapacity;
        System.arraycopy(leafHandles, base + position, leafHandles, base + position + 1, leafSizes[leaf] - position);
        leafHandles[base + position] = handle;
        leafSizes[leaf]++;
        leafOf[handle] = leaf;
    }

    // ---- pools ----

    int allocateLeaf()
    {
        final int leaf;
        if (freeLeaf != NONE)
        {
            leaf = freeLeaf;
            freeLeaf = leafNext[leaf];
        }
        else if (leafTop < leafSizes.length)
        {
            leaf = leafTop++;
        }
        else
        {
            throw new IllegalStateException("leaf pool exhausted");
        }
        leafSizes[leaf] = 0;
        return leaf;
    }

    void releaseLeaf(final int leaf)
    {
        leafNext[leaf] = freeLeaf;
        freeLeaf = leaf;
    }

    int allocateInner()
    {
        final int node;
        if (freeInner != NONE)
        {
            node = freeInner;
            freeInner = innerSlot[node];
        }
        else if (innerTop < innerSizes.length)
        {
            node = innerTop++;
        }
        else
        {
            throw new IllegalStateException("inner pool exhausted");
        }
        innerSizes[node] = 0;
        return node;
    }

    void releaseInner(final int node)
    {
        innerSlot[node] = freeInner;
        freeInner = node;
    }

    /** Bytes held by the arrays of the tree (and of its tie keys). */
    long allocatedBytes()
    {
        return 8L * (totals.length + keyTotals.length + keySummary.length) + values.allocatedBytes() +
            4L * (leafOf.length + leafHandles.length + leafSizes.length + leafNext.length + leafSlot.length +
            counts.length + children.length + innerSizes.length + innerSlot.length) +
            (ties == null ? 0 : ties.allocatedBytes());
    }
}
