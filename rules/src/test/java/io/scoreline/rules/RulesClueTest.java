package io.scoreline.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.scoreline.rules.Game.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * GAME.md R01-R12 (join and clue rules): each fires on one side of its boundary and not on the
 * other. Every expected number is worked out by hand from GAME.md section 4.
 */
class RulesClueTest
{
    private static final long DAY = 86_400_000L;


    @Test
    void shouldWelcomeAPlayerOnTheFirstJoinOnly()
    {
        final Game g = new Game();

        final Game.Outcome first = g.join(1000);
        assertEquals(100, first.delta());
        assertEquals(ids("R01", "R47"), first.rules());

        final Game.Outcome second = g.join(2000);
        assertEquals(0, second.delta());
        assertEquals(ids(), second.rules(), "no award, delta 0 so no R47 either");
        assertEquals(100, second.total());
    }

    @Test
    void shouldGiveDailyFirstOnTheFirstClueOfTheDayOnly()
    {
        final Game g = new Game();

        // 20 + 100 + 50 + 150 * (60000 - 60000) / 60000 = 170
        final Game.Outcome first = g.clue(1000, 60_000, 0);
        assertEquals(170, first.delta());
        assertEquals(ids("R02", "R03", "R04", "R47"), first.rules());

        final Game.Outcome second = g.clue(DAY - 1, 60_000, 1); // a hint keeps R08 off the third clue
        assertEquals(90, second.delta());
        assertEquals(ids("R03", "R07", "R47"), second.rules());

        final Game.Outcome nextDay = g.clue(DAY, 60_000, 0);
        assertEquals(170, nextDay.delta(), "day(86400000) = 1 rolls the day block over");
        assertEquals(ids("R02", "R03", "R04", "R47"), nextDay.rules());
    }

    @Test
    void shouldNotSpendDailyFirstOnAJoinOrShare()
    {
        final Game g = new Game();
        assertEquals(ids("R01", "R47"), g.join(1000).rules());
        assertEquals(ids("R35", "R47"), g.share(2000, "x").rules());

        // R25 too: joined 2000 ms before
        assertEquals(ids("R02", "R22", "R23", "R25", "R47"), g.checkpoint(3000, 1).rules());
    }

    @Test
    void shouldGiveDailyFirstOnTreasureCheckpointAndQuizToo()
    {
        // R02 20 + R13 150 + R14 60 + R16 1000 + R17 200 = 1430
        assertEquals(1430, new Game().treasure(1000, 1, 1, 1).delta());
        // R02 20 + R26 80
        assertEquals(ids("R02", "R26", "R47"), new Game().quiz(1000, true, 5000).rules());
        // R32 100 * 100 / 100 = 100 and no R02: a prediction is not a daily-first event
        assertEquals(ids("R32", "R47"), new Game().prediction(1000, 100, 100).rules());
    }

    @Test
    void shouldNotGiveDailyFirstAgainForAnEventOnAnEarlierDay()
    {
        final Game g = new Game();
        g.clue(DAY + 5, 60_000, 0);

        final Game.Outcome earlier = g.clue(DAY - 1, 60_000, 0);

        assertEquals(ids("R03", "R04", "R47"), earlier.rules(), "day 0 event counts in the day-1 block: no roll-over");
        assertEquals(150, earlier.delta());
    }

    @Test
    void shouldGiveClueBaseOnAClueButNotOnAHint()
    {
        final Game g = Game.afterDailyFirst();

        // 100 - 10 * 1
        final Game.Outcome clue = g.clue(1000, 60_000, 1);
        assertEquals(ids("R03", "R07", "R47"), clue.rules());
        assertEquals(90, clue.delta());

        assertEquals(ids("R37", "R47"), g.hint(2000).rules());
    }

    @Test
    void shouldGiveCleanBonusOnlyWithoutHints()
    {
        final Game g = Game.afterDailyFirst();

        assertEquals(ids("R03", "R04", "R47"), g.clue(1000, 60_000, 0).rules());
        assertEquals(ids("R03", "R07", "R47"), g.clue(2000, 60_000, 1).rules());
    }

    @ParameterizedTest(name = "solveMs {0} gives speed {1}")
    @CsvSource({
        "0, 150",       // 150 * 60000 / 60000
        "30000, 75",    // 150 * 30000 / 60000
        "59600, 1",     // 150 * 400 / 60000 = 60000 / 60000
        "59601, 0",     // 150 * 399 / 60000 = 59850 / 60000 -> 0
        "60000, 0",
        "86400000, 0"   // max(0, negative) = 0
    })
    void shouldGiveSpeedBonusTruncatedAndListItOnlyWhenNotZero(final int solveMs, final int speed)
    {
        final Game g = Game.afterDailyFirst();

        final Game.Outcome o = g.clue(1000, solveMs, 1);

        // 100 - 10 + speed (+ 40 perseverance for the 86400000 case)
        final int perseverance = solveMs >= 600_000 ? 40 : 0;
        assertEquals(90 + speed + perseverance, o.delta());
        assertEquals(speed != 0, o.rules().contains("R05"));
    }

    @Test
    void shouldGivePerseveranceFromTenMinutesOn()
    {
        final Game g = Game.afterDailyFirst();

        final Game.Outcome slow = g.clue(1000, 600_000, 1);
        assertEquals(ids("R03", "R06", "R07", "R47"), slow.rules());
        assertEquals(130, slow.delta()); // 100 + 40 - 10

        final Game.Outcome notQuite = g.clue(2000, 599_999, 1);
        assertEquals(ids("R03", "R07", "R47"), notQuite.rules());
        assertEquals(90, notQuite.delta());
    }

    @Test
    void shouldTaxTenPerHintAndNotListTheTaxWithoutHints()
    {
        final Game g = Game.afterDailyFirst();

        final Game.Outcome ten = g.clue(1000, 60_000, 10);
        assertEquals(0, ten.delta()); // 100 - 10 * 10
        assertEquals(ids("R03", "R07"), ten.rules(), "awards listed, delta 0 so no R47");

        final Game.Outcome three = g.clue(2000, 60_000, 3);
        assertEquals(70, three.delta());
        assertEquals(ids("R03", "R07", "R47"), three.rules());

        assertEquals(ids("R03", "R04", "R47"), g.clue(3000, 60_000, 0).rules());
    }

    @Test
    void shouldAwardCleanStreakBonusOnEveryThirdCleanSolve()
    {
        final Game g = Game.afterDailyFirst();
        final long step = 100_000; // 5 clues span 400000 > 300000: no R10

        assertEquals(150, g.clue(step, 60_000, 0).delta());
        assertEquals(150, g.clue(2 * step, 60_000, 0).delta());
        final Game.Outcome third = g.clue(3 * step, 60_000, 0);
        assertEquals(300, third.delta()); // 150 + 150
        assertEquals(ids("R03", "R04", "R08", "R47"), third.rules());

        assertEquals(150, g.clue(4 * step, 60_000, 0).delta());
        assertEquals(150, g.clue(5 * step, 60_000, 0).delta());
        assertEquals(ids("R03", "R04", "R08", "R47"), g.clue(6 * step, 60_000, 0).rules());
    }

    @Test
    void shouldResetCleanStreakOnAHintUsed()
    {
        final Game g = Game.afterDailyFirst();
        g.clue(100_000, 60_000, 0);
        g.clue(200_000, 60_000, 0);
        g.hint(250_000);

        final Game.Outcome third = g.clue(300_000, 60_000, 0);

        assertEquals(ids("R03", "R04", "R47"), third.rules(), "streak is 1 after the hint");
    }

    @Test
    void shouldResetCleanStreakOnAHintedSolve()
    {
        final Game g = Game.afterDailyFirst();
        g.clue(100_000, 60_000, 0);
        g.clue(200_000, 60_000, 0);
        g.clue(300_000, 60_000, 1);
        g.clue(400_000, 60_000, 0);
        g.clue(500_000, 60_000, 0);

        assertEquals(ids("R03", "R04", "R08", "R47"), g.clue(600_000, 60_000, 0).rules(), "third clean since the reset");
    }

    @Test
    void shouldAwardStreakTenOnTheTenthCleanSolveOnly()
    {
        final Game g = Game.afterDailyFirst();
        g.clue(0, 60_000, 1); // clueCount 1, streak 0: keeps R11 (count 10) off the 10th clean solve
        for (int i = 1; i <= 9; i++)
        {
            final Game.Outcome o = g.clue(i * 100_000L, 60_000, 0);
            assertFalse(o.rules().contains("R09"), "streak " + i);
        }

        final Game.Outcome tenth = g.clue(1_000_000, 60_000, 0);
        // streak 10: 100 + 50 + 1000; 10 % 3 != 0 so no R08; clueCount 11 so no R11
        assertEquals(1150, tenth.delta());
        assertEquals(ids("R03", "R04", "R09", "R47"), tenth.rules());

        assertFalse(g.clue(1_100_000, 60_000, 0).rules().contains("R09"), "streak 11");
    }

    @Test
    void shouldAwardRapidForFiveCluesWithinFiveMinutes()
    {
        final Game g = Game.afterDailyFirst();
        for (int i = 0; i < 4; i++)
        {
            assertFalse(g.clue(1000 + i * 75_000L, 60_000, 1).rules().contains("R10"));
        }

        final Game.Outcome fifth = g.clue(301_000, 60_000, 1); // span 301000 - 1000 = 300000
        assertEquals(ids("R03", "R07", "R10", "R47"), fifth.rules());
        assertEquals(690, fifth.delta()); // 100 - 10 + 600

        final Game.Outcome sixth = g.clue(301_001, 60_000, 1);
        assertEquals(ids("R03", "R07", "R47"), sixth.rules(), "clueTimes was cleared by R10");
    }

    @Test
    void shouldNotAwardRapidForASpanOneMillisecondTooLongButSlideTheWindow()
    {
        final Game g = Game.afterDailyFirst();
        for (int i = 0; i < 4; i++)
        {
            g.clue(1000 + i * 75_000L, 60_000, 1);
        }

        final Game.Outcome fifth = g.clue(301_001, 60_000, 1); // span 300001
        assertEquals(ids("R03", "R07", "R47"), fifth.rules());

        // last 5: 76000, 151000, 226000, 301001, 301002: span 225002
        assertEquals(ids("R03", "R07", "R10", "R47"), g.clue(301_002, 60_000, 1).rules());
    }

    @Test
    void shouldAwardClueMilestoneTenOnTheTenthClueOnly()
    {
        final Game g = Game.afterDailyFirst();
        for (int i = 1; i <= 9; i++)
        {
            assertEquals(90, g.clue(i * 100_000L, 60_000, 1).delta(), "clue " + i);
        }

        final Game.Outcome tenth = g.clue(1_000_000, 60_000, 1);
        assertEquals(590, tenth.delta()); // 100 - 10 + 500
        assertEquals(ids("R03", "R07", "R11", "R47"), tenth.rules());

        assertEquals(ids("R03", "R07", "R47"), g.clue(1_100_000, 60_000, 1).rules());
    }

    @Test
    void shouldAwardClueMilestoneFiftyOnTheFiftiethClueOnly()
    {
        final Game g = Game.afterDailyFirst();
        for (int i = 1; i <= 49; i++)
        {
            assertFalse(g.clue(i * 100_000L, 60_000, 1).rules().contains("R12"), "clue " + i);
        }

        final Game.Outcome fiftieth = g.clue(5_000_000, 60_000, 1);
        assertEquals(3090, fiftieth.delta()); // 100 - 10 + 3000
        assertEquals(ids("R03", "R07", "R12", "R47"), fiftieth.rules());

        assertEquals(ids("R03", "R07", "R47"), g.clue(5_100_000, 60_000, 1).rules());
    }
}
