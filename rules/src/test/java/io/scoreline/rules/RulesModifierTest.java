package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import static io.scoreline.rules.Game.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GAME.md R40-R47 (windows, multipliers, caps, team credit) and the order of the modifiers:
 * shield, freeze, golden, boost, double, event cap, daily cap.
 */
class RulesModifierTest
{
    private static final long DAY = 86_400_000L;


    @Test
    void shouldDoublePositivePointsInTheGoldenMinuteOnly()
    {
        final Game g = Game.afterDailyFirst();
        final Game.Outcome goal = g.match(1_000_000, "goal"); // golden = [1000000, 1060000)
        assertEquals(ids("R40"), goal.rules());
        assertEquals("{\"seq\":2,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[\"R40\"]}", goal.json());

        assertEquals(150, g.clue(999_999, 60_000, 0).delta(), "before");
        final Game.Outcome from = g.clue(1_000_000, 60_000, 1);
        assertEquals(190, from.delta()); // 100 * 200 / 100 - 10: the negative is not doubled
        assertEquals(ids("R03", "R07", "R40", "R47"), from.rules());
        assertEquals(ids("R37", "R47"), g.hint(1_059_999).rules(), "P = 0: R40 changes nothing");
        assertEquals(ids("R03", "R04", "R40", "R47"), g.clue(1_059_999, 60_000, 0).rules(), "last covered ms");
        assertEquals(ids("R03", "R04", "R47"), g.clue(1_060_000, 60_000, 0).rules(), "until is excluded");
    }

    @Test
    void shouldReplaceTheGoldenWindowOnANewGoal()
    {
        final Game g = Game.afterDailyFirst();
        g.match(1_000_000, "goal");
        g.match(1_030_000, "goal"); // golden = [1030000, 1090000)

        assertEquals(ids("R03", "R07", "R47"), g.clue(1_029_999, 60_000, 1).rules(), "covered by the old window only");
        assertEquals(ids("R03", "R07", "R40", "R47"), g.clue(1_089_999, 60_000, 1).rules());
    }

    @Test
    void shouldBoostByHalfTruncatingAnOddP()
    {
        final Game g = Game.afterDailyFirst();
        assertEquals(ids("R41"), g.match(1_000_000, "penalty_saved").rules()); // boost = [1000000, 1030000)
        assertEquals(91, g.clue(999_999, 59_600, 1).delta(), "before the window: 101 - 10");

        final Game.Outcome boosted = g.clue(1_029_999, 59_600, 1);
        // P = 100 + 1 = 101 -> 101 * 150 / 100 = 151.5 -> 151; N = -10
        assertEquals(141, boosted.delta());
        assertEquals(ids("R03", "R05", "R07", "R41", "R47"), boosted.rules());

        assertEquals(91, g.clue(1_030_000, 59_600, 1).delta(), "until is excluded: 101 - 10");
    }

    @Test
    void shouldDoubleDuringAPowerupAndOpenItOnThePowerupEvent()
    {
        final Game g = Game.afterDailyFirst();
        final Game.Outcome powerup = g.powerup(1_000_000, "double", 1000); // double = [1000000, 1001000)
        assertEquals(0, powerup.delta());
        assertEquals(ids("R43"), powerup.rules());

        assertEquals(ids("R03", "R07", "R47"), g.clue(999_999, 60_000, 1).rules());
        final Game.Outcome doubled = g.clue(1_000_999, 60_000, 1);
        assertEquals(190, doubled.delta()); // 200 - 10
        assertEquals(ids("R03", "R07", "R43", "R47"), doubled.rules());
        assertEquals(90, g.clue(1_001_000, 60_000, 1).delta());
    }

    @Test
    void shouldKeepTheDoubleWindowPersonal()
    {
        final Game g = Game.afterDailyFirst();
        g.powerup(1_000_000, "double", 600_000);

        assertEquals(ids("R02", "R03", "R07", "R47"), g.as(2, 1).clue(1_000_000, 60_000, 1).rules());
    }

    @Test
    void shouldApplyGoldenThenBoostThenDouble()
    {
        final Game g = Game.afterDailyFirst();
        g.match(1_000_000, "goal");
        g.match(1_000_000, "penalty_saved");
        g.powerup(1_000_000, "double", 10_000);

        final Game.Outcome o = g.clue(1_000_000, 59_600, 0);
        // P = 100 + 50 + 1 = 151; golden 302; boost 302 * 150 / 100 = 453; double 906
        // (boost first would give 151 * 150 / 100 = 226 -> 452 -> 904)
        assertEquals(906, o.delta());
        assertEquals(ids("R03", "R04", "R05", "R40", "R41", "R43", "R47"), o.rules());
    }

    @Test
    void shouldApplyBoostBeforeDouble()
    {
        final Game g = Game.afterDailyFirst();
        g.match(1_000_000, "penalty_saved");
        g.powerup(1_000_000, "double", 10_000);

        // 151 * 150 / 100 = 226 (226.5 truncated), then 452; double first would give 302 -> 453
        assertEquals(452, g.clue(1_000_000, 59_600, 0).delta());
    }

    @Test
    void shouldCapAfterTheMultipliers()
    {
        final Game g = new Game();
        g.powerup(1000, "double", 10_000);

        final Game.Outcome o = g.prediction(2000, 12_000, 100);
        assertEquals(20_000, o.delta()); // 12000 * 2 = 24000 -> 20000
        assertEquals(ids("R32", "R43", "R45", "R47"), o.rules());
    }

    @Test
    void shouldDropOnlyShieldableNegativesAndListTheShieldOnlyWhenItDroppedSomething()
    {
        final Game g = Game.afterDailyFirst();
        final Game.Outcome shield = g.powerup(1_000_000, "shield", 5000); // shield = [1000000, 1005000)
        assertEquals(ids("R44"), shield.rules());
        assertEquals(0, shield.delta());

        final Game.Outcome hint = g.hint(1_004_999);
        assertEquals(0, hint.delta());
        assertEquals(ids("R37", "R44"), hint.rules(), "R37 listed though dropped; delta 0 so no R47");

        final Game.Outcome clue = g.clue(1_004_999, 60_000, 2);
        assertEquals(100, clue.delta()); // R07 -20 dropped
        assertEquals(ids("R03", "R07", "R44", "R47"), clue.rules());

        final Game.Outcome wrong = g.quiz(1_004_999, false, 10_000);
        assertEquals(0, wrong.delta());
        assertEquals(ids("R28", "R44"), wrong.rules());

        assertEquals(ids("R03", "R04", "R47"), g.clue(1_004_999, 60_000, 0).rules(), "nothing to drop");
        assertEquals(ids("R38", "R47"), g.cheat(1_004_999, 1).rules(), "R38 is not shieldable");

        final Game.Outcome after = g.hint(1_005_000);
        assertEquals(-30, after.delta());
        assertEquals(ids("R37", "R47"), after.rules());
    }

    @Test
    void shouldReplaceTheShieldWindowOnANewShield()
    {
        final Game g = new Game();
        g.powerup(1000, "shield", 600_000);
        g.powerup(2000, "shield", 1000); // shield = [2000, 3000)

        assertEquals(-30, g.hint(3000).delta());
    }

    @Test
    void shouldApplyTheShieldEvenDuringAFreezeAndZeroPositivesOnly()
    {
        final Game g = Game.afterDailyFirst();
        g.cheat(1_000_000, 3);
        g.powerup(1_000_000, "shield", 1000);

        final Game.Outcome o = g.clue(1_000_000, 60_000, 1);
        assertEquals(0, o.delta()); // P 100 -> 0 by freeze, N -10 dropped by shield
        assertEquals(ids("R03", "R07", "R39", "R44"), o.rules());
    }

    @Test
    void shouldNotMultiplyAFrozenP()
    {
        final Game g = Game.afterDailyFirst();
        g.match(1_000_000, "goal");
        g.cheat(1_000_000, 3);

        assertEquals(ids("R03", "R04", "R39"), g.clue(1_000_000, 60_000, 0).rules(), "P = 0 after freeze: R40 changes nothing");
    }

    @Test
    void shouldCapAnEventAtTwentyThousand()
    {
        final Game g = new Game();

        final Game.Outcome at = g.prediction(1000, 20_000, 100);
        assertEquals(20_000, at.delta());
        assertEquals(ids("R32", "R47"), at.rules());

        final Game.Outcome over = g.as(2, 1).prediction(1000, 20_001, 100);
        assertEquals(20_000, over.delta());
        assertEquals(ids("R32", "R45", "R47"), over.rules());
    }

    @Test
    void shouldCapTheDayAtFiftyThousandAcrossEvents()
    {
        final Game g = new Game();
        g.prediction(1000, 20_000, 100);
        g.prediction(2000, 20_000, 100); // dayPoints 40000

        final Game.Outcome exactly = g.prediction(3000, 9700, 100);
        assertEquals(10_000, exactly.delta()); // 9700 + 300 = 10000 = 50000 - 40000: not cut
        assertEquals(ids("R32", "R34", "R47"), exactly.rules());

        final Game.Outcome none = g.share(4000, "x");
        assertEquals(0, none.delta());
        assertEquals(ids("R35", "R46"), none.rules(), "award listed though cut to 0; delta 0 so no R47");

        final Game.Outcome negative = g.clue(5000, 60_000, 1);
        assertEquals(-10, negative.delta()); // P 20 + 100 -> 0; N -10 is not capped
        assertEquals(ids("R02", "R03", "R07", "R46", "R47"), negative.rules());
        assertEquals(49_990, negative.total());

        final Game.Outcome nextDay = g.share(DAY, "x");
        assertEquals(25, nextDay.delta(), "a new UTC day resets dayPoints");
        assertEquals(ids("R35", "R47"), nextDay.rules());
    }

    @Test
    void shouldCutTheEventThatCrossesTheDailyCap()
    {
        final Game g = new Game();
        g.prediction(1000, 20_000, 100);
        g.prediction(2000, 20_000, 100);

        final Game.Outcome over = g.prediction(3000, 9701, 100);
        assertEquals(10_000, over.delta()); // 9701 + 300 = 10001 -> 10000
        assertEquals(ids("R32", "R34", "R46", "R47"), over.rules());
    }

    @Test
    void shouldApplyTheEventCapBeforeTheDailyCap()
    {
        final Game g = new Game();
        g.prediction(1000, 20_000, 100);
        g.prediction(2000, 20_000, 100);

        final Game.Outcome o = g.prediction(3000, 25_000, 100); // 25300 -> 20000 -> min(20000, 10000)
        assertEquals(10_000, o.delta());
        assertEquals(ids("R32", "R34", "R45", "R46", "R47"), o.rules());
    }

    @Test
    void shouldCountAnEarlierDayEventInTheCurrentDayBlock()
    {
        final Game g = new Game();
        g.prediction(DAY + 1000, 20_000, 100);
        g.prediction(DAY + 2000, 20_000, 100);
        g.prediction(DAY + 3000, 9700, 100); // day 1 at 50000

        final Game.Outcome earlier = g.prediction(DAY - 1, 100, 100);
        assertEquals(0, earlier.delta(), "day 0 ts counts against the full day-1 block");
        assertEquals(ids("R32", "R46"), earlier.rules());

        assertEquals(100, g.prediction(2 * DAY, 100, 100).delta(), "day 2 rolls over");
    }

    @Test
    void shouldCreditTheTeamOfEachEventWithItsDelta()
    {
        final Game g = new Game();
        assertEquals(100, g.as(1, 5).join(1000).teamTotal());
        assertEquals(200, g.as(2, 5).join(1000).teamTotal());
        assertEquals(170, g.as(2, 5).hint(2000).teamTotal());

        final Game.Outcome moved = g.as(1, 6).hint(3000);
        assertEquals(-30, moved.teamTotal(), "team 6 gets only this event's delta");
        assertEquals(70, moved.total(), "the player's own total follows the player");
        assertEquals(ids("R37", "R47"), moved.rules());

        final Game.Outcome zero = g.as(2, 5).join(4000);
        assertEquals(ids(), zero.rules(), "delta 0: no R47");
        assertEquals(170, zero.teamTotal(), "team 5 keeps 100 + 100 - 30");
    }
}
