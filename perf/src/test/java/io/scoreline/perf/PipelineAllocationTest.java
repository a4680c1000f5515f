package io.scoreline.perf;

import io.scoreline.pipeline.Topology;
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
 * (a long quiz streak, a counter reaching its cap) are first taken late, after C2 has compiled the
 * engine without them; the uncommon trap that deoptimises it allocated 48-192 bytes once, in the
 * first run of a JVM only, in about one JVM of two under a CPU burner. That is a one-off cost of
 * the JIT settling, not a cost per event, so the counted run is the second.
 */
class PipelineAllocationTest
{
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Topology.class, names = {"FUSED", "STAGED", "INLINE"})
    void shouldAllocateZeroBytesPerEventOnEveryStageThreadAfterWarmUp(final Topology topology) throws Exception
    {
        new Bench(1_000_000, 200_000, "parking", topology).run(500_000);
        final Bench bench = new Bench(1_000_000, 200_000, "parking", topology);
        final Bench.Result result = bench.run(500_000);

        assertEquals(topology, bench.usedTopology());
        assertEquals(1_000_000, result.events);
        assertTrue(result.accepted > 1_400_000, "the synthetic mix is valid, so nearly all events are accepted: " + result.accepted);
        assertEquals(0, result.allocatedBytes, "bytes allocated by the stage threads over 1M events");
    }

    @Test
    void shouldAllocateZeroBytesPerEventInTheSerialRunAfterWarmUp()
    {
        new Bench(1_000_000, 200_000, "parking", Topology.FUSED).runSerial(500_000);
        final Bench.Result result = new Bench(1_000_000, 200_000, "parking", Topology.FUSED).runSerial(500_000);

        assertTrue(result.accepted > 1_400_000, "nearly all events are accepted: " + result.accepted);
        assertEquals(0, result.allocatedBytes, "bytes allocated by the one thread over 1M events, generator included");
    }
}
