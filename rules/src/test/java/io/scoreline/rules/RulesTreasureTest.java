package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import static io.scoreline.rules.Game.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** GAME.md R13-R21 and R42 (treasure rules), each on both sides of its boundary. */
class RulesTreasureTest
{
    private static final long STEP = 200_000; // 3 treasures span 400000 > 120000: no R19

    /** Player 1 has found treasure 1 in zone 1 (R02, R16, R17 spent): repeats give R13 + R14 only. */
    private static Game afterFirstTreasure()
    {
        final Game g = new Game();
        g.treasure(0, 1, 1, 1);
        return g;
    }

    @Test
    void shouldScoreTheFirstTreasureWithBaseRarityFinderZoneAndDailyFirst()
    {
        final Game.Outcome o = new Game().treasure(1000, 7, 1, 1);

        assertEquals(1430, o.delta()); // 20 + 150 + 60 * 1 + 1000 + 200
        assertEquals(ids("R02", "R13", "R14", "R16", "R17", "R47"), o.rules());
    }

    @Test
    void shouldGiveOnlyBaseAndRarityForARepeatFindInAKnownZone()
    {
        final Game g = afterFirstTreasure();

        final Game.Outcome o = g.treasure(STEP, 1, 3, 1);

        assertEquals(330, o.delta()); // 150 + 60 * 3
        assertEquals(ids("R13", "R14", "R47"), o.rules());
    }

    @Test
    void shouldGiveLegendaryBonusForRarityFiveOnly()
    {
        final Game g = afterFirstTreasure();

        final Game.Outcome five = g.treasure(STEP, 1, 5, 1);
        assertEquals(850, five.delta()); // 150 + 300 + 400
        assertEquals(ids("R13", "R14", "R15", "R47"), five.rules());

        final Game.Outcome four = g.treasure(2 * STEP, 1, 4, 1);
        assertEquals(390, four.delta()); // 150 + 240
        assertEquals(ids("R13", "R14", "R47"), four.rules());
    }

    @Test
    void shouldPayTheFirstThreeDistinctFindersAndNobodyElse()
    {
        final Game g = new Game();
        g.as(1, 1).join(0);
        g.as(2, 1).join(0);
        g.as(3, 1).join(0);
        g.as(4, 1).join(0);

        // each finder's first treasure: 20 + 150 + 60 + 200 = 430 plus the finder award
        assertEquals(1430, g.as(1, 1).treasure(1000, 42, 1, 1).delta());
        assertEquals(ids("R13", "R14", "R47"), g.as(1, 1).treasure(1000 + STEP, 42, 1, 1).rules(), "repeat finder");
        assertEquals(930, g.as(2, 1).treasure(2000, 42, 1, 1).delta());
        assertEquals(680, g.as(3, 1).treasure(3000, 42, 1, 1).delta());

        final Game.Outcome fourth = g.as(4, 1).treasure(4000, 42, 1, 1);
        assertEquals(430, fourth.delta());
        assertEquals(ids("R02", "R13", "R14", "R17", "R47"), fourth.rules());

        assertEquals(ids("R13", "R14", "R16", "R47"), g.as(4, 1).treasure(4000 + STEP, 43, 1, 1).rules(), "another treasure id");
    }

    @Test
    void shouldGiveNewZoneOnlyForAZoneNotSeenBefore()
    {
        final Game g = afterFirstTreasure();

        assertEquals(ids("R13", "R14", "R17", "R47"), g.treasure(STEP, 1, 1, 64).rules());
        assertEquals(ids("R13", "R14", "R47"), g.treasure(2 * STEP, 1, 1, 64).rules());
    }

    @Test
    void shouldMakeAZoneMasterOnTheEighthDistinctZoneOnly()
    {
        final Game g = afterFirstTreasure(); // zone 1
        for (int zone = 2; zone <= 7; zone++)
        {
            assertFalse(g.treasure(zone * STEP, 1, 1, zone).rules().contains("R18"), "zone " + zone);
        }
        assertEquals(ids("R13", "R14", "R47"), g.treasure(8 * STEP, 1, 1, 7).rules(), "7 zones, repeat zone");

        final Game.Outcome eighth = g.treasure(9 * STEP, 1, 1, 64); // bit 63 counts as a zone like any other
        assertEquals(1910, eighth.delta()); // 150 + 60 + 200 + 1500
        assertEquals(ids("R13", "R14", "R17", "R18", "R47"), eighth.rules());

        // 9th zone, and the 10th treasure (R20)
        assertEquals(ids("R13", "R14", "R17", "R20", "R47"), g.treasure(10 * STEP, 1, 1, 9).rules(), "9th zone");
    }

    @Test
    void shouldAwardComboForThreeTreasuresWithinTwoMinutes()
    {
        final Game g = afterFirstTreasure(); // ts 0
        g.treasure(60_000, 1, 1, 1);

        final Game.Outcome third = g.treasure(120_000, 1, 1, 1); // span 120000
        assertEquals(610, third.delta()); // 150 + 60 + 400
        assertEquals(ids("R13", "R14", "R19", "R47"), third.rules());

        assertEquals(ids("R13", "R14", "R47"), g.treasure(120_001, 1, 1, 1).rules(), "treasureTimes cleared");
        assertEquals(ids("R13", "R14", "R47"), g.treasure(120_002, 1, 1, 1).rules(), "2 held");
        assertEquals(ids("R13", "R14", "R19", "R47"), g.treasure(120_003, 1, 1, 1).rules(), "3 held again");
    }

    @Test
    void shouldNotAwardComboForASpanOneMillisecondTooLong()
    {
        final Game g = afterFirstTreasure(); // ts 0
        g.treasure(60_000, 1, 1, 1);

        assertEquals(ids("R13", "R14", "R47"), g.treasure(120_001, 1, 1, 1).rules());
    }

    @Test
    void shouldMeasureComboSpanAsMaxMinusMinWhateverTheArrivalOrder()
    {
        final Game g = new Game();
        g.treasure(120_000, 1, 1, 1);
        g.treasure(0, 1, 1, 1);

        assertEquals(ids("R13", "R14", "R19", "R47"), g.treasure(60_000, 1, 1, 1).rules(), "span 120000 - 0");
    }

    @Test
    void shouldAwardTreasureMilestonesOnTheTenthAndHundredthOnly()
    {
        final Game g = afterFirstTreasure();
        for (int n = 2; n <= 100; n++)
        {
            final Game.Outcome o = g.treasure(n * STEP, 1, 1, 1);
            switch (n)
            {
                case 10:
                    assertEquals(1010, o.delta()); // 150 + 60 + 800
                    assertEquals(ids("R13", "R14", "R20", "R47"), o.rules());
                    break;
                case 100:
                    assertEquals(10_210, o.delta()); // 150 + 60 + 10000
                    assertEquals(ids("R13", "R14", "R21", "R47"), o.rules());
                    break;
                default:
                    assertEquals(210, o.delta(), "treasure " + n);
            }
        }
        assertEquals(ids("R13", "R14", "R47"), g.treasure(101 * STEP, 1, 1, 1).rules());
    }

    @Test
    void shouldAwardLegendaryGoldenForRarityFiveInsideTheGoldenMinuteOnly()
    {
        final Game g = afterFirstTreasure(); // ts 0
        g.match(500_000, "goal");

        // (150 + 240) * 200 / 100: golden doubles, but rarity 4 is no legendary
        assertEquals(ids("R13", "R14", "R40", "R47"), g.treasure(500_000, 1, 4, 1).rules(), "rarity 4");

        final Game.Outcome inside = g.treasure(559_999, 1, 5, 1); // span 559999: no R19
        assertEquals(3700, inside.delta()); // (150 + 300 + 400 + 1000) * 200 / 100
        assertEquals(ids("R13", "R14", "R15", "R40", "R42", "R47"), inside.rules());
    }

    @Test
    void shouldNotAwardLegendaryGoldenWhenTheGoldenMinuteHasEnded()
    {
        final Game g = afterFirstTreasure();
        g.match(500_000, "goal");

        final Game.Outcome after = g.treasure(560_000, 1, 5, 1); // golden = [500000, 560000)
        assertEquals(850, after.delta()); // 150 + 300 + 400
        assertEquals(ids("R13", "R14", "R15", "R47"), after.rules());
    }
}
