package io.scoreline.perf.jmh;

import io.scoreline.leaderboard.Leaderboard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One score change on a board of N players: move the player, then read its rank (what the board
 * stage does per event). {@link Leaderboard} vs {@link MapBoard} over ConcurrentSkipListMap and
 * TreeMap, whose rank is {@code headMap(key).size()}: O(n). The {@code ...UpdateOnly} pair leaves
 * the rank out, to show the gap that remains when the map's O(n) rank is not paid.
 *
 * <p>Updates are uniform random over the N players, each adding 1..100 points and taking the next
 * reachedAt; the boards start with every player at a random total in 0..9999 (many ties).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LeaderboardBenchmark
{
    static final int SCHEDULE = 1 << 16;

    /** The update schedule shared by every board: same players, same gains. */
    @State(Scope.Thread)
    public abstract static class Updates
    {
        @Param({"10000", "1000000"})
        public int players;

        final int[] picks = new int[SCHEDULE];
        final long[] gains = new long[SCHEDULE];
        long[] totals;
        long clock;
        int next;

        void schedule()
        {
            final SplittableRandom random = new SplittableRandom(7);
            totals = new long[players];
            for (int p = 0; p < players; p++)
            {
                totals[p] = random.nextInt(10_000);
            }
            for (int i = 0; i < SCHEDULE; i++)
            {
                picks[i] = random.nextInt(players);
                gains[i] = 1 + random.nextInt(100);
            }
        }
    }

    @State(Scope.Thread)
    public static class ScorelineBoard extends Updates
    {
        Leaderboard board;

        @Setup
        public void setUp()
        {
            schedule();
            board = new Leaderboard(players);
            for (int p = 0; p < players; p++)
            {
                board.update(p, p + 1, totals[p], ++clock);
            }
        }
    }

    @State(Scope.Thread)
    public static class SkipListBoard extends Updates
    {
        MapBoard board;

        @Setup
        public void setUp()
        {
            schedule();
            board = MapBoard.skipList();
            for (int p = 0; p < players; p++)
            {
                board.update(p + 1, totals[p], ++clock);
            }
        }
    }

    @State(Scope.Thread)
    public static class TreeMapBoard extends Updates
    {
        MapBoard board;

        @Setup
        public void setUp()
        {
            schedule();
            board = MapBoard.treeMap();
            for (int p = 0; p < players; p++)
            {
                board.update(p + 1, totals[p], ++clock);
            }
        }
    }

    @Benchmark
    public int leaderboard(final ScorelineBoard s)
    {
        final int i = s.next++ & (SCHEDULE - 1);
        final int p = s.picks[i];
        s.board.update(p, p + 1, s.totals[p] += s.gains[i], ++s.clock);
        return s.board.rank(p);
    }

    @Benchmark
    public int skipListMap(final SkipListBoard s)
    {
        final int i = s.next++ & (SCHEDULE - 1);
        final int p = s.picks[i];
        s.board.update(p + 1, s.totals[p] += s.gains[i], ++s.clock);
        return s.board.rank(p + 1);
    }

    @Benchmark
    public int treeMap(final TreeMapBoard s)
    {
        final int i = s.next++ & (SCHEDULE - 1);
        final int p = s.picks[i];
        s.board.update(p + 1, s.totals[p] += s.gains[i], ++s.clock);
        return s.board.rank(p + 1);
    }

    @Benchmark
    public long leaderboardUpdateOnly(final ScorelineBoard s)
    {
        final int i = s.next++ & (SCHEDULE - 1);
        final int p = s.picks[i];
        s.board.update(p, p + 1, s.totals[p] += s.gains[i], ++s.clock);
        return s.clock;
    }

    @Benchmark
    public long skipListMapUpdateOnly(final SkipListBoard s)
    {
        final int i = s.next++ & (SCHEDULE - 1);
        final int p = s.picks[i];
        s.board.update(p + 1, s.totals[p] += s.gains[i], ++s.clock);
        return s.clock;
    }
}
