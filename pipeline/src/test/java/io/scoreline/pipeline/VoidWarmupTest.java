package io.scoreline.pipeline;

import io.scoreline.rules.Rulebook;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up must take the paths a real void takes, or the JIT compiles the wrong ones: its
 * voids are all applied through the touched-only walk (a fallback would need a journal it does
 * not have, and throw), and they score events again (goals opened golden minutes, whose doubled
 * awards the void takes back).
 */
class VoidWarmupTest
{
    @Test
    void shouldApplyEveryVoidThroughTheWalkAndScoreEventsAgain()
    {
        final long[] done = VoidWarmup.run(Rulebook.defaults());
        System.out.println("warm-up: events " + done[2] / 1_000_000 + " ms, voids " + done[3] / 1_000_000 + " ms, scored again " + done[1]);
        assertEquals(VoidWarmup.VOIDS, done[0], "voids applied");
        assertTrue(done[1] >= VoidWarmup.VOIDS * 50, "events scored again: " + done[1]);
    }
}
