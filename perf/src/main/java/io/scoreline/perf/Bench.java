package io.scoreline.perf;

import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.rules.Score;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/scorer bench}: the whole pipeline in-process (parse, the 47 rules, both boards),
 * driven by a producer that writes synthetic event JSON straight into the ring's slots. Counts
 * the bytes the stage threads and the producer allocate while measuring.
 * Last line: {@code events/s=R bytes/event=B}.
 */
public final class Bench
{
    private static final int PRODUCER_BATCH = 64;

    private final long events;
    private final int players;
    private double bytesPerPlayer;
    private final String waitStrategy;

    public Bench(final long events, final int players, final String waitStrategy)
    {
        this.events = events;
        this.players = players;
        this.waitStrategy = waitStrategy;
    }

    /** Result of a run. */
    public static final class Result
    {
        public final long events;
        public final double eventsPerSecond;
        /** Bytes allocated by the stage threads (journal, parse, score, board) while measuring. */
        public final long allocatedBytes;
        /** Bytes allocated by the bench's producer loop (the synthetic load, not the pipeline). */
        public final long producerBytes;
        public final long accepted;

        Result(final long events, final double eventsPerSecond, final long allocatedBytes, final long producerBytes, final long accepted)
        {
            this.events = events;
            this.eventsPerSecond = eventsPerSecond;
            this.allocatedBytes = allocatedBytes;
            this.producerBytes = producerBytes;
            this.accepted = accepted;
        }

        /** Bytes the pipeline's stage threads allocated per event. */
        public double bytesPerEvent()
        {
            return events == 0 ? 0 : (double)allocatedBytes / events;
        }

        @Override
        public String toString()
        {
            return String.format("events/s=%.0f bytes/event=%s", eventsPerSecond, formatBytes(bytesPerEvent()));
        }

        private static String formatBytes(final double b)
        {
            return b == Math.rint(b) ? Long.toString((long)b) : String.format("%.3f", b);
        }
    }

    public Result run(final long warmupEvents) throws InterruptedException
    {
        final long[] accepted = {0};
        final PipelineConfig config = new PipelineConfig().maxPlayers(players).waitStrategy(waitStrategy);
        try (ScoringPipeline pipeline = new ScoringPipeline(config, (slot, endOfBatch) ->
        {
            if (slot.command == EventSlot.EVENT && slot.score.status == Score.OK)
            {
                accepted[0]++;
            }
        }))
        {
            final SyntheticEvents generator = new SyntheticEvents(players, 42);
            produce(pipeline, generator, warmupEvents);
            drain(pipeline);

            // Stage threads (the pipeline) are counted around the whole run; the producer (this
            // thread, standing in for the I/O thread) around its loop only, and reported apart:
            // draining waits on a latch, which allocates once per run.
            final AllocationCounter stages = new AllocationCounter(pipeline.stageThreads());
            final long stagesBefore = stages.total();
            final long producerBefore = AllocationCounter.currentThread();
            final long start = System.nanoTime();
            produce(pipeline, generator, events);
            final long producerBytes = AllocationCounter.currentThread() - producerBefore;
            drain(pipeline);
            final long elapsed = System.nanoTime() - start;
            bytesPerPlayer = pipeline.bytesPerPlayer();
            return new Result(events, events * 1e9 / elapsed, stages.total() - stagesBefore, producerBytes, accepted[0]);
        }
    }

    /** Claims slots in groups: one sequencer update and one publish per group, not per event. */
    private static void produce(final ScoringPipeline pipeline, final SyntheticEvents generator, final long count)
    {
        long remaining = count;
        while (remaining > 0)
        {
            final int n = (int)Math.min(PRODUCER_BATCH, remaining);
            final long high = pipeline.next(n);
            final long low = high - n + 1;
            try
            {
                for (long sequence = low; sequence <= high; sequence++)
                {
                    final EventSlot slot = pipeline.slot(sequence);
                    slot.reset(EventSlot.EVENT, null);
                    final int length = generator.next(slot.line);
                    slot.storedLength = length;
                    slot.trueLength = length;
                    slot.ordinal = pipeline.takeOrdinal();
                    slot.receivedNanos = 0;
                }
            }
            finally
            {
                pipeline.publish(low, high);
            }
            remaining -= n;
        }
    }

    /** Preallocated state per player slot of the last run (engine record, id index, board share). */
    public double bytesPerPlayer()
    {
        return bytesPerPlayer;
    }

    /** Resident set size of this process in MiB, from /proc (Linux); -1 elsewhere. */
    public static long residentMiB()
    {
        try
        {
            for (final String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        }
        catch (final java.io.IOException | RuntimeException e)
        {
            return -1;
        }
        return -1;
    }

    private static void drain(final ScoringPipeline pipeline) throws InterruptedException
    {
        if (!pipeline.awaitDrained(10, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("pipeline did not drain");
        }
    }

    /** Sums {@code ThreadMXBean#getThreadAllocatedBytes} over a fixed set of threads. */
    public static final class AllocationCounter
    {
        private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        private final long[] ids;

        public AllocationCounter(final List<Thread> threads)
        {
            ids = new long[threads.size()];
            for (int i = 0; i < threads.size(); i++)
            {
                ids[i] = threads.get(i).getId();
            }
        }

        /** Bytes the calling thread has allocated so far; allocates nothing itself. */
        public static long currentThread()
        {
            return BEAN.getCurrentThreadAllocatedBytes();
        }

        /** @throws IllegalStateException if a thread's bytes cannot be counted (counting off, or the thread gone): never a silent 0 */
        public long total()
        {
            long sum = 0;
            final long[] counts = BEAN.getThreadAllocatedBytes(ids);
            for (int i = 0; i < counts.length; i++)
            {
                if (counts[i] < 0)
                {
                    throw new IllegalStateException("cannot count the bytes thread " + ids[i] + " allocates");
                }
                sum += counts[i];
            }
            return sum;
        }
    }
}
