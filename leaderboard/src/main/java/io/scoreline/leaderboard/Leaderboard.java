package io.scoreline.leaderboard;

import java.util.Arrays;

/**
 * A ranked board in GAME.md section 6 order: total descending, then reachedAt ascending, then id
 * ascending (then handle, so that keys are unique even if ids repeat).
 * <p>
 * A counted B+tree over flat primitive pools, no node objects. Leaves hold (total, handle) inline so a
 * leaf search reads one contiguous run of longs; reachedAt and id sit side by side per handle and are read
 * only on a tie of totals, and not even then when the new reachedAt is the newest the board has seen (the
 * usual case: a changed total takes the newest ordinal, so it goes last among equal totals). Inner nodes
 * hold full separator keys and a subtree count per child, so a rank is the sum of the counts to the left
 * of the path. Leaves are kept at least two thirds full (overflow spills to a neighbour, two full leaves
 * split into three, underflow borrows or merges three into two), which bounds the preallocated pools.
 * <p>
 * Single-threaded: the owning stage calls every method. No method allocates after construction.
 */
public final class Leaderboard implements Ranking
{
    static final int DEFAULT_LEAF_CAPACITY = 128;
    static final int DEFAULT_INNER_CAPACITY = 64;

    private static final int NONE = -1;
    private static final int MAX_HEIGHT = 64;

    private final int capacity;
    private final int leafCapacity;
    private final int leafMin;
    private final int leafStride;
    private final int innerCapacity;
    private final int innerMin;
    private final int innerStride;

    // Per handle. Ids come from an IdSource when the owner already keeps them (8 bytes a player less).
    private final long[] reachedAts;
    private final long[] ids;
    private final IdSource idSource;
    private final int[] leafOf;

    // Leaf pool: slot = leaf * leafStride + position; one spare slot per leaf takes the overflowing insert.
    private final long[] leafTotals;
    private final int[] leafHandles;
    private final int[] leafSizes;
    private final int[] leafNext;

    // Inner pool: slot = node * innerStride + child index; key[i] is a lower bound of child i (i >= 1).
    private final long[] keyTotals;
    private final long[] keyReachedAts;
    private final long[] keyIds;
    private final int[] keyHandles;
    private final int[] children;
    private final int[] counts;
    private final int[] innerSizes;

    // Path of the last descent: pathNodes[level] is the inner node at that level, pathIndexes[level] the child taken.
    private final int[] pathNodes = new int[MAX_HEIGHT];
    private final int[] pathIndexes = new int[MAX_HEIGHT];

    private int leafTop;
    private int freeLeaf;
    private int innerTop;
    private int freeInner;
    private int root;
    private int height;
    private int size;
    private long maxReachedAt;
    private int rankedHandle;
    private int rankedRank;
    private long prefetchSink;

    public Leaderboard(final int capacity)
    {
        this(capacity, DEFAULT_LEAF_CAPACITY, DEFAULT_INNER_CAPACITY, null);
    }

    /**
     * A board that reads ids from their owner instead of storing them. The source must answer
     * for every handle on the board, from the board's thread.
     */
    public Leaderboard(final int capacity, final IdSource idSource)
    {
        this(capacity, DEFAULT_LEAF_CAPACITY, DEFAULT_INNER_CAPACITY, idSource);
    }

    /** Node capacities are open to tests so that a small board builds a deep tree. */
    Leaderboard(final int capacity, final int leafCapacity, final int innerCapacity)
    {
        this(capacity, leafCapacity, innerCapacity, null);
    }

    private Leaderboard(final int capacity, final int leafCapacity, final int innerCapacity, final IdSource idSource)
    {
        this.idSource = idSource;
        if (capacity < 1 || leafCapacity < 4 || innerCapacity < 6)
        {
            throw new IllegalArgumentException(
                "capacity=" + capacity + " leafCapacity=" + leafCapacity + " innerCapacity=" + innerCapacity);
        }
        this.capacity = capacity;
        this.leafCapacity = leafCapacity;
        this.leafMin = 2 * leafCapacity / 3;
        this.leafStride = leafCapacity + 1;
        this.innerCapacity = innerCapacity;
        this.innerMin = innerCapacity / 2;
        this.innerStride = innerCapacity + 1;

        // Only leaves under a two-child root may be below leafMin, and there are then just two of them.
        final int maxLeaves = capacity / leafMin + 3;
        int maxInner = 2;
        for (int level = maxLeaves; level > 1; )
        {
            level = level / innerMin + 1;
            maxInner += level;
        }

        reachedAts = new long[capacity];
        ids = idSource == null ? new long[capacity] : null;
        leafOf = new int[capacity];
        leafTotals = new long[maxLeaves * leafStride];
        leafHandles = new int[maxLeaves * leafStride];
        leafSizes = new int[maxLeaves];
        leafNext = new int[maxLeaves];
        keyTotals = new long[maxInner * innerStride];
        keyReachedAts = new long[maxInner * innerStride];
        keyIds = new long[maxInner * innerStride];
        keyHandles = new int[maxInner * innerStride];
        children = new int[maxInner * innerStride];
        counts = new int[maxInner * innerStride];
        innerSizes = new int[maxInner];
        clear();
    }

    /**
     * Inserts handle, or moves it to its new (total, reachedAt). O(log n), no allocation.
     * An update that changes nothing leaves the board as it is.
     */
    public void update(final int handle, final long id, final long total, final long reachedAt)
    {
        final int leaf = leafOf[handle];
        if (leaf != NONE)
        {
            final int slot = slotOf(leaf, handle);
            final long oldTotal = leafTotals[slot];
            if (oldTotal == total && reachedAtOf(handle) == reachedAt && idOf(handle) == id)
            {
                return;
            }
            remove(handle, oldTotal, slot - leaf * leafStride);
        }

        final boolean newest = reachedAt > maxReachedAt;
        if (newest)
        {
            maxReachedAt = reachedAt;
        }
        reachedAts[handle] = reachedAt;
        if (ids != null)
        {
            ids[handle] = id;
        }
        rankedRank = insert(handle, id, total, reachedAt, newest);
        rankedHandle = handle;
    }

    /**
     * Prefetch, phase 1 of 2, for a coming {@link #update}: loads the handle's own entries. The
     * board stage calls the phases for a group of upcoming events before updating them, so
     * their cache misses overlap instead of queuing. Reads only; the sink keeps the loads.
     */
    public void prefetchHandle(final int handle)
    {
        prefetchSink += leafOf[handle] + reachedAts[handle];
    }

    /** Prefetch, phase 2 of 2: loads the handle's current leaf and the leaf {@code total} goes to. */
    public void prefetchLeaves(final int handle, final long total)
    {
        final int leaf = leafOf[handle];
        if (leaf != NONE)
        {
            prefetchSink += leafHandles[leaf * leafStride] + leafSizes[leaf];
        }
        int node = root;
        for (int level = height; level > 0; level--)
        {
            node = children[node * innerStride + childIndex(node, handle, Long.MAX_VALUE, total, Long.MAX_VALUE)];
        }
        prefetchSink += leafTotals[node * leafStride + (leafSizes[node] >> 1)];
    }

    public boolean contains(final int handle)
    {
        return leafOf[handle] != NONE;
    }

    /** Current stored total, 0 for an absent handle. */
    public long total(final int handle)
    {
        final int leaf = leafOf[handle];
        return leaf == NONE ? 0 : leafTotals[slotOf(leaf, handle)];
    }

    /** Stored id, 0 for an absent handle. */
    public long id(final int handle)
    {
        return leafOf[handle] == NONE ? 0 : idOf(handle);
    }

    /** 1-based rank of a present handle, 0 if absent. O(1) right after its update, else O(log n). */
    public int rank(final int handle)
    {
        if (handle == rankedHandle)
        {
            return rankedRank;
        }
        final int leaf = leafOf[handle];
        if (leaf == NONE)
        {
            return 0;
        }
        final int slot = slotOf(leaf, handle);
        final long total = leafTotals[slot];
        final long reachedAt = reachedAtOf(handle);
        final long id = idOf(handle);
        int rank = 0;
        int node = root;
        for (int level = height; level > 0; level--)
        {
            final int base = node * innerStride;
            final int index = childIndex(node, handle, id, total, reachedAt);
            for (int i = 0; i < index; i++)
            {
                rank += counts[base + i];
            }
            node = children[base + index];
        }
        rankedHandle = handle;
        rankedRank = rank + slot - leaf * leafStride + 1;
        return rankedRank;
    }

    @Override
    public int size()
    {
        return size;
    }

    public int capacity()
    {
        return capacity;
    }

    /**
     * Visits entries at ranks offset+1 .. offset+limit in order; returns the number visited.
     * A negative offset counts as 0. The consumer must not update this board.
     */
    @Override
    public int forEachInRange(final int offset, final int limit, final EntryConsumer consumer)
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
            final int base = node * innerStride;
            int i = 0;
            while (index >= counts[base + i])
            {
                index -= counts[base + i];
                i++;
            }
            node = children[base + i];
        }

        int visited = 0;
        int position = index;
        for (int leaf = node; visited < wanted; leaf = leafNext[leaf], position = 0)
        {
            final int base = leaf * leafStride;
            final int end = Math.min(leafSizes[leaf], position + wanted - visited);
            for (int p = position; p < end; p++)
            {
                visited++;
                consumer.accept(from + visited, idOf(leafHandles[base + p]), leafTotals[base + p]);
            }
        }
        return visited;
    }

    /**
     * Visits up to {@code before} entries ahead of handle, the handle itself, and up to {@code after} behind it,
     * in rank order; returns the number visited, 0 if the handle is absent. Negative counts mean 0.
     */
    public int forEachAround(final int handle, final int before, final int after, final EntryConsumer consumer)
    {
        final int rank = rank(handle);
        if (rank == 0)
        {
            return 0;
        }
        final long first = Math.max(1L, (long)rank - Math.max(before, 0));
        final long last = Math.min(size, (long)rank + Math.max(after, 0));
        return forEachInRange((int)(first - 1), (int)(last - first + 1), consumer);
    }

    public void clear()
    {
        Arrays.fill(leafOf, NONE);
        leafTop = 0;
        freeLeaf = NONE;
        innerTop = 0;
        freeInner = NONE;
        root = allocateLeaf();
        leafNext[root] = NONE;
        height = 0;
        size = 0;
        maxReachedAt = Long.MIN_VALUE;
        rankedHandle = NONE;
    }

    /** Where a board without its own id array reads a handle's id. */
    @FunctionalInterface
    public interface IdSource
    {
        long id(int handle);
    }

    /** Receives one entry of a range walk. */
    @FunctionalInterface
    public interface EntryConsumer
    {
        void accept(int rank, long id, long total);
    }

    private long reachedAtOf(final int handle)
    {
        return reachedAts[handle];
    }

    private long idOf(final int handle)
    {
        return ids != null ? ids[handle] : idSource.id(handle);
    }

    private int slotOf(final int leaf, final int handle)
    {
        final int base = leaf * leafStride;
        final int end = base + leafSizes[leaf];
        for (int slot = base; slot < end; slot++)
        {
            if (leafHandles[slot] == handle)
            {
                return slot;
            }
        }
        throw new IllegalStateException("handle " + handle + " not in its leaf " + leaf);
    }

    private void remove(final int handle, final long total, final int position)
    {
        final long reachedAt = reachedAtOf(handle);
        final long id = idOf(handle);
        int node = root;
        for (int level = height; level > 0; level--)
        {
            final int index = childIndex(node, handle, id, total, reachedAt);
            pathNodes[level] = node;
            pathIndexes[level] = index;
            final int slot = node * innerStride + index;
            counts[slot]--;
            node = children[slot];
        }

        final int base = node * leafStride;
        final int tail = leafSizes[node] - position - 1;
        System.arraycopy(leafTotals, base + position + 1, leafTotals, base + position, tail);
        System.arraycopy(leafHandles, base + position + 1, leafHandles, base + position, tail);
        leafSizes[node]--;
        leafOf[handle] = NONE;
        size--;
        rankedHandle = NONE;

        if (height > 0 && leafSizes[node] < leafMin)
        {
            onLeafUnderflow(node);
        }
    }

    private int insert(final int handle, final long id, final long total, final long reachedAt, final boolean newest)
    {
        int rank = 0;
        int node = root;
        for (int level = height; level > 0; level--)
        {
            final int base = node * innerStride;
            final int index = childIndex(node, handle, id, total, reachedAt);
            pathNodes[level] = node;
            pathIndexes[level] = index;
            for (int i = 0; i < index; i++)
            {
                rank += counts[base + i];
            }
            counts[base + index]++;
            node = children[base + index];
        }

        final int position = leafPosition(node, handle, id, total, reachedAt, newest);
        final int base = node * leafStride;
        final int tail = leafSizes[node] - position;
        System.arraycopy(leafTotals, base + position, leafTotals, base + position + 1, tail);
        System.arraycopy(leafHandles, base + position, leafHandles, base + position + 1, tail);
        leafTotals[base + position] = total;
        leafHandles[base + position] = handle;
        leafSizes[node]++;
        leafOf[handle] = node;
        size++;

        if (leafSizes[node] > leafCapacity)
        {
            onLeafOverflow(node);
        }
        return rank + position + 1;
    }

    /** Index of the child of node whose range holds the key: the last i >= 1 with key[i] not after it, else 0. */
    private int childIndex(final int node, final int handle, final long id, final long total, final long reachedAt)
    {
        final int base = node * innerStride;
        int low = 1;
        int high = innerSizes[node] - 1;
        int result = 0;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (isAheadOfSeparator(base + mid, handle, id, total, reachedAt))
            {
                high = mid - 1;
            }
            else
            {
                result = mid;
                low = mid + 1;
            }
        }
        return result;
    }

    private boolean isAheadOfSeparator(
        final int slot, final int handle, final long id, final long total, final long reachedAt)
    {
        final long keyTotal = keyTotals[slot];
        if (total != keyTotal)
        {
            return total > keyTotal;
        }
        final long keyReachedAt = keyReachedAts[slot];
        if (reachedAt != keyReachedAt)
        {
            return reachedAt < keyReachedAt;
        }
        final long keyId = keyIds[slot];
        if (id != keyId)
        {
            return id < keyId;
        }
        return handle < keyHandles[slot];
    }

    /** Number of entries of the leaf ahead of the key. */
    private int leafPosition(
        final int leaf, final int handle, final long id, final long total, final long reachedAt, final boolean newest)
    {
        final int base = leaf * leafStride;
        int low = 0;
        int high = leafSizes[leaf];
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (isEntryAhead(base + mid, handle, id, total, reachedAt, newest))
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

    private boolean isEntryAhead(
        final int slot, final int handle, final long id, final long total, final long reachedAt, final boolean newest)
    {
        final long entryTotal = leafTotals[slot];
        if (entryTotal != total)
        {
            return entryTotal > total;
        }
        if (newest)
        {
            return true;
        }
        final int entryHandle = leafHandles[slot];
        final long entryReachedAt = reachedAtOf(entryHandle);
        if (entryReachedAt != reachedAt)
        {
            return entryReachedAt < reachedAt;
        }
        final long entryId = idOf(entryHandle);
        if (entryId != id)
        {
            return entryId < id;
        }
        return entryHandle < handle;
    }

    // ---- restructuring, off the common path ----

    private void onLeafOverflow(final int leaf)
    {
        if (height == 0)
        {
            final int sibling = allocateLeaf();
            final int newRoot = allocateInner();
            final int base = newRoot * innerStride;
            leafNext[sibling] = leafNext[leaf];
            leafNext[leaf] = sibling;
            children[base] = leaf;
            children[base + 1] = sibling;
            innerSizes[newRoot] = 2;
            root = newRoot;
            height = 1;
            shiftEntries(newRoot, 0, leafSizes[leaf] / 2);
            return;
        }

        final int parent = pathNodes[1];
        final int index = pathIndexes[1];
        final int base = parent * innerStride;
        final int childCount = innerSizes[parent];
        final int own = leafSizes[leaf];
        if (index > 0)
        {
            final int left = leafSizes[children[base + index - 1]];
            if (left < leafCapacity)
            {
                shiftEntries(parent, index - 1, (left + own) / 2);
                return;
            }
        }
        if (index + 1 < childCount)
        {
            final int right = leafSizes[children[base + index + 1]];
            if (right < leafCapacity)
            {
                shiftEntries(parent, index, (own + right) / 2);
                return;
            }
        }

        // Two full leaves become three, each at least two thirds full.
        final int first = index > 0 ? index - 1 : index;
        final int left = children[base + first];
        final int middle = allocateLeaf();
        insertInnerSlot(parent, first + 1);
        children[base + first + 1] = middle;
        counts[base + first + 1] = 0;
        leafNext[middle] = leafNext[left];
        leafNext[left] = middle;
        final int total = leafSizes[left] + leafSizes[children[base + first + 2]];
        final int firstSize = total / 3;
        redistribute(parent, first, firstSize, (total - firstSize) / 2);
        if (innerSizes[parent] > innerCapacity)
        {
            onInnerOverflow(1);
        }
    }

    private void onLeafUnderflow(final int leaf)
    {
        final int parent = pathNodes[1];
        final int index = pathIndexes[1];
        final int base = parent * innerStride;
        final int childCount = innerSizes[parent];
        final int own = leafSizes[leaf];
        if (index > 0)
        {
            final int left = leafSizes[children[base + index - 1]];
            if (left > leafMin)
            {
                shiftEntries(parent, index - 1, (left + own) / 2);
                return;
            }
        }
        if (index + 1 < childCount)
        {
            final int right = leafSizes[children[base + index + 1]];
            if (right > leafMin)
            {
                shiftEntries(parent, index, (own + right) / 2);
                return;
            }
        }

        if (childCount >= 3)
        {
            final int first = Math.min(Math.max(index - 1, 0), childCount - 3);
            final int total = leafSizes[children[base + first]] + leafSizes[children[base + first + 1]] +
                leafSizes[children[base + first + 2]];
            if (total >= 3 * leafMin)
            {
                final int firstSize = total / 3;
                redistribute(parent, first, firstSize, (total - firstSize) / 2);
                return;
            }
            redistribute(parent, first, total / 2, 0);
            removeLeafChild(parent, first + 1);
        }
        else
        {
            // Only a root has two children: merge them if they fit in one leaf, else balance them.
            final int total = leafSizes[children[base]] + leafSizes[children[base + 1]];
            if (total > leafCapacity)
            {
                shiftEntries(parent, 0, total / 2);
                return;
            }
            shiftEntries(parent, 0, total);
            removeLeafChild(parent, 1);
        }
        onInnerUnderflow(1);
    }

    /** Moves entries between the leaf children index and index + 1 of parent so the left one holds leftSize. */
    private void shiftEntries(final int parent, final int index, final int leftSize)
    {
        final int slot = parent * innerStride + index;
        final int left = children[slot];
        final int right = children[slot + 1];
        final int leftOld = leafSizes[left];
        final int rightOld = leafSizes[right];
        final int rightSize = leftOld + rightOld - leftSize;
        if (leftSize < 0 || rightSize < 0 || leftSize > leafStride || rightSize > leafStride)
        {
            throw new IllegalStateException("leaf shift out of bounds: " + leftSize + "/" + rightSize);
        }
        final int leftBase = left * leafStride;
        final int rightBase = right * leafStride;
        if (leftOld > leftSize)
        {
            final int moved = leftOld - leftSize;
            System.arraycopy(leafTotals, rightBase, leafTotals, rightBase + moved, rightOld);
            System.arraycopy(leafHandles, rightBase, leafHandles, rightBase + moved, rightOld);
            System.arraycopy(leafTotals, leftBase + leftSize, leafTotals, rightBase, moved);
            System.arraycopy(leafHandles, leftBase + leftSize, leafHandles, rightBase, moved);
            for (int i = 0; i < moved; i++)
            {
                leafOf[leafHandles[rightBase + i]] = right;
            }
        }
        else if (leftOld < leftSize)
        {
            final int moved = leftSize - leftOld;
            System.arraycopy(leafTotals, rightBase, leafTotals, leftBase + leftOld, moved);
            System.arraycopy(leafHandles, rightBase, leafHandles, leftBase + leftOld, moved);
            System.arraycopy(leafTotals, rightBase + moved, leafTotals, rightBase, rightSize);
            System.arraycopy(leafHandles, rightBase + moved, leafHandles, rightBase, rightSize);
            for (int i = leftOld; i < leftSize; i++)
            {
                leafOf[leafHandles[leftBase + i]] = left;
            }
        }
        leafSizes[left] = leftSize;
        leafSizes[right] = rightSize;
        counts[slot] = leftSize;
        counts[slot + 1] = rightSize;
        if (rightSize > 0)
        {
            final int handle = leafHandles[rightBase];
            keyTotals[slot + 1] = leafTotals[rightBase];
            keyReachedAts[slot + 1] = reachedAtOf(handle);
            keyIds[slot + 1] = idOf(handle);
            keyHandles[slot + 1] = handle;
        }
    }

    /** Spreads the entries of leaf children first .. first + 2 to sizes firstSize, secondSize and the rest. */
    private void redistribute(final int parent, final int first, final int firstSize, final int secondSize)
    {
        final int base = parent * innerStride + first;
        final int a = leafSizes[children[base]];
        final int b = leafSizes[children[base + 1]];
        if (a + b >= firstSize)
        {
            shiftEntries(parent, first, firstSize);
            shiftEntries(parent, first + 1, secondSize);
        }
        else
        {
            shiftEntries(parent, first + 1, firstSize + secondSize - a);
            shiftEntries(parent, first, firstSize);
        }
    }

    private void removeLeafChild(final int parent, final int index)
    {
        final int base = parent * innerStride;
        final int leaf = children[base + index];
        leafNext[children[base + index - 1]] = leafNext[leaf];
        removeInnerSlot(parent, index);
        leafNext[leaf] = freeLeaf;
        freeLeaf = leaf;
    }

    private void onInnerOverflow(final int level)
    {
        final int node = pathNodes[level];
        final int nodeBase = node * innerStride;
        final int nodeSize = innerSizes[node];
        final int keep = nodeSize / 2;
        final int sibling = allocateInner();
        final int siblingBase = sibling * innerStride;
        copyInnerSlots(nodeBase + keep, siblingBase, nodeSize - keep);
        innerSizes[sibling] = nodeSize - keep;
        innerSizes[node] = keep;
        int moved = 0;
        for (int i = 0; i < nodeSize - keep; i++)
        {
            moved += counts[siblingBase + i];
        }

        if (level == height)
        {
            int kept = 0;
            for (int i = 0; i < keep; i++)
            {
                kept += counts[nodeBase + i];
            }
            final int newRoot = allocateInner();
            final int rootBase = newRoot * innerStride;
            children[rootBase] = node;
            counts[rootBase] = kept;
            children[rootBase + 1] = sibling;
            counts[rootBase + 1] = moved;
            copyKey(siblingBase, rootBase + 1);
            innerSizes[newRoot] = 2;
            root = newRoot;
            height++;
            return;
        }

        final int parent = pathNodes[level + 1];
        final int index = pathIndexes[level + 1];
        final int parentBase = parent * innerStride;
        insertInnerSlot(parent, index + 1);
        children[parentBase + index + 1] = sibling;
        counts[parentBase + index + 1] = moved;
        counts[parentBase + index] -= moved;
        copyKey(siblingBase, parentBase + index + 1);
        if (innerSizes[parent] > innerCapacity)
        {
            onInnerOverflow(level + 1);
        }
    }

    private void onInnerUnderflow(final int level)
    {
        final int node = pathNodes[level];
        if (level == height)
        {
            if (innerSizes[node] == 1)
            {
                root = children[node * innerStride];
                height--;
                releaseInner(node);
            }
            return;
        }
        if (innerSizes[node] >= innerMin)
        {
            return;
        }

        final int parent = pathNodes[level + 1];
        final int index = pathIndexes[level + 1];
        final int parentBase = parent * innerStride;
        if (index > 0 && innerSizes[children[parentBase + index - 1]] > innerMin)
        {
            borrowFromLeft(parent, index);
            return;
        }
        if (index + 1 < innerSizes[parent] && innerSizes[children[parentBase + index + 1]] > innerMin)
        {
            borrowFromRight(parent, index);
            return;
        }
        mergeInner(parent, index > 0 ? index - 1 : index);
        onInnerUnderflow(level + 1);
    }

    private void borrowFromLeft(final int parent, final int index)
    {
        final int parentSlot = parent * innerStride + index;
        final int left = children[parentSlot - 1];
        final int node = children[parentSlot];
        final int leftLast = left * innerStride + innerSizes[left] - 1;
        final int nodeBase = node * innerStride;
        copyInnerSlots(nodeBase, nodeBase + 1, innerSizes[node]);
        copyKey(parentSlot, nodeBase + 1);
        children[nodeBase] = children[leftLast];
        counts[nodeBase] = counts[leftLast];
        copyKey(leftLast, nodeBase);
        copyKey(leftLast, parentSlot);
        final int moved = counts[leftLast];
        innerSizes[left]--;
        innerSizes[node]++;
        counts[parentSlot - 1] -= moved;
        counts[parentSlot] += moved;
    }

    private void borrowFromRight(final int parent, final int index)
    {
        final int parentSlot = parent * innerStride + index;
        final int node = children[parentSlot];
        final int right = children[parentSlot + 1];
        final int nodeEnd = node * innerStride + innerSizes[node];
        final int rightBase = right * innerStride;
        children[nodeEnd] = children[rightBase];
        counts[nodeEnd] = counts[rightBase];
        copyKey(parentSlot + 1, nodeEnd);
        copyKey(rightBase + 1, parentSlot + 1);
        final int moved = counts[rightBase];
        copyInnerSlots(rightBase + 1, rightBase, innerSizes[right] - 1);
        innerSizes[right]--;
        innerSizes[node]++;
        counts[parentSlot] += moved;
        counts[parentSlot + 1] -= moved;
    }

    /** Moves inner child index + 1 of parent into child index and drops it. */
    private void mergeInner(final int parent, final int index)
    {
        final int parentSlot = parent * innerStride + index;
        final int left = children[parentSlot];
        final int right = children[parentSlot + 1];
        final int leftEnd = left * innerStride + innerSizes[left];
        copyInnerSlots(right * innerStride, leftEnd, innerSizes[right]);
        copyKey(parentSlot + 1, leftEnd);
        innerSizes[left] += innerSizes[right];
        counts[parentSlot] += counts[parentSlot + 1];
        removeInnerSlot(parent, index + 1);
        releaseInner(right);
    }

    private void insertInnerSlot(final int node, final int index)
    {
        final int slot = node * innerStride + index;
        copyInnerSlots(slot, slot + 1, innerSizes[node] - index);
        innerSizes[node]++;
    }

    private void removeInnerSlot(final int node, final int index)
    {
        final int slot = node * innerStride + index;
        copyInnerSlots(slot + 1, slot, innerSizes[node] - index - 1);
        innerSizes[node]--;
    }

    private void copyInnerSlots(final int from, final int to, final int length)
    {
        System.arraycopy(keyTotals, from, keyTotals, to, length);
        System.arraycopy(keyReachedAts, from, keyReachedAts, to, length);
        System.arraycopy(keyIds, from, keyIds, to, length);
        System.arraycopy(keyHandles, from, keyHandles, to, length);
        System.arraycopy(children, from, children, to, length);
        System.arraycopy(counts, from, counts, to, length);
    }

    private void copyKey(final int from, final int to)
    {
        keyTotals[to] = keyTotals[from];
        keyReachedAts[to] = keyReachedAts[from];
        keyIds[to] = keyIds[from];
        keyHandles[to] = keyHandles[from];
    }

    private int allocateLeaf()
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

    private int allocateInner()
    {
        final int node;
        if (freeInner != NONE)
        {
            node = freeInner;
            freeInner = children[node * innerStride];
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

    private void releaseInner(final int node)
    {
        children[node * innerStride] = freeInner;
        freeInner = node;
    }

    // ---- for tests and reports ----

    /** Bytes held by the arrays this board allocated. */
    public long allocatedBytes()
    {
        return 8L * (reachedAts.length + (ids == null ? 0 : ids.length) + leafTotals.length + keyTotals.length + keyReachedAts.length +
            keyIds.length) +
            4L * (leafOf.length + leafHandles.length + leafSizes.length + leafNext.length + keyHandles.length +
            children.length + counts.length + innerSizes.length + pathNodes.length + pathIndexes.length);
    }

    int height()
    {
        return height;
    }

    /** Walks the whole tree and throws if any structural invariant is broken. O(n). */
    void verify()
    {
        final long[] lastKey = {0, 0, 0, NONE};
        final int[] expectedLeaf = {NONE};
        final int counted = verify(root, height, lastKey, expectedLeaf);
        check(counted == size, "count " + counted + " != size " + size);
        check(leafNext[expectedLeaf[0]] == NONE, "last leaf has a next");
        int present = 0;
        for (int handle = 0; handle < capacity; handle++)
        {
            if (leafOf[handle] != NONE)
            {
                present++;
                final long total = leafTotals[slotOf(leafOf[handle], handle)];
                int node = root;
                for (int level = height; level > 0; level--)
                {
                    final int index = childIndex(node, handle, idOf(handle), total, reachedAtOf(handle));
                    node = children[node * innerStride + index];
                }
                check(node == leafOf[handle], "descent by key misses the leaf of " + handle);
            }
        }
        check(present == size, "present " + present + " != size " + size);
    }

    private int verify(final int node, final int level, final long[] lastKey, final int[] previousLeaf)
    {
        if (level == 0)
        {
            final int leafSize = leafSizes[node];
            check(leafSize <= leafCapacity, "leaf over capacity");
            check(node == root || leafSize >= leafMin || innerSizes[root] == 2 && height == 1,
                "leaf " + node + " under min: " + leafSize);
            if (previousLeaf[0] != NONE)
            {
                check(leafNext[previousLeaf[0]] == node, "leaf chain broken at " + node);
            }
            previousLeaf[0] = node;
            final int base = node * leafStride;
            for (int i = 0; i < leafSize; i++)
            {
                final int handle = leafHandles[base + i];
                check(leafOf[handle] == node, "leafOf wrong for " + handle);
                if (lastKey[3] != NONE)
                {
                    final int previous = (int)lastKey[3];
                    check(isAhead(previous, lastKey[0], handle, leafTotals[base + i]), "order broken at " + handle);
                }
                lastKey[0] = leafTotals[base + i];
                lastKey[3] = handle;
            }
            return leafSize;
        }
        final int base = node * innerStride;
        final int childCount = innerSizes[node];
        check(childCount <= innerCapacity, "inner over capacity");
        check(node == root ? childCount >= 2 : childCount >= innerMin, "inner " + node + " under min: " + childCount);
        int total = 0;
        for (int i = 0; i < childCount; i++)
        {
            final long lastBefore = lastKey[3];
            final int sub = verify(children[base + i], level - 1, lastKey, previousLeaf);
            check(sub == counts[base + i], "count of child " + i + " of " + node + ": " + counts[base + i] +
                " != " + sub);
            if (i > 0)
            {
                // The separator lies after the last entry left of the child and not after its first entry.
                final int prior = (int)lastBefore;
                check(isSeparatorAfter(base + i, prior), "separator " + i + " of " + node + " not after left side");
            }
            total += sub;
        }
        return total;
    }

    private boolean isAhead(final int a, final long aTotal, final int b, final long bTotal)
    {
        if (aTotal != bTotal)
        {
            return aTotal > bTotal;
        }
        if (reachedAtOf(a) != reachedAtOf(b))
        {
            return reachedAtOf(a) < reachedAtOf(b);
        }
        if (idOf(a) != idOf(b))
        {
            return idOf(a) < idOf(b);
        }
        return a < b;
    }

    private boolean isSeparatorAfter(final int slot, final int handle)
    {
        final long total = leafTotals[slotOf(leafOf[handle], handle)];
        return isAheadOfSeparator(slot, handle, idOf(handle), total, reachedAtOf(handle));
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }
}
