package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import static io.scoreline.rules.Game.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** GAME.md R22-R31 (checkpoint and quiz rules), each on both sides of its boundary. */
class RulesCheckpointQuizTest
{
    @Test
    void shouldGiveCheckpointBaseAndInOrderOnlyForTheNextCheckpoint()
    {
        final Game g = new Game(); // never joined: no R25

        final Game.Outcome one = g.checkpoint(1000, 1); // 1 == 0 + 1
        assertEquals(320, one.delta()); // 20 + 200 + 100
        assertEquals(ids("R02", "R22", "R23", "R47"), one.rules());

        assertEquals(ids("R22", "R47"), g.checkpoint(2000, 3).rules(), "3 != 1 + 1");
        assertEquals(ids("R22", "R47"), g.checkpoint(3000, 2).rules(), "lastCheckpoint stays 3: 2 != 4");
        final Game.Outcome four = g.checkpoint(4000, 4);
        assertEquals(300, four.delta());
        assertEquals(ids("R22", "R23", "R47"), four.rules());
    }

    @Test
    void shouldGiveTheFinalCheckpointOnce()
    {
        final Game g = new Game();

        final Game.Outcome first = g.checkpoint(1000, 20);
        assertEquals(2720, first.delta()); // 20 + 200 + 2500; 20 != 0 + 1
        assertEquals(ids("R02", "R22", "R24", "R47"), first.rules());

        final Game.Outcome again = g.checkpoint(2000, 20);
        assertEquals(200, again.delta());
        assertEquals(ids("R22", "R47"), again.rules());

        assertEquals(ids("R22", "R47"), g.checkpoint(3000, 19).rules(), "checkpoint 19 is no final");
    }

    @Test
    void shouldGiveSprintUpToExactlyThirtyMinutesAfterTheJoin()
    {
        final Game g = new Game();
        g.join(1000);

        final Game.Outcome sprint = g.checkpoint(1_801_000, 1); // ts - joinTs = 1800000
        assertEquals(620, sprint.delta()); // 20 + 200 + 100 + 300
        assertEquals(ids("R02", "R22", "R23", "R25", "R47"), sprint.rules());
    }

    @Test
    void shouldNotGiveSprintOneMillisecondLate()
    {
        final Game g = new Game();
        g.join(1000);

        final Game.Outcome late = g.checkpoint(1_801_001, 1);
        assertEquals(320, late.delta());
        assertEquals(ids("R02", "R22", "R23", "R47"), late.rules());
    }

    @Test
    void shouldNotGiveSprintForACheckpointStampedBeforeTheJoin()
    {
        final Game g = new Game();
        g.join(10_000);

        assertEquals(ids("R02", "R22", "R23", "R47"), g.checkpoint(9_999, 1).rules(), "ts - joinTs = -1");
    }

    @Test
    void shouldNotGiveSprintWithoutAJoin()
    {
        assertEquals(ids("R02", "R22", "R23", "R47"), new Game().checkpoint(1000, 1).rules());
    }

    @Test
    void shouldMeasureSprintFromTheFirstJoinNotARepeatedOne()
    {
        final Game g = new Game();
        g.join(1000);
        g.join(1_000_000);

        // 1900000 - 1000 = 1899000 > 1800000 (from the repeated join it would be 900000)
        assertEquals(ids("R02", "R22", "R23", "R47"), g.checkpoint(1_900_000, 1).rules());
    }

    @Test
    void shouldGiveQuizCorrectAndQuickUpToThreeSeconds()
    {
        final Game g = new Game();

        final Game.Outcome quick = g.quiz(1000, true, 3000);
        assertEquals(140, quick.delta()); // 20 + 80 + 40
        assertEquals(ids("R02", "R26", "R27", "R47"), quick.rules());

        final Game.Outcome slow = g.quiz(2000, true, 3001);
        assertEquals(80, slow.delta());
        assertEquals(ids("R26", "R47"), slow.rules());
    }

    @Test
    void shouldChargeAWrongAnswerAndNeverCallItQuick()
    {
        final Game g = new Game();

        final Game.Outcome wrong = g.quiz(1000, false, 0);
        assertEquals(5, wrong.delta()); // 20 - 15
        assertEquals(ids("R02", "R28", "R47"), wrong.rules());

        assertEquals(-15, g.quiz(2000, false, 0).delta());
        assertEquals(-25, g.quiz(3000, false, 0).total()); // 5 - 15 - 15
    }

    @Test
    void shouldAwardQuizStreakOnEveryFifthCorrectAnswerInARow()
    {
        final Game g = new Game();
        g.quiz(0, false, 10_000); // spends R02
        for (int i = 1; i <= 4; i++)
        {
            assertEquals(80, g.quiz(i * 1000L, true, 10_000).delta(), "streak " + i);
        }
        final Game.Outcome fifth = g.quiz(5000, true, 10_000);
        assertEquals(330, fifth.delta()); // 80 + 250
        assertEquals(ids("R26", "R29", "R47"), fifth.rules());

        g.quiz(6000, false, 10_000); // resets the streak
        for (int i = 7; i <= 10; i++)
        {
            assertFalse(g.quiz(i * 1000L, true, 10_000).rules().contains("R29"), "streak " + (i - 6));
        }
        assertEquals(ids("R26", "R29", "R47"), g.quiz(11_000, true, 10_000).rules());
    }

    @Test
    void shouldGiveHalftimeBonusInsideTheHalfOpenWindowOnly()
    {
        final Game g = new Game();
        g.quiz(0, false, 10_000);
        g.quiz(1, false, 10_000); // keep the streak below 5 throughout

        final Game.Outcome trigger = g.match(1_000_000, "half_time");
        assertEquals(ids("R30"), trigger.rules());
        assertEquals(0, trigger.delta());

        assertEquals(ids("R26", "R47"), g.quiz(999_999, true, 10_000).rules(), "before the window");
        final Game.Outcome from = g.quiz(1_000_000, true, 10_000);
        assertEquals(180, from.delta()); // 80 + 100
        assertEquals(ids("R26", "R30", "R47"), from.rules());
        assertEquals(ids("R26", "R30", "R47"), g.quiz(1_899_999, true, 10_000).rules(), "last covered ms");
        assertEquals(ids("R28", "R47"), g.quiz(1_899_999, false, 10_000).rules(), "a wrong answer earns no halftime");
        assertEquals(ids("R26", "R47"), g.quiz(1_900_000, true, 10_000).rules(), "until is excluded");
    }

    @Test
    void shouldAwardQuizMilestoneOnTheTwentiethCorrectAnswerEvenAcrossWrongOnes()
    {
        final Game g = new Game();
        g.quiz(0, false, 10_000);
        long ts = 1000;
        for (int correct = 1; correct <= 19; correct++)
        {
            if (correct % 4 == 1)
            {
                g.quiz(ts++, false, 10_000); // streak never reaches 5: no R29 in the way
            }
            assertEquals(ids("R26", "R47"), g.quiz(ts++, true, 10_000).rules(), "correct " + correct);
        }
        final Game.Outcome twentieth = g.quiz(ts++, true, 10_000);
        assertEquals(1080, twentieth.delta()); // 80 + 1000
        assertEquals(ids("R26", "R31", "R47"), twentieth.rules());

        g.quiz(ts++, false, 10_000); // streak would be 5 otherwise
        assertEquals(ids("R26", "R47"), g.quiz(ts, true, 10_000).rules(), "21st correct");
    }
}
