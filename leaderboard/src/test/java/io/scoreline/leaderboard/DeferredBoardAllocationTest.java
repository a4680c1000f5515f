package io.scoreline.leaderboard;

import java.util.SplittableRandom;

import io.scoreline.testkit.Allocations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Moves, delta-0 ranks and every kind of catch-up (bulk, move by move, the leaf index rebuilt) allocate nothing. */
class DeferredBoardAllocationTest
{
    private static final int PLAYERS = 200_000;
    private static final int EVENTS = 1_000_000;

    private final boolean[] present = new boolean[PLAYERS];
    private final long[] totals = new long[PLAYERS];
    private final long[] reachedAts = new long[PLAYERS];
    private final int[] handles = new int[EVENTS];
    private final long[] deltas = new long[EVENTS];
    private long ordinal;
    private long rankSum;

    @Test
    void shouldNotAllocateWhileMovingRankingAndCatchingUp()
    {
        final com.sun.management.ThreadMXBean threads = Allocations.counter();
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < EVENTS; i++)
        {
            handles[i] = random.nextInt(PLAYERS);
            deltas[i] = random.nextInt(10) == 0 ? 0 : random.nextLong(-100, 500);
        }
        final DeferredBoard board = new DeferredBoard(PLAYERS, handle -> handle);
        final Leaderboard.EntryConsumer sink = (rank, id, total) -> rankSum += rank;

        run(board, sink);                                   // warm-up: fills the board, compiles the paths
        final long bulkBefore = board.bulkLoads();
        final long before = threads.getCurrentThreadAllocatedBytes();
        run(board, sink);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        Allocations.assertOneOff(allocated, "1M moves and ranks with catch-ups");
        assertTrue(board.bulkLoads() > bulkBefore, "bulk catch-ups ran");
        assertTrue(rankSum > 0);
    }

    private void run(final DeferredBoard board, final Leaderboard.EntryConsumer sink)
    {
        for (int i = 0; i < EVENTS; i++)
        {
            final int h = handles[i];
            if (present[h] && deltas[i] == 0)
            {
                rankSum += board.rankUnmoved(h, totals[h], reachedAts[h]);
            }
            else
            {
                final long previousTotal = totals[h];
                final long previousReached = reachedAts[h];
                final boolean was = present[h];
                totals[h] += deltas[i];
                reachedAts[h] = ++ordinal;
                present[h] = true;
                rankSum += board.move(h, totals[h], ordinal, was, previousTotal, previousReached);
            }
            if ((i & 0x3FFF) == 0)
            {
                board.board().forEachAround(h, 5, 5, sink);   // a query: a short catch-up, the leaf index if stale
            }
            if ((i & 0x1FFFF) < 0x4000 && (i & 7) == 0)
            {
                board.catchUpSome(64);                        // idle moments: the leaf index a few leaves at a time, moves at their ranks
            }
        }
    }
}
