package io.scoreline.leaderboard;

import java.util.Arrays;

import static io.scoreline.leaderboard.BoardTree.NONE;

/**
 * The player board with its order brought up to date in batches (issue 24). An event pays only for
 * its rank: counts by total over a window (about 1 MiB, mostly cached; the tree's own, kept
 * current) and a 32-byte append to a log of moves. The ordered {@link Leaderboard} behind it is exact up to the last
 * {@link #catchUp}, which whoever needs the order calls first (queries, standings, a rebuild) and
 * which runs by itself when the log is full. A large catch-up lays the tree out afresh in one pass
 * (the moved players' places come from the counts, the others keep their order) instead of paying
 * a few cache misses a move; the tree's per-handle leaf index is then rebuilt only when something
 * reads it (a query, or a short catch-up that applies moves one by one).
 * <p>
 * Ranks, exact at every event (GAME.md section 6):
 * <ul>
 * <li>a move (a changed total, or a new player) goes last among its equal totals, so its rank is
 * the number of entries at or above its total;</li>
 * <li>an unmoved player (delta 0) also needs its place among its equal totals: its place when the
 * board last knew it (its own logged move, or its group in the tree), less the players ahead of it in that group
 * that have left it since (a chain of logged moves by their previous total).</li>
 * </ul>
 * A move to or from a total outside the counted window is rare and takes the tree's own path at once. Single-threaded:
 * the board stage calls every method. No method allocates.
 */
public final class DeferredBoard
{
    /** Buckets of the departure chains (by previous total): 128 KiB. */
    private static final int DEPARTURE_BUCKETS = 1 << 15;
    /** logPreviousReached of a move that put a new player on the board. */
    private static final long NOT_ON_BOARD = Long.MIN_VALUE;

    private final Leaderboard board;
    private final BoardTree tree;
    /**
     * Counts of every entry, logged moves included: the tree's own counts, kept current by the
     * moves, so the tree itself is behind them until a catch-up (a short one rewinds them first).
     */
    private final ValueCounts counts;
    /** Per bucket of previous totals: the newest log index of a move that left such a total, else -1. */
    private final int[] departures = new int[DEPARTURE_BUCKETS];
    /** Per handle, during a bulk catch-up: whether it has a logged move. */
    private final long[] moved;

    private final int[] logHandle;
    /** The move's total as an offset into the window (a logged total is always in it). */
    private final int[] logTotal;
    /** The move's reachedAt less {@link #logBase}, the first logged move's. */
    private final int[] logReached;
    /** The previous total as an offset into the window (a logged move's previous total is in it, if any). */
    private final int[] logPreviousTotal;
    /** The reachedAt before the move, {@link #NOT_ON_BOARD} for a new player. */
    private final long[] logPreviousReached;
    /** Entries of equal total ahead of the mover right after the move. */
    private final int[] logGroupAhead;
    /** The next older log index in the same departure bucket, -1 at the end. Scratch in a bulk catch-up. */
    private final int[] logNextDeparture;
    /** The rank the move returned: its place in the tree once every older move is applied. */
    private final int[] logRank;
    /** Moves [0, logApplied) are in the tree already ({@link #catchUpSome}); the log stays whole for the ranks. */
    private int logApplied;
    private int logSize;
    private long logBase;
    private final int bulkMinimum;
    /** Whether the tree's leafOf is stale (after a bulk catch-up, until something needs it). */
    private boolean leafOfStale;
    /** While leafOf is stale: the next leaf {@link #catchUpSome} sets it for, NONE before the first. */
    private int leafOfNext = NONE;

    private long catchUps;
    private long bulkLoads;
    private long catchUpNanos;

    /** An arrival-order board for {@code capacity} handles whose ids are read from their owner. */
    public DeferredBoard(final int capacity, final Leaderboard.IdSource ids)
    {
        this(capacity, ids, Math.max(4096, (int)(capacity * 5L / 128)), 2048);
    }

    /** The log's length and the shortest log applied in bulk are open to tests, so that a small board takes every path. */
    DeferredBoard(final int capacity, final Leaderboard.IdSource ids, final int logCapacity, final int bulkMinimum)
    {
        this.bulkMinimum = bulkMinimum;
        board = Leaderboard.inArrivalOrder(capacity, ids);
        tree = board.tree();
        counts = tree.values;
        moved = new long[(Math.max(capacity, 1) + 63) >>> 6];
        logHandle = new int[logCapacity];
        logTotal = new int[logCapacity];
        logReached = new int[logCapacity];
        logPreviousTotal = new int[logCapacity];
        logPreviousReached = new long[logCapacity];
        logGroupAhead = new int[logCapacity];
        logNextDeparture = new int[logCapacity];
        logRank = new int[logCapacity];
        clear();
    }

    /**
     * A move of handle to {@code total} at {@code reachedAt}, newer than every reachedAt before it.
     * Returns its rank right after the move.
     *
     * @param wasOnBoard      whether the handle had an entry (else the previous values are ignored)
     * @param previousTotal   its total before the move
     * @param previousReached its reachedAt before the move
     */
    public int move(
        final int handle, final long total, final long reachedAt,
        final boolean wasOnBoard, final long previousTotal, final long previousReached)
    {
        if (!counts.inWindow(total) || wasOnBoard && !counts.inWindow(previousTotal))
        {
            exact();
            board.update(handle, 0, total, reachedAt);
            return board.rank(handle);
        }
        if (logSize == 0 || reachedAt - logBase > Integer.MAX_VALUE)
        {
            catchUp();
            logBase = reachedAt;
        }
        if (wasOnBoard)
        {
            counts.add(previousTotal, -1);
        }
        counts.add(total, 1);
        final int i = logSize++;
        logHandle[i] = handle;
        logTotal[i] = (int)(total - counts.base);
        logReached[i] = (int)(reachedAt - logBase);
        logPreviousTotal[i] = (int)(previousTotal - counts.base);
        logPreviousReached[i] = wasOnBoard ? previousReached : NOT_ON_BOARD;
        logGroupAhead[i] = counts.count(total) - 1;
        if (wasOnBoard)
        {
            final int bucket = bucket(previousTotal);
            logNextDeparture[i] = departures[bucket];
            departures[bucket] = i;
        }
        else
        {
            logNextDeparture[i] = -1;
        }
        final int rank = counts.atLeast(total);
        logRank[i] = rank;
        if (logSize == logHandle.length)
        {
            catchUp();
        }
        return rank;
    }

    /** Rank of a handle on the board whose total and reachedAt did not change (a delta-0 event). */
    public int rankUnmoved(final int handle, final long total, final long reachedAt)
    {
        if (!counts.inWindow(total))
        {
            exact();
            return board.rank(handle);
        }
        final int logged = loggedMove(handle, reachedAt);
        int ahead;
        int from;
        if (logged >= 0)
        {
            ahead = logGroupAhead[logged];
            from = logged + 1;
        }
        else
        {
            ahead = tree.placeAmongEqual(handle, total);
            from = logApplied; // the tree's place already counts for the departures applied
        }
        final int value = (int)(total - counts.base);
        for (int i = departures[bucket(total)]; i >= from; i = logNextDeparture[i])
        {
            if (logPreviousTotal[i] == value && logPreviousReached[i] < reachedAt)
            {
                ahead--;
            }
        }
        return 1 + (total + 1 < counts.limit ? counts.atLeast(total + 1) : counts.above) + ahead;
    }

    private static int bucket(final long total)
    {
        return (int)total & (DEPARTURE_BUCKETS - 1);
    }

    /** The log index of the handle's move at reachedAt, or -1 if it moved before the log began. */
    private int loggedMove(final int handle, final long reachedAt)
    {
        if (logSize == 0 || reachedAt < logBase + logReached[0])
        {
            return -1;
        }
        int low = 0;
        int high = logSize - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long reached = logBase + logReached[mid];
            if (reached < reachedAt)
            {
                low = mid + 1;
            }
            else if (reached > reachedAt)
            {
                high = mid - 1;
            }
            else if (logHandle[mid] == handle)
            {
                return mid;
            }
            else
            {
                break;
            }
        }
        throw new IllegalStateException("handle " + handle + " has no logged move at reachedAt " + reachedAt);
    }

    /** Loads the lines the next {@link #move} or {@link #rankUnmoved} at these totals reads first; returns a sink value. */
    public long prefetch(final long total, final long previousTotal)
    {
        return counts.touch(total) + counts.touch(previousTotal) + departures[bucket(previousTotal)];
    }

    /** The exact ordered board, every method usable: applies every logged move first. */
    public Leaderboard board()
    {
        exact();
        return board;
    }

    private void exact()
    {
        catchUp();
        if (leafOfStale)
        {
            final long start = System.nanoTime();
            freshLeafOf();
            catchUpNanos += System.nanoTime() - start;
        }
    }

    private void freshLeafOf()
    {
        tree.rebuildLeafOf();
        leafOfStale = false;
        leafOfNext = NONE;
    }

    /**
     * A bounded share of the catch-up, for the board thread's idle moments (nothing waiting in the
     * ring), so that the next query finds little to do and never pauses long: sets the stale leaf
     * index for about 16 x {@code moves} handles, or applies up to {@code moves} of the oldest logged
     * moves to the tree at the rank each returned (the tree then holds exactly the moves before
     * it). Returns whether anything is left to do.
     */
    public boolean catchUpSome(final int moves)
    {
        if (!leafOfStale && logApplied == logSize)
        {
            return false;
        }
        final long start = System.nanoTime();
        if (leafOfStale)
        {
            leafOfSome(16 * moves); // a write a handle, against a few misses a move
        }
        else
        {
            final int end = Math.min(logSize, logApplied + moves);
            for (int i = logApplied; i < end; i++)
            {
                applyAtRank(i);
            }
            logApplied = end;
            if (logApplied == logSize && logSize > 0)
            {
                endLog();
            }
        }
        catchUpNanos += System.nanoTime() - start;
        return leafOfStale || logApplied < logSize;
    }

    /**
     * Log entry i into the tree: off its old place, in at the rank its move returned. The tree's
     * own remove and insert change the counts, which already hold every logged move: undone.
     */
    private void applyAtRank(final int i)
    {
        final int h = logHandle[i];
        final long total = counts.base + logTotal[i];
        if (logPreviousReached[i] != NOT_ON_BOARD)
        {
            board.remove(h);
            counts.add(counts.base + logPreviousTotal[i], 1);
        }
        board.insertAtRank(h, 0, total, logRank[i]);
        counts.add(total, -1);
    }

    /** Sets leafOf for the handles of the next few leaves (a bulk load adds handles, never removes one: the others stay right). */
    private void leafOfSome(final int handles)
    {
        int leaf = leafOfNext == NONE ? (tree.size == 0 ? NONE : tree.firstLeaf()) : leafOfNext;
        int done = 0;
        while (leaf != NONE && done < handles)
        {
            final int base = leaf * tree.leafCapacity;
            for (int p = base, end = base + tree.leafSizes[leaf]; p < end; p++)
            {
                tree.leafOf[tree.leafHandles[p]] = leaf;
            }
            done += tree.leafSizes[leaf];
            leaf = tree.leafNext[leaf];
        }
        leafOfNext = leaf;
        leafOfStale = leaf != NONE;
    }

    /** Applies the log to the tree: move by move when short, else the tree laid out afresh. */
    public void catchUp()
    {
        if (logSize == 0)
        {
            return;
        }
        final long start = System.nanoTime();
        final int pending = logSize - logApplied;
        if (pending >= bulkMinimum && (long)pending * 128 >= tree.size)
        {
            applyInBulk();
            bulkLoads++;
        }
        else if (pending > 0)
        {
            applyEach();
        }
        endLog();
        catchUps++;
        catchUpNanos += System.nanoTime() - start;
    }

    private void endLog()
    {
        Arrays.fill(departures, -1);
        logSize = 0;
        logApplied = 0;
    }

    /** Rewinds the counts to the tree's state, then applies each move as the tree always did. */
    private void applyEach()
    {
        if (leafOfStale)
        {
            freshLeafOf();
        }
        for (int i = logSize - 1; i >= logApplied; i--)
        {
            counts.add(counts.base + logTotal[i], -1);
            if (logPreviousReached[i] != NOT_ON_BOARD)
            {
                counts.add(counts.base + logPreviousTotal[i], 1);
            }
        }
        for (int i = logApplied; i < logSize; i++)
        {
            board.update(logHandle[i], 0, counts.base + logTotal[i], logBase + logReached[i]);
        }
    }

    /**
     * The new order in one pass: the moved handles' last moves sorted by total (older first among
     * equal totals) take the last places of their totals, which the counts give; the others keep
     * their order in the places left. The order is built in leafOf, which is stale afterwards.
     */
    private void applyInBulk()
    {
        // The last move of each handle, oldest first, into logGroupAhead; new entries counted.
        int size = tree.size;
        int last = 0;
        for (int i = logSize - 1; i >= logApplied; i--)
        {
            final int h = logHandle[i];
            if (logPreviousReached[i] == NOT_ON_BOARD)
            {
                size++;
            }
            if ((moved[h >>> 6] & 1L << h) == 0)
            {
                moved[h >>> 6] |= 1L << h;
                logNextDeparture[last++] = i;
            }
        }
        for (int k = 0; k < last; k++)
        {
            logGroupAhead[k] = logNextDeparture[last - 1 - k];
        }
        final int[] sorted = sortByTotalDescending(last);
        final int[] order = tree.leafOf;
        final int[] places = logNextDeparture; // free again after the sort: the moved places, ascending
        int v = counts.width;
        int atLeast = counts.above;
        for (int k = 0; k < last; )
        {
            final int total = logTotal[sorted[k]];
            int run = k + 1;
            while (run < last && logTotal[sorted[run]] == total)
            {
                run++;
            }
            while (v > total)
            {
                atLeast += counts.countAt(--v);
            }
            // atLeast now counts every entry at or above this total; the run takes the last places of it.
            for (int place = atLeast - (run - k); k < run; k++, place++)
            {
                final int h = logHandle[sorted[k]];
                order[place] = h;
                places[k] = place;
                tree.totals[h] = counts.base + total;
            }
        }
        int cursor = 0;
        int k = 0;
        int next = last > 0 ? places[0] : Integer.MAX_VALUE;
        for (int leaf = tree.size == 0 ? NONE : tree.firstLeaf(); leaf != NONE; leaf = tree.leafNext[leaf])
        {
            final int base = leaf * tree.leafCapacity;
            for (int p = base, end = base + tree.leafSizes[leaf]; p < end; p++)
            {
                final int h = tree.leafHandles[p];
                if ((moved[h >>> 6] & 1L << h) == 0)
                {
                    while (cursor == next)
                    {
                        cursor++;
                        next = ++k < last ? places[k] : Integer.MAX_VALUE;
                    }
                    order[cursor++] = h;
                }
            }
        }
        for (int m = 0; m < last; m++)
        {
            final int h = logHandle[sorted[m]];
            moved[h >>> 6] &= ~(1L << h);
        }
        tree.bulkLoad(order, size);
        leafOfStale = true;
        leafOfNext = NONE;
        board.afterBulkLoad(logBase + logReached[logSize - 1]);
    }

    /**
     * Sorts the log indices in logGroupAhead[0, n) by their total, highest first, keeping their order
     * among equal totals: two stable counting passes over the window offset (9 bits each), through
     * logNextDeparture. Returns the array holding the result.
     */
    private int[] sortByTotalDescending(final int n)
    {
        final int shift = 32 - Integer.numberOfLeadingZeros(counts.width - 1);
        final int low = shift / 2;
        int[] from = logGroupAhead;
        int[] to = logNextDeparture;
        for (int pass = 0; pass < 2; pass++)
        {
            final int bits = pass == 0 ? low : shift - low;
            final int at = pass == 0 ? 0 : low;
            final int mask = (1 << bits) - 1;
            final int[] starts = radix;
            Arrays.fill(starts, 0, mask + 2, 0);
            for (int k = 0; k < n; k++)
            {
                starts[mask - (logTotal[from[k]] >>> at & mask) + 1]++;
            }
            for (int d = 1; d <= mask + 1; d++)
            {
                starts[d] += starts[d - 1];
            }
            for (int k = 0; k < n; k++)
            {
                to[starts[mask - (logTotal[from[k]] >>> at & mask)]++] = from[k];
            }
            final int[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    private final int[] radix = new int[(1 << 10) + 2];

    /**
     * Puts handle on the board at once (a restore or a rebuild, in board order, reachedAt its place):
     * the log must be empty, so call after {@link #clear} only.
     */
    public void place(final int handle, final long total, final long reachedAt)
    {
        exact();
        board.update(handle, 0, total, reachedAt);
    }

    public void clear()
    {
        board.clear();
        Arrays.fill(departures, -1);
        Arrays.fill(moved, 0);
        logSize = 0;
        logApplied = 0;
        leafOfStale = false;
        leafOfNext = NONE;
    }

    /** Moves waiting in the log (not yet in the tree). */
    public int pending()
    {
        return logSize - logApplied;
    }

    public long catchUps()
    {
        return catchUps;
    }

    /** Catch-ups that laid the tree out afresh. */
    public long bulkLoads()
    {
        return bulkLoads;
    }

    /** Time spent catching up (and rebuilding the leaf index after a bulk catch-up), in ns. */
    public long catchUpNanos()
    {
        return catchUpNanos;
    }

    public int capacity()
    {
        return board.capacity();
    }

    /** Bytes held by the board and by what the ranks need beside it. */
    public long allocatedBytes()
    {
        return board.allocatedBytes() + 4L * (departures.length + radix.length) + 8L * moved.length +
            (4L * 7 + 8L) * logHandle.length;
    }
}
