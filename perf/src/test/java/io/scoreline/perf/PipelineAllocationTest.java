package io.scoreline.perf;

import io.scoreline.journal.JournalConfig;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.WaitKind;
import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path allocates nothing: after warm-up, a million events of every type through parse,
 * the 47 rules and both boards, counted with ThreadMXBean#getThreadAllocatedBytes on every stage
 * thread. (The bench's producer loop stands in for the I/O thread and is not counted: it may
 * park when the ring is full.)
 *
 * <p>Warm-up is a whole throwaway run of the same stream first. Within one run, rare branches
 * (a long quiz streak, a counter reaching its cap; under contention, a stage's first park) are
 * first taken late, after C2 has compiled the code without them; the uncommon trap that
 * deoptimises it allocated 48-240 bytes once (a scalar-replaced object rematerialised). After a
 * throwaway run that was gone for fused and serial; staged, with its timing-driven branches,
 * still showed 56 bytes in 2 of 3 CI runs under two busy loops. So the bound is per event, as
 * the claim is: the shared {@link Allocations#ONE_OFF_BYTES} over 1M events, where one 16-byte
 * object per 1,000 events would already be 16,000 bytes. Quiet runs read exactly 0 (bench prints it).
 */
class PipelineAllocationTest
{
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path journal;


    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Topology.class, names = {"FUSED", "STAGED", "INLINE"})
    void shouldAllocateZeroBytesPerEventOnEveryStageThreadAfterWarmUp(final Topology topology) throws Exception
    {
        Allocations.counter();
        new Bench(1_000_000, 200_000, WaitKind.PARKING, topology).run(500_000);
        final Bench bench = new Bench(1_000_000, 200_000, WaitKind.PARKING, topology);
        final Bench.Result result = bench.run(500_000);

        assertEquals(topology, bench.usedTopology());
        assertEquals(1_000_000, result.events);
        assertTrue(result.accepted > 1_400_000, "the synthetic mix is valid, so nearly all events are accepted: " + result.accepted);
        Allocations.assertOneOff(result.allocatedBytes, "the stage threads over 1M events");
    }

    /**
     * The same with the undo log a void rolls back through (GAME.md section 7), as serve keeps it:
     * every commit copies the record it overwrites into the off-heap ring, which wraps several
     * times over 1.5M events. Break caught: a heap buffer per capture (a {@code ByteBuffer.wrap} or
     * a {@code new byte[]} of the record) reads over 100,000,000 bytes. The ring is a mapped file,
     * as serve's (issue 27), so its window's upkeep between runs (pages touched ahead, dropped
     * behind) is counted too.
     */
    @Test
    void shouldAllocateZeroBytesPerEventWhileCapturingUndoEntries(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception
    {
        Allocations.counter();
        new Bench(1_000_000, 200_000, WaitKind.PARKING, Topology.FUSED).undoEvents(300_000).undoFile(dir.resolve("undo")).run(500_000);
        final Bench bench = new Bench(1_000_000, 200_000, WaitKind.PARKING, Topology.FUSED).undoEvents(300_000)
            .undoFile(dir.resolve("undo"));
        final Bench.Result result = bench.run(500_000);

        assertEquals(1_000_000, result.events);
        assertTrue(result.accepted > 1_400_000, "the synthetic mix is valid, so nearly all events are accepted: " + result.accepted);
        Allocations.assertOneOff(result.allocatedBytes, "the stage threads over 1M events with the undo log");
    }

    /**
     * The same with the journal stage in the chain, as serve runs it (fsync NONE, the default):
     * the journal thread (staged) or the fused thread counts its appends. A file is sized to hold
     * the whole run (1.5M events of ~200 bytes), since a roll maps a new file and allocates
     * (JournalWriterTest counts roll windows apart). Break caught: a {@code new byte[]} per
     * append in JournalStage reads 32,000,000 bytes in each topology.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Topology.class, names = {"FUSED", "STAGED", "INLINE"})
    void shouldAllocateZeroBytesPerEventWithTheJournalStageAfterWarmUp(final Topology topology) throws Exception
    {
        Allocations.counter();
        final JournalConfig oneFile = new JournalConfig().rollBytes(1L << 30);
        new Bench(1_000_000, 200_000, WaitKind.PARKING, topology).journal(journal.resolve("warm-up"), oneFile).run(500_000);
        final Bench bench = new Bench(1_000_000, 200_000, WaitKind.PARKING, topology).journal(journal.resolve("counted"), oneFile);
        final Bench.Result result = bench.run(500_000);

        assertEquals(topology, bench.usedTopology());
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(journal.resolve("counted")))
        {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".wire")).count(), "the run stayed in one journal file");
        }
        assertTrue(result.accepted > 1_400_000, "nearly all events are accepted: " + result.accepted);
        Allocations.assertOneOff(result.allocatedBytes, "the stage threads, journal stage included, over 1M events");
    }

    @Test
    void shouldAllocateZeroBytesPerEventInTheSerialRunAfterWarmUp()
    {
        Allocations.counter();
        new Bench(1_000_000, 200_000, WaitKind.PARKING, Topology.FUSED).runSerial(500_000);
        final Bench.Result result = new Bench(1_000_000, 200_000, WaitKind.PARKING, Topology.FUSED).runSerial(500_000);

        assertTrue(result.accepted > 1_400_000, "nearly all events are accepted: " + result.accepted);
        Allocations.assertOneOff(result.allocatedBytes, "the one thread over 1M events, generator included");
    }
}
