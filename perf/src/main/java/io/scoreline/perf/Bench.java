package io.scoreline.perf;

import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.ResultSink;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.pipeline.SerialPipeline;
import io.scoreline.pipeline.StageTimes;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.WaitKind;
import io.scoreline.rules.Score;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/scorer bench}: parse, the 47 rules and both boards in-process, fed by synthetic event
 * JSON written straight into the slots. Two modes:
 * <ul>
 *   <li>pipeline (default): the ring and its stages as {@code serve} runs them (without the
 *   journal), this thread standing in for the I/O thread as the producer;</li>
 *   <li>serial ({@code --serial}): the same stages on this thread, no ring: the work's own cost,
 *   what the pipeline is compared against. Only the stages are timed, not the generator.</li>
 * </ul>
 * Counts the bytes the stage threads allocate while measuring, and times each stage.
 * Last line: {@code events/s=R bytes/event=B miss_ns=M}.
 */
public final class Bench
{
    private static final int PRODUCER_BATCH = 64;
    private static final int SERIAL_BATCH = 256;

    private final long events;
    private final int players;
    private final WaitKind waitStrategy;
    private final Topology topology;
    private double bytesPerPlayer;
    private Topology usedTopology;
    private io.scoreline.journal.JournalConfig journalConfig;
    private java.nio.file.Path journalDir;
    private long undoEvents;
    private java.nio.file.Path undoFile;

    public Bench(final long events, final int players, final WaitKind waitStrategy, final Topology topology)
    {
        this.events = events;
        this.players = players;
        this.waitStrategy = waitStrategy;
        this.topology = topology;
    }

    /**
     * Runs the pipeline with its journal stage, as serve does, writing to {@code dir} (tests: the
     * journal stage inside the zero-allocation run). Without it the chain starts at parse.
     */
    public Bench journal(final java.nio.file.Path dir, final io.scoreline.journal.JournalConfig config)
    {
        this.journalDir = dir;
        this.journalConfig = config;
        return this;
    }

    /** The engine's undo log (GAME.md section 7), as serve keeps it: its cost per event is in the figure. */
    public Bench undoEvents(final long undoEvents)
    {
        this.undoEvents = undoEvents;
        return this;
    }

    /** The undo log mapped from this file, as serve keeps it in its journal directory (default: direct memory). */
    public Bench undoFile(final java.nio.file.Path undoFile)
    {
        this.undoFile = undoFile;
        return this;
    }

    /** Result of a run. */
    public static final class Result
    {
        public final long events;
        public final double eventsPerSecond;
        /** Bytes allocated by the stage threads (serial: this thread) while measuring. */
        public final long allocatedBytes;
        /** Bytes allocated by the bench's producer loop (the synthetic load, not the pipeline); serial: 0. */
        public final long producerBytes;
        public final long accepted;
        /** Ns a slot per stage while measuring, e.g. {@code parse=80 score=120 board=150 sink=4 total=354}. */
        public final String stages;

        Result(
            final long events, final double eventsPerSecond, final long allocatedBytes, final long producerBytes,
            final long accepted, final String stages)
        {
            this.events = events;
            this.eventsPerSecond = eventsPerSecond;
            this.allocatedBytes = allocatedBytes;
            this.producerBytes = producerBytes;
            this.accepted = accepted;
            this.stages = stages;
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

    /** The pipeline: ring, stages on the topology asked for, this thread the producer. */
    public Result run(final long warmupEvents) throws InterruptedException
    {
        final long[] accepted = {0};
        final PipelineConfig config =
            new PipelineConfig().maxPlayers(players).waitStrategy(waitStrategy).topology(topology).undoEvents(undoEvents)
                .undoFile(undoFile);
        if (journalDir != null)
        {
            config.journalDir(journalDir).journalConfig(journalConfig);
        }
        try (ScoringPipeline pipeline = new ScoringPipeline(config, countAccepted(accepted)))
        {
            usedTopology = pipeline.topology();
            final SyntheticEvents generator = new SyntheticEvents(players, 42);
            produce(pipeline, generator, warmupEvents);
            drain(pipeline);

            // Stage threads (the pipeline) are counted around the whole run, each by itself as a
            // probe passes (see AllocationProbe); the second probe also waits for the run to drain.
            // The producer (this thread, standing in for the I/O thread) is counted around its
            // loop only, and reported apart. Inline, the producer is the stage thread: between
            // the probes it does only the loop, and the probes allocate nothing.
            final CpuCounter cpu = new CpuCounter(pipeline.stageThreads());
            final StageTimes timesBefore = pipeline.stageTimes().snapshot();
            final long stagesBefore = pipeline.stageAllocatedBytes(1, TimeUnit.MINUTES);
            final long producerBefore = AllocationCounter.currentThread();
            final long start = System.nanoTime();
            produce(pipeline, generator, events);
            final long producerBytes = AllocationCounter.currentThread() - producerBefore;
            final long stagesAfter = pipeline.stageAllocatedBytes(1, TimeUnit.MINUTES);
            final long elapsed = System.nanoTime() - start;
            bytesPerPlayer = pipeline.bytesPerPlayer();
            final String stageCosts = usedTopology == Topology.STAGED ?
                cpu.perEventSince(events) : pipeline.stageTimes().perSlotSince(timesBefore);
            return new Result(events, events * 1e9 / elapsed, stagesAfter - stagesBefore, producerBytes, accepted[0], stageCosts);
        }
    }

    /** The same stages on this thread with no ring; only the stages are timed, not the generator. */
    public Result runSerial(final long warmupEvents)
    {
        final long[] accepted = {0};
        final SerialPipeline serial = new SerialPipeline(
            new PipelineConfig().maxPlayers(players), SERIAL_BATCH, countAccepted(accepted));
        final SyntheticEvents generator = new SyntheticEvents(players, 42);
        final long[] ordinal = {0};
        runSerial(serial, generator, ordinal, warmupEvents);
        serial.catchUp();
        final StageTimes timesBefore = serial.stageTimes().snapshot();
        final long allocatedBefore = AllocationCounter.currentThread();
        final long catchUpBefore = serial.catchUpNanos();
        long elapsed = runSerial(serial, generator, ordinal, events);
        final long end = System.nanoTime();
        serial.catchUp();
        elapsed += System.nanoTime() - end;
        final long allocated = AllocationCounter.currentThread() - allocatedBefore;
        final String catchUp = String.format(" catchup=%.0f", (double)(serial.catchUpNanos() - catchUpBefore) / events);
        bytesPerPlayer = serial.bytesPerPlayer();
        return new Result(
            events, events * 1e9 / elapsed, allocated, 0, accepted[0], serial.stageTimes().perSlotSince(timesBefore) + catchUp);
    }

    /** @return ns spent in the stages (not in the generator). */
    private static long runSerial(final SerialPipeline serial, final SyntheticEvents generator, final long[] ordinal, final long count)
    {
        long elapsed = 0;
        long remaining = count;
        while (remaining > 0)
        {
            final int n = (int)Math.min(serial.batch(), remaining);
            for (int i = 0; i < n; i++)
            {
                fill(serial.slot(i), generator, ordinal[0]++);
            }
            final long start = System.nanoTime();
            serial.run(n);
            elapsed += System.nanoTime() - start;
            remaining -= n;
        }
        return elapsed;
    }

    private static ResultSink countAccepted(final long[] accepted)
    {
        return (slot, endOfBatch) ->
        {
            if (slot.command == EventSlot.EVENT && slot.score.status == Score.OK)
            {
                accepted[0]++;
            }
        };
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
                    fill(pipeline.slot(sequence), generator, pipeline.takeOrdinal());
                }
            }
            finally
            {
                pipeline.publish(low, high);
            }
            remaining -= n;
        }
    }

    static void fill(final EventSlot slot, final SyntheticEvents generator, final long ordinal)
    {
        slot.reset(EventSlot.EVENT, null);
        final int length = generator.next(slot.line);
        slot.storedLength = length;
        slot.trueLength = length;
        slot.ordinal = ordinal;
        slot.receivedNanos = 0;
    }

    /** Preallocated state per player slot of the last run (engine record, id index, board share). */
    public double bytesPerPlayer()
    {
        return bytesPerPlayer;
    }

    /** The topology the last pipeline run used ({@code auto} resolved); null after a serial run. */
    public Topology usedTopology()
    {
        return usedTopology;
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

    /** The calling thread's own allocation count (exact: no race with another thread's TLAB). */
    public static final class AllocationCounter
    {
        private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        private AllocationCounter()
        {
        }

        /** Bytes the calling thread has allocated so far; allocates nothing itself. */
        public static long currentThread()
        {
            final long bytes = BEAN.getCurrentThreadAllocatedBytes();
            if (bytes < 0)
            {
                throw new IllegalStateException("this JVM cannot count the bytes a thread allocates");
            }
            return bytes;
        }
    }

    /** CPU time of each stage thread (staged topology: a stage's cost, its waiting included). */
    private static final class CpuCounter
    {
        private final List<Thread> threads;
        private final long[] before;

        CpuCounter(final List<Thread> threads)
        {
            this.threads = threads;
            before = new long[threads.size()];
            for (int i = 0; i < before.length; i++)
            {
                before[i] = ManagementFactory.getThreadMXBean().getThreadCpuTime(threads.get(i).getId());
            }
        }

        String perEventSince(final long events)
        {
            final StringBuilder out = new StringBuilder("cpu per stage thread (waiting included):");
            for (int i = 0; i < before.length; i++)
            {
                final long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(threads.get(i).getId()) - before[i];
                out.append(' ').append(threads.get(i).getName()).append('=').append(Math.round((double)cpu / events));
            }
            return out.toString();
        }
    }
}
