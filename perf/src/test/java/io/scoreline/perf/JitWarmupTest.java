package io.scoreline.perf;

import io.scoreline.rules.Rulebook;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JitWarmupTest
{
    @Test
    void shouldPassEverySyntheticEventThroughTheStagesOnAThrowAwayState()
    {
        // 1,000 events is four batches of 256 and a part one: each comes out of the last stage once.
        assertEquals(1_000, JitWarmup.run(Rulebook.defaults(), 1_000));
        assertEquals(0, JitWarmup.run(Rulebook.defaults(), 0));
    }
}
