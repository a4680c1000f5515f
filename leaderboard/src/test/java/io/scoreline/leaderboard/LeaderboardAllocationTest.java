package io.scoreline.leaderboard;

import java.util.SplittableRandom;

import io.scoreline.testkit.Allocations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderboardAllocationTest
{
    private static final int PLAYERS = 200_000;
    private static final int UPDATES = 1_000_000;

    private final long[] totals = new long[PLAYERS];
    private final long[] reachedAts = new long[PLAYERS];
    private final int[] handles = new int[UPDATES];
    private final long[] deltas = new long[UPDATES];
    private long ordinal;
    private long rankSum;

    @Test
    void shouldNotAllocateWhileUpdatingAndRanking()
    {
        final com.sun.management.ThreadMXBean threads = Allocations.counter();

        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < UPDATES; i++)
        {
            handles[i] = random.nextInt(PLAYERS);
            deltas[i] = random.nextInt(10) == 0 ? 0 : random.nextLong(-100, 500);
        }
        final Leaderboard board = new Leaderboard(PLAYERS);
        final Leaderboard.EntryConsumer sink = (rank, id, total) -> rankSum += rank;

        run(board, sink);                                   // warm-up: fills the board, compiles the paths
        final long before = threads.getCurrentThreadAllocatedBytes();
        run(board, sink);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        Allocations.assertOneOff(allocated, "1M updates and ranks");
        assertTrue(rankSum > 0);
    }

    private void run(final Leaderboard board, final Leaderboard.EntryConsumer sink)
    {
        for (int i = 0; i < UPDATES; i++)
        {
            final int handle = handles[i];
            final long delta = deltas[i];
            if (delta != 0 || !board.contains(handle))
            {
                totals[handle] += delta;
                reachedAts[handle] = ++ordinal;       // as in GAME.md: a changed total takes the newest ordinal
            }
            board.update(handle, handle, totals[handle], reachedAts[handle]);
            rankSum += board.rank(handle);
            rankSum += board.rank(handles[UPDATES - 1 - i]);
            if ((i & 0xFFF) == 0)
            {
                board.forEachAround(handle, 5, 5, sink);
                board.forEachInRange(i % PLAYERS, 10, sink);
            }
        }
    }
}
