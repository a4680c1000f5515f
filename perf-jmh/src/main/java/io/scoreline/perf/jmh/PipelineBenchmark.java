package io.scoreline.perf.jmh;

import io.scoreline.perf.SyntheticEvents;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.pipeline.WaitKind;
import io.scoreline.rules.Score;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Events per second through the whole in-process pipeline, one batch of {@link #BATCH} events per
 * invocation, timed until the last result is out: {@link ScoringPipeline} (Disruptor ring, parse,
 * score, board stages, fed as {@code Bench} feeds it) vs {@link PlainJavaPipeline}
 * (ArrayBlockingQueues, Jackson databind, the same ScoringEngine, ConcurrentSkipListMap boards).
 * Both are fed by one {@link SyntheticEvents} stream with the same seed over {@link #PLAYERS} players;
 * each keeps its own generator across invocations so seqs keep rising and events stay valid.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark
{
    static final int BATCH = 100_000;
    static final int PLAYERS = 100_000;
    static final long SEED = 42;

    @State(Scope.Benchmark)
    public static class Scoreline
    {
        /** The service default, and the one that parks: fairer when 4 threads share 2 busy cores. */
        @Param({"parking", "yielding"})
        public String waitStrategy;

        final SyntheticEvents generator = new SyntheticEvents(PLAYERS, SEED);
        final long[] accepted = {0};
        ScoringPipeline pipeline;

        @Setup
        public void setUp()
        {
            pipeline = new ScoringPipeline(new PipelineConfig().maxPlayers(PLAYERS).waitStrategy(WaitKind.named(waitStrategy)), (slot, endOfBatch) ->
            {
                if (slot.command == EventSlot.EVENT && slot.score.status == Score.OK)
                {
                    accepted[0]++;
                }
            });
        }

        @TearDown
        public void tearDown()
        {
            pipeline.close();
        }
    }

    @State(Scope.Benchmark)
    public static class PlainJava
    {
        final SyntheticEvents generator = new SyntheticEvents(PLAYERS, SEED);
        final byte[] scratch = new byte[EventSlot.LINE_CAPACITY];
        PlainJavaPipeline pipeline;

        @Setup
        public void setUp()
        {
            pipeline = new PlainJavaPipeline(PLAYERS);
        }

        @TearDown
        public void tearDown() throws InterruptedException
        {
            pipeline.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long scoreline(final Scoreline s) throws InterruptedException
    {
        final ScoringPipeline pipeline = s.pipeline;
        for (int n = 0; n < BATCH; n++)
        {
            final long sequence = pipeline.next();
            try
            {
                final EventSlot slot = pipeline.slot(sequence);
                slot.reset(EventSlot.EVENT, null);
                final int length = s.generator.next(slot.line);
                slot.storedLength = length;
                slot.trueLength = length;
                slot.ordinal = pipeline.takeOrdinal();
                slot.receivedNanos = 0;
            }
            finally
            {
                pipeline.publish(sequence);
            }
        }
        if (!pipeline.awaitDrained(1, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("pipeline did not drain");
        }
        return s.accepted[0];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long plainJava(final PlainJava s) throws InterruptedException
    {
        final PlainJavaPipeline pipeline = s.pipeline;
        for (int n = 0; n < BATCH; n++)
        {
            // A Java producer hands each frame on as its own byte[].
            pipeline.submit(Arrays.copyOf(s.scratch, s.generator.next(s.scratch)));
        }
        if (!pipeline.awaitDrained(1, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("plain pipeline did not drain");
        }
        return pipeline.accepted();
    }
}
