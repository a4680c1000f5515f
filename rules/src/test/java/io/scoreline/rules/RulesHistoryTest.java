package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R10/R19 over the packed histories (offsets exact within the span, "far" beyond it): GAME.md
 * says a history holds the last K timestamps in arrival order and the rule asks whether their
 * max minus min is within the span. Expected values by hand from that definition.
 */
class RulesHistoryTest
{
    private static final long T = 1_749_808_800_000L;

    @Test
    void shouldAwardRapidWhenTheSpanEqualsALimitOfIntegerMaxValue()
    {
        final Game g = new Game(EngineDifferentialTest.rulebook("max span", "R10.count=3", "R10.spanMs=2147483647"));

        assertFalse(rapid(g.clue(T, 0, 0)));
        assertFalse(rapid(g.clue(T + 1_000, 0, 0)));
        assertTrue(rapid(g.clue(T + Integer.MAX_VALUE, 0, 0)), "span 2147483647 <= 2147483647");
    }

    @Test
    void shouldNotAwardRapidOneMillisecondPastALimitOfIntegerMaxValueInEitherOrder()
    {
        final Game g = new Game(EngineDifferentialTest.rulebook("max span", "R10.count=3", "R10.spanMs=2147483647"));

        assertFalse(rapid(g.clue(T + Integer.MAX_VALUE + 1L, 0, 0)));
        assertFalse(rapid(g.clue(T + 1_000, 0, 0)));
        assertFalse(rapid(g.clue(T, 0, 0)), "span 2147483648");
        assertTrue(rapid(g.clue(T + 2_000, 0, 0)), "the oldest left: span 2000");
    }

    @Test
    void shouldKeepAFarEntryBlockingUntilItLeavesEvenWhenLaterEntriesAreCloseToIt()
    {
        final Game g = new Game(); // R10: 5 clues within 300000

        assertFalse(rapid(g.clue(T, 0, 0)));
        assertFalse(rapid(g.clue(T + 10 * 300_000, 0, 0)));  // far from the first
        assertFalse(rapid(g.clue(T + 1, 0, 0)));
        assertFalse(rapid(g.clue(T + 2, 0, 0)));
        assertFalse(rapid(g.clue(T + 3, 0, 0)), "holds T, T+3000000, T+1..T+3: span 3000000");
        assertFalse(rapid(g.clue(T + 4, 0, 0)), "holds T+3000000, T+1..T+4: span 2999999");
        assertTrue(rapid(g.clue(T + 5, 0, 0)), "holds T+1..T+5: span 4");
    }

    @Test
    void shouldMeasureTheSpanOfClueTimesArrivingOutOfOrder()
    {
        final Game g = new Game();

        assertFalse(rapid(g.clue(T + 300_000, 0, 0)));
        assertFalse(rapid(g.clue(T, 0, 0)));
        assertFalse(rapid(g.clue(T + 100_000, 0, 0)));
        assertFalse(rapid(g.clue(T + 300_001, 0, 0)));
        assertFalse(rapid(g.clue(T + 50_000, 0, 0)), "span 300001");
        assertFalse(rapid(g.clue(T + 1, 0, 0)), "T + 300000 left: span still 300001");
        assertTrue(rapid(g.clue(T + 2, 0, 0)), "T left: span 300000");
    }

    @Test
    void shouldStartAnEmptyHistoryAfterARapidAward()
    {
        final Game g = new Game();
        for (int i = 0; i < 4; i++)
        {
            assertFalse(rapid(g.clue(T + i, 0, 0)));
        }
        assertTrue(rapid(g.clue(T + 4, 0, 0)));
        for (int i = 5; i < 9; i++)
        {
            assertFalse(rapid(g.clue(T + i, 0, 0)), "cleared, holds " + (i - 4));
        }
        assertTrue(rapid(g.clue(T + 9, 0, 0)));
    }

    @Test
    void shouldTreatTheExtremeTimestampsExactly()
    {
        final Game g = new Game(EngineDifferentialTest.rulebook("combo of 2", "R19.count=2", "R19.spanMs=1"));
        final long max = RecordLayout.MAX_TS;

        assertFalse(combo(g.treasure(max, 1, 1, 1)));
        assertTrue(combo(g.treasure(max - 1, 2, 1, 1)), "span 1");
        assertFalse(combo(g.treasure(0, 3, 1, 1)));
        assertFalse(combo(g.treasure(max, 4, 1, 1)), "span 253402300799999");
        assertTrue(combo(g.treasure(max, 5, 1, 1)), "span 0");
    }

    private static boolean rapid(final Game.Outcome o)
    {
        assertTrue(o.ok(), o.json());
        return o.rules().contains("R10");
    }

    private static boolean combo(final Game.Outcome o)
    {
        assertTrue(o.ok(), o.json());
        return o.rules().contains("R19");
    }
}
