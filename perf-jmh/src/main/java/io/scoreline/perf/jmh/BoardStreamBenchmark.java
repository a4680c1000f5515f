package io.scoreline.perf.jmh;

import io.scoreline.leaderboard.Leaderboard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The player board as the pipeline's board stage drives it, at scale: a full board (every player
 * inserted first), then a stream of scored events over uniformly random players. Each event either
 * moves the player (delta != 0: {@code update} with the next ordinal, then {@code rank}) or only
 * reads its rank (delta 0, ~5%). Deltas like the game's: mostly +20..+600, ~5% negative. Before a
 * group of events the two prefetch phases run over the next {@code group} upcoming events, as
 * {@code BoardStage}'s prefetch phases do (group 0: no prefetch).
 *
 * <p>One invocation = {@link #CHUNK} events, timed once (single shot); the stream is generated in
 * setup from a fixed seed, so every variant sees the same players, totals and ordinals. Setup prints
 * the board's preallocated bytes a player.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BoardStreamBenchmark.CHUNK)
@Warmup(iterations = BoardStreamBenchmark.WARMUP, batchSize = 1)
@Measurement(iterations = BoardStreamBenchmark.MEASURED, batchSize = 1)
public class BoardStreamBenchmark
{
    static final int CHUNK = 1 << 20;
    static final int WARMUP = 4;
    static final int MEASURED = 8;

    @State(Scope.Benchmark)
    public static class Stream
    {
        @Param({"1000000"})
        public int players;

        @Param({"16"})
        public int group;

        Leaderboard board;
        /** Per event: the player's handle, or ~handle for a delta-0 event (rank only). */
        int[] handles;
        long[] totals;
        long firstOrdinal;
        int next;
        long sink;

        @Setup(Level.Trial)
        public void setUp()
        {
            final int events = CHUNK * (WARMUP + MEASURED);
            final SplittableRandom random = new SplittableRandom(20_240_611);
            final long[] shadow = new long[players];
            board = newBoard(players);
            long ordinal = 0;
            for (int i = 0; i < players; i++)
            {
                final int handle = (int)((i * 2_654_435_761L) % players);   // a permutation when players is odd or coprime
                shadow[handle] = gain(random);
                board.update(handle, handle + 1L, shadow[handle], ordinal++);
            }
            for (int handle = 0; handle < players; handle++)
            {
                if (!board.contains(handle))
                {
                    shadow[handle] = gain(random);
                    board.update(handle, handle + 1L, shadow[handle], ordinal++);
                }
            }
            firstOrdinal = ordinal;
            handles = new int[events];
            totals = new long[events];
            for (int i = 0; i < events; i++)
            {
                final int handle = random.nextInt(players);
                final int kind = random.nextInt(100);
                final long delta = kind < 5 ? 0 : kind < 10 ? -random.nextLong(10, 301) : gain(random);
                shadow[handle] += delta;
                handles[i] = delta == 0 ? ~handle : handle;
                totals[i] = shadow[handle];
            }
            System.out.printf("%nboard: players=%d size=%d bytes/player=%.2f%n",
                players, board.size(), board.allocatedBytes() / (double)players);
        }

        private static long gain(final SplittableRandom random)
        {
            return random.nextLong(20, 601);
        }
    }

    static Leaderboard newBoard(final int capacity)
    {
        return Leaderboard.inArrivalOrder(capacity, handle -> handle + 1L);
    }

    @Benchmark
    public long updateAndRank(final Stream s)
    {
        final Leaderboard board = s.board;
        final int[] handles = s.handles;
        final long[] totals = s.totals;
        final int group = s.group;
        final int from = s.next;
        final int end = from + CHUNK;
        int prefetchedUntil = from;
        long rankSum = 0;
        for (int i = from; i < end; i++)
        {
            if (group > 0 && i + group >= prefetchedUntil && prefetchedUntil < end)
            {
                final int until = Math.min(end, i + 2 * group);
                for (int j = prefetchedUntil; j < until; j++)
                {
                    board.prefetchHandle(handleOf(handles[j]));
                }
                for (int j = prefetchedUntil; j < until; j++)
                {
                    board.prefetchLeaves(handleOf(handles[j]), totals[j]);
                }
                prefetchedUntil = until;
            }
            final int h = handles[i];
            if (h >= 0)
            {
                board.update(h, h + 1L, totals[i], s.firstOrdinal + i);
                rankSum += board.rank(h);
            }
            else
            {
                rankSum += board.rank(~h);
            }
        }
        s.next = end;
        s.sink += rankSum;
        return rankSum;
    }

    private static int handleOf(final int encoded)
    {
        return encoded >= 0 ? encoded : ~encoded;
    }
}
