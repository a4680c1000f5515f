package io.scoreline.leaderboard;

import static io.scoreline.leaderboard.BoardTree.NONE;

/**
 * The player board in GAME.md section 6 order: total descending, then reachedAt ascending, then id
 * ascending (then handle, so that keys are unique even if ids repeat). Players are dense handles
 * {@code 0 .. capacity-1}; every pool is preallocated for the capacity and no method allocates.
 * <p>
 * Two kinds, on one {@link BoardTree}:
 * <ul>
 * <li>{@link #inArrivalOrder arrival order}, what the service uses. GAME.md gives a changed total the
 * event's ordinal, newer than every reachedAt on the board, so every update is a move to the end of
 * its equal totals, and ties among equal totals are arrival order. Such a board stores no reachedAt
 * and compares totals only; an update whose reachedAt is not the newest is refused
 * ({@link IllegalArgumentException}). About 21 bytes a player with ids read from their owner.</li>
 * <li>general ({@link #Leaderboard(int)}): any reachedAt, ties broken by reachedAt and id as keys.
 * Stores each reachedAt (8 bytes a player more) and full keys in the inner nodes.</li>
 * </ul>
 * A rank right after the player's update is free; any other rank walks up from the player's leaf.
 * Single-threaded: the owning stage calls every method.
 */
public final class Leaderboard implements Ranking
{
    private final BoardTree tree;
    private final TieKeys ties;
    private final long[] ids;
    private final IdSource idSource;
    private long maxReachedAt;
    private int rankedHandle;
    private int rankedRank;
    private long prefetchSink;

    /** A general board (any reachedAt) that stores the ids it is given. */
    public Leaderboard(final int capacity)
    {
        this(capacity, BoardTree.DEFAULT_LEAF_CAPACITY, BoardTree.DEFAULT_INNER_CAPACITY, false, null);
    }

    /** A general board that reads ids from their owner, who must answer for every handle on the board. */
    public Leaderboard(final int capacity, final IdSource ids)
    {
        this(capacity, BoardTree.DEFAULT_LEAF_CAPACITY, BoardTree.DEFAULT_INNER_CAPACITY, false, ids);
    }

    /**
     * An arrival-order board that reads ids from their owner (the board thread calls it for queries
     * only). Every {@link #update} must carry a reachedAt greater than any before it.
     */
    public static Leaderboard inArrivalOrder(final int capacity, final IdSource ids)
    {
        return new Leaderboard(capacity, BoardTree.DEFAULT_LEAF_CAPACITY, BoardTree.DEFAULT_INNER_CAPACITY, true, ids);
    }

    /** An arrival-order board that stores the ids it is given. */
    public static Leaderboard inArrivalOrder(final int capacity)
    {
        return new Leaderboard(capacity, BoardTree.DEFAULT_LEAF_CAPACITY, BoardTree.DEFAULT_INNER_CAPACITY, true, null);
    }

    /** Node capacities are open to tests so that a small board builds a deep tree. */
    Leaderboard(final int capacity, final int leafCapacity, final int innerCapacity, final boolean arrivalOrder)
    {
        this(capacity, leafCapacity, innerCapacity, arrivalOrder, null);
    }

    Leaderboard(
        final int capacity, final int leafCapacity, final int innerCapacity, final boolean arrivalOrder, final IdSource idSource)
    {
        this(capacity, leafCapacity, innerCapacity, arrivalOrder, idSource, ValueCounts.DEFAULT_BASE, ValueCounts.DEFAULT_WIDTH_SHIFT);
    }

    /** Also the window of totals counted exactly (tests use a narrow one, so that totals fall outside it). */
    Leaderboard(
        final int capacity, final int leafCapacity, final int innerCapacity, final boolean arrivalOrder, final IdSource idSource,
        final long windowBase, final int windowShift)
    {
        this.ids = idSource == null ? new long[Math.max(capacity, 0)] : null;
        this.idSource = idSource == null ? handle -> ids[handle] : idSource;
        this.ties = arrivalOrder ? null : new TieKeys(Math.max(capacity, 0), this.idSource);
        this.tree = new BoardTree(capacity, leafCapacity, innerCapacity, ties, new ValueCounts(windowBase, windowShift));
        clear();
    }

    /**
     * Inserts handle, or moves it to its new (total, reachedAt). O(log n), no allocation. On a
     * general board an update that changes nothing leaves the board as it is.
     *
     * @throws IllegalArgumentException on an arrival-order board, if reachedAt is not greater than
     *                                  every reachedAt given before.
     */
    public void update(final int handle, final long id, final long total, final long reachedAt)
    {
        final boolean newest = reachedAt > maxReachedAt;
        final boolean present = tree.leafOf[handle] != NONE;
        if (ties == null)
        {
            if (!newest)
            {
                throw new IllegalArgumentException(
                    "arrival-order board: reachedAt " + reachedAt + " is not after " + maxReachedAt);
            }
        }
        else if (present && ties.reachedAts[handle] == reachedAt && idOf(handle) == id && tree.totals[handle] == total)
        {
            return;
        }
        if (present)
        {
            tree.remove(handle);
        }
        if (newest)
        {
            maxReachedAt = reachedAt;
        }
        if (ties != null)
        {
            ties.reachedAts[handle] = reachedAt;
        }
        if (ids != null)
        {
            ids[handle] = id;
        }
        rankedRank = tree.insert(handle, total, newest);
        rankedHandle = handle;
    }

    /**
     * A correction on an arrival-order board (GAME.md section 7): inserts an absent handle at
     * {@code rank} (1-based), whatever its reachedAt. The caller computed the rank in GAME.md 6
     * order from the whole state, and inserts in ascending rank order, so that every entry ahead
     * of it is on the board already. No allocation.
     */
    public void insertAtRank(final int handle, final long id, final long total, final int rank)
    {
        if (ties != null || tree.leafOf[handle] != NONE || rank < 1 || rank > tree.size + 1)
        {
            throw new IllegalArgumentException("insertAtRank: handle " + handle + " at rank " + rank + " of " + tree.size +
                (ties != null ? " on a general board" : tree.leafOf[handle] != NONE ? ", already on the board" : ""));
        }
        if (ids != null)
        {
            ids[handle] = id;
        }
        rankedRank = tree.insertAtRank(handle, total, rank - 1);
        rankedHandle = handle;
    }

    /** Takes handle off the board, if on it (a correction left the player with no accepted event). */
    public void remove(final int handle)
    {
        if (tree.leafOf[handle] != NONE)
        {
            tree.remove(handle);
        }
        rankedHandle = NONE;
    }

    /**
     * Prefetch, phase 1 of 2, for a coming {@link #update}: loads the handle's own entry. The board
     * stage calls the phases for a group of upcoming events before updating them, so their cache
     * misses overlap instead of queuing. Reads only; the sink keeps the loads.
     */
    public void prefetchHandle(final int handle)
    {
        prefetchSink += tree.leafOf[handle] + tree.totals[handle];
    }

    /**
     * Prefetch, phase 2 of 2: loads the handle's current leaf and the leaf {@code total} goes to,
     * and the neighbour a rebalance would read when either is at its limit.
     */
    public void prefetchLeaves(final int handle, final long total)
    {
        final int leaf = tree.leafOf[handle];
        if (leaf != NONE)
        {
            touchLeaf(leaf);
            if (tree.leafSizes[leaf] <= tree.leafMin)
            {
                touchLeaf(tree.partnerOf(leaf, false));
            }
            prefetchSink += tree.values.touch(tree.totals[handle]);
        }
        final int target = tree.values.inWindow(total)
            ? tree.descendByRank(tree.values.atLeast(total), total, false)
            : tree.leafFor(total);
        touchLeaf(target);
        if (tree.leafSizes[target] >= tree.leafCapacity)
        {
            touchLeaf(tree.partnerOf(target, true));
        }
        prefetchSink += tree.values.touch(total);
    }

    private void touchLeaf(final int leaf)
    {
        if (leaf == NONE)
        {
            return;
        }
        final int base = leaf * tree.leafCapacity;
        final int end = base + tree.leafCapacity - 1;
        long sum = tree.leafSizes[leaf];
        for (int i = base; i < end; i += 16)
        {
            sum += tree.leafHandles[i];
        }
        prefetchSink += sum + tree.leafHandles[end];
    }

    public boolean contains(final int handle)
    {
        return tree.leafOf[handle] != NONE;
    }

    /** Current stored total, 0 for an absent handle. */
    public long total(final int handle)
    {
        return contains(handle) ? tree.totalOf(handle) : 0;
    }

    /** Stored id, 0 for an absent handle. */
    public long id(final int handle)
    {
        return contains(handle) ? idOf(handle) : 0;
    }

    /** 1-based rank of a present handle, 0 if absent. O(1) right after its update, else a walk up from its leaf. */
    public int rank(final int handle)
    {
        if (handle == rankedHandle)
        {
            return rankedRank;
        }
        if (!contains(handle))
        {
            return 0;
        }
        rankedRank = tree.rankOf(handle);
        rankedHandle = handle;
        return rankedRank;
    }

    @Override
    public int size()
    {
        return tree.size;
    }

    public int capacity()
    {
        return tree.capacity;
    }

    /** Whether this board takes only updates in arrival order (see {@link #inArrivalOrder}). */
    public boolean isArrivalOrder()
    {
        return ties == null;
    }

    /**
     * Visits entries at ranks offset+1 .. offset+limit in order; returns the number visited.
     * A negative offset counts as 0. The consumer must not update this board.
     */
    @Override
    public int forEachInRange(final int offset, final int limit, final EntryConsumer consumer)
    {
        return RangeWalk.forEachInRange(tree, idSource, offset, limit, consumer);
    }

    /**
     * Every entry's rank, written at its handle ({@code rankByHandle[handle]}; other slots are left
     * as they are), in one walk of the leaves: O(n), for readers that need all ranks at once (push's
     * shard refresh, on its own copy of the board). Returns the number of entries.
     */
    public int ranksInto(final int[] rankByHandle)
    {
        return RangeWalk.ranksInto(tree, rankByHandle);
    }

    /**
     * Visits up to {@code before} entries ahead of handle, the handle itself, and up to {@code after} behind it,
     * in rank order; returns the number visited, 0 if the handle is absent. Negative counts mean 0.
     */
    public int forEachAround(final int handle, final int before, final int after, final EntryConsumer consumer)
    {
        final int rank = rank(handle);
        return rank == 0 ? 0 : RangeWalk.forEachAround(tree, idSource, rank, before, after, consumer);
    }

    public void clear()
    {
        tree.clear();
        maxReachedAt = Long.MIN_VALUE;
        rankedHandle = NONE;
    }

    /** Bytes held by the arrays this board allocated. */
    public long allocatedBytes()
    {
        return tree.allocatedBytes() + (ids == null ? 0 : 8L * ids.length);
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

    private long idOf(final int handle)
    {
        return idSource.id(handle);
    }

    /** After {@link BoardTree#bulkLoad}: the newest reachedAt on the board, and no rank cached. */
    void afterBulkLoad(final long newestReachedAt)
    {
        maxReachedAt = Math.max(maxReachedAt, newestReachedAt);
        rankedHandle = NONE;
    }

    // ---- for tests ----

    BoardTree tree()
    {
        return tree;
    }

    int height()
    {
        return tree.height;
    }
}
