package io.scoreline.leaderboard;

import java.util.Arrays;

import static io.scoreline.leaderboard.BoardTree.NONE;

/**
 * DESIGN B (experiment, arrival order only): the board as a rope of handles in board order, with
 * no totals in it. A moved player's place is {@code count(total >= t)} among the others, from
 * {@link ValueCounts} over a window of totals; the rope is then entered by position (counts only,
 * no keys). Per handle: its total and its leaf. Leaves: handles only (4 bytes an entry).
 * Totals outside the window are placed by a binary search over the rope (slow, correct).
 */
final class RopeBoard
{
    final int capacity;
    final int leafCapacity;
    final int leafMin;
    final int innerCapacity;
    final int innerMin;
    final int innerShift;
    final int innerStride;

    final long[] totals;
    final int[] leafOf;
    final int[] leafHandles;
    final int[] leafSizes;
    final int[] leafNext;
    final int[] leafSlot;
    final int[] counts;
    final int[] children;
    final int[] innerSizes;
    final int[] innerSlot;
    final ValueCounts values;
    private final Leaderboard.IdSource ids;

    int root;
    int height;
    int size;
    private int leafTop;
    private int freeLeaf;
    private int innerTop;
    private int freeInner;
    private long maxReachedAt;
    private int rankedHandle;
    private int rankedRank;
    private long prefetchSink;
    private final RopeRebalance rebalance;

    RopeBoard(final int capacity, final int leafCapacity, final int innerCapacity, final Leaderboard.IdSource ids,
        final long windowBase, final int windowShift)
    {
        this.capacity = capacity;
        this.leafCapacity = leafCapacity;
        this.leafMin = 3 * leafCapacity / 4;
        this.innerCapacity = innerCapacity;
        this.innerMin = 3 * innerCapacity / 4;
        this.innerShift = 32 - Integer.numberOfLeadingZeros(innerCapacity);
        this.innerStride = 1 << innerShift;
        this.ids = ids;
        final int maxLeaves = Math.max(capacity / leafMin, 3) + 2;
        int maxInner = 2;
        for (int nodes = maxLeaves; nodes > 3; )
        {
            nodes = Math.max(nodes / innerMin, 3);
            maxInner += nodes + 1;
        }
        totals = new long[capacity];
        leafOf = new int[capacity];
        leafHandles = new int[maxLeaves * leafCapacity];
        leafSizes = new int[maxLeaves];
        leafNext = new int[maxLeaves];
        leafSlot = new int[maxLeaves];
        counts = new int[maxInner * innerStride];
        children = new int[maxInner * innerStride];
        innerSizes = new int[maxInner];
        innerSlot = new int[maxInner];
        values = new ValueCounts(windowBase, windowShift);
        rebalance = new RopeRebalance(this);
        clear();
    }

    void clear()
    {
        Arrays.fill(leafOf, NONE);
        leafTop = 0;
        freeLeaf = NONE;
        innerTop = 0;
        freeInner = NONE;
        root = allocateLeaf();
        leafNext[root] = NONE;
        leafSlot[root] = NONE;
        height = 0;
        size = 0;
        values.clear();
        maxReachedAt = Long.MIN_VALUE;
        rankedHandle = NONE;
    }

    void update(final int handle, final long id, final long total, final long reachedAt)
    {
        if (reachedAt <= maxReachedAt)
        {
            throw new IllegalArgumentException("arrival-order board: reachedAt " + reachedAt + " is not after " + maxReachedAt);
        }
        maxReachedAt = reachedAt;
        if (leafOf[handle] != NONE)
        {
            remove(handle);
        }
        final int position = atLeast(total);
        insertAt(handle, position);
        totals[handle] = total;
        values.add(total, 1);
        size++;
        rankedRank = position + 1;
        rankedHandle = handle;
    }

    int rank(final int handle)
    {
        if (handle == rankedHandle)
        {
            return rankedRank;
        }
        if (leafOf[handle] == NONE)
        {
            return 0;
        }
        final int leaf = leafOf[handle];
        int rank = positionOf(leaf, handle) + 1;
        final int mask = innerStride - 1;
        for (int slot = leafSlot[leaf]; slot != NONE; slot = innerSlot[slot >>> innerShift])
        {
            rank += sumCounts(slot & ~mask, slot & mask);
        }
        rankedHandle = handle;
        rankedRank = rank;
        return rank;
    }

    boolean contains(final int handle)
    {
        return leafOf[handle] != NONE;
    }

    long total(final int handle)
    {
        return leafOf[handle] == NONE ? 0 : totals[handle];
    }

    void prefetchHandle(final int handle)
    {
        prefetchSink += leafOf[handle] + totals[handle];
    }

    void prefetchLeaves(final int handle, final long total)
    {
        final int leaf = leafOf[handle];
        if (leaf != NONE)
        {
            touchLeaf(leaf);
            if (leafSizes[leaf] <= leafMin)
            {
                touchLeaf(rebalance.partnerOf(leaf, false));
            }
            prefetchSink += values.touch(totals[handle]);
        }
        prefetchSink += values.touch(total);
        if (values.inWindow(total))
        {
            final int target = leafAt(values.atLeast(total));
            touchLeaf(target);
            if (leafSizes[target] >= leafCapacity)
            {
                touchLeaf(rebalance.partnerOf(target, true));
            }
        }
    }

    private void touchLeaf(final int leaf)
    {
        if (leaf == NONE)
        {
            return;
        }
        final int base = leaf * leafCapacity;
        final int end = base + leafCapacity - 1;
        long sum = leafSizes[leaf];
        for (int i = base; i < end; i += 16)
        {
            sum += leafHandles[i];
        }
        prefetchSink += sum + leafHandles[end];
    }

    /** Entries with a total of at least {@code total}. */
    private int atLeast(final long total)
    {
        if (values.inWindow(total))
        {
            return values.atLeast(total);
        }
        // Outside the window: the entries at or above total are a prefix of the rope; find its end.
        int low = 0;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (totals[handleAt(mid)] >= total)
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

    /** The leaf holding position (0-based) of the rope, or the last leaf for position == size. */
    int leafAt(final int position)
    {
        int node = root;
        int index = position;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            final int child = childAt(base, innerSizes[node], index, false);
            index = childRest;
            node = children[base + child];
        }
        return node;
    }

    private int handleAt(final int position)
    {
        int node = root;
        int index = position;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            final int child = childAt(base, innerSizes[node], index, false);
            index = childRest;
            node = children[base + child];
        }
        return leafHandles[node * leafCapacity + index];
    }

    /**
     * The child of a node (counts at base) holding position {@code index}, which becomes the
     * position inside that child: {@code insert}: an index at a child's end stays in that child.
     */
    int childAt(final int base, final int childCount, final int index, final boolean insert)
    {
        final int last = base + childCount - 1;
        int slot = base;
        int rest = index;
        if (insert)
        {
            while (slot < last && rest > counts[slot])
            {
                rest -= counts[slot++];
            }
        }
        else
        {
            while (slot < last && rest >= counts[slot])
            {
                rest -= counts[slot++];
            }
        }
        childRest = rest;
        return slot - base;
    }

    /** The position inside the child found by the last {@link #childAt}. */
    private int childRest;

    private void insertAt(final int handle, final int position)
    {
        int node = root;
        int index = position;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            final int child = childAt(base, innerSizes[node], index, true);
            index = childRest;
            counts[base + child]++;
            node = children[base + child];
        }
        if (leafSizes[node] < leafCapacity)
        {
            final int base = node * leafCapacity;
            System.arraycopy(leafHandles, base + index, leafHandles, base + index + 1, leafSizes[node] - index);
            leafHandles[base + index] = handle;
            leafSizes[node]++;
            leafOf[handle] = node;
        }
        else
        {
            rebalance.onLeafOverflow(node, index, handle);
        }
    }

    private void remove(final int handle)
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

    /** Visits ranks offset+1 .. offset+limit in order. */
    int forEachInRange(final int offset, final int limit, final Leaderboard.EntryConsumer consumer)
    {
        final int from = Math.max(offset, 0);
        if (limit <= 0 || from >= size)
        {
            return 0;
        }
        final int wanted = (int)Math.min((long)size - from, limit);
        int node = root;
        int index = from;
        for (int level = height; level > 0; level--)
        {
            final int base = node << innerShift;
            final int child = childAt(base, innerSizes[node], index, false);
            index = childRest;
            node = children[base + child];
        }
        int visited = 0;
        int position = index;
        for (int leaf = node; visited < wanted && leaf != NONE; leaf = leafNext[leaf], position = 0)
        {
            final int base = leaf * leafCapacity;
            final int end = Math.min(leafSizes[leaf], position + wanted - visited);
            for (int p = position; p < end; p++)
            {
                visited++;
                final int handle = leafHandles[base + p];
                consumer.accept(from + visited, ids.id(handle), totals[handle]);
            }
        }
        return visited;
    }

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

    long allocatedBytes()
    {
        return 8L * totals.length + 4L * (leafOf.length + leafHandles.length + leafSizes.length + leafNext.length +
            leafSlot.length + counts.length + children.length + innerSizes.length + innerSlot.length) + values.allocatedBytes();
    }
}
