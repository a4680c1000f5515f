package io.scoreline.perf;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path allocates nothing: after warm-up, a million events of every type through parse,
 * the 47 rules and both boards, counted with ThreadMXBean#getThreadAllocatedBytes on every stage
 * thread (and the producer loop).
 *
 * <p>A per-event allocation shows in every window of a million events. The JVM itself may, very
 * rarely, charge a few hundred bytes to a thread while it swaps compiled code (seen once in
 * dozens of runs); so up to three windows are measured and one of them must be exactly zero.
 */
class PipelineAllocationTest
{
    private static final int WINDOWS = 3;

    @Test
    void shouldAllocateZeroBytesPerEventOnEveryStageThreadAfterWarmUp() throws Exception
    {
        final List<Long> allocated = new ArrayList<>();
        for (int window = 0; window < WINDOWS; window++)
        {
            final Bench.Result result = new Bench(1_000_000, 200_000, "yielding").run(500_000);
            assertEquals(1_000_000, result.events);
            assertTrue(result.accepted > 1_400_000, "the synthetic mix is valid, so nearly all events are accepted: " + result.accepted);
            allocated.add(result.allocatedBytes);
            if (result.allocatedBytes == 0)
            {
                return;
            }
        }
        assertEquals(0, allocated.get(allocated.size() - 1), "bytes allocated per window of 1M events: " + allocated);
    }
}
