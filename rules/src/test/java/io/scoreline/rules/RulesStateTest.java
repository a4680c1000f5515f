package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static io.scoreline.rules.Game.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GAME.md sections 1.2, 3 and 5 across rules: duplicates and rejects change nothing (fail closed),
 * the result JSON, and an edited rulebook changing the scoring without code changes.
 */
class RulesStateTest
{
    private static final long DAY = 86_400_000L;

    @Test
    void shouldWriteTheResultOfAnAcceptedPlayerEventAsGameSection5Says()
    {
        final Game.Outcome o = new Game().play(
            "{'type':'clue_solved','seq':1,'ts':1000,'player':1,'team':1,'clue':1,'solveMs':60000,'hints':0}");

        assertEquals("{\"seq\":1,\"player\":1,\"status\":\"ok\",\"delta\":170,\"total\":170,\"rank\":0,"
            + "\"rules\":[\"R02\",\"R03\",\"R04\",\"R47\"]}", o.json());
    }

    @Test
    void shouldWriteAFullTimeMatchEventWithNoRules()
    {
        final Game.Outcome o = new Game().play("{'type':'match_event','seq':1,'ts':1000,'player':0,'kind':'full_time'}");

        assertEquals("{\"seq\":1,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[]}", o.json());
    }

    @Test
    void shouldIgnoreDuplicatesOfAPlayerSeqWithoutChangingAnything()
    {
        final Game g = new Game();
        assertEquals(100, g.play("{'type':'join','seq':5,'ts':1000,'player':1,'team':1}").delta());

        final Game.Outcome same = g.play("{'type':'clue_solved','seq':5,'ts':1000,'player':1,'team':1,'clue':1,'solveMs':0,'hints':0}");
        assertEquals(Score.DUPLICATE, same.status());
        assertEquals("{\"seq\":5,\"player\":1,\"status\":\"duplicate\"}", same.json());
        assertEquals(Score.DUPLICATE,
            g.play("{'type':'clue_solved','seq':4,'ts':1000,'player':1,'team':1,'clue':1,'solveMs':0,'hints':0}").status());

        // still the first clue: R02 unspent, clueCount and cleanStreak untouched
        final Game.Outcome next = g.play("{'type':'clue_solved','seq':6,'ts':2000,'player':1,'team':1,'clue':1,'solveMs':60000,'hints':0}");
        assertEquals(Score.OK, next.status());
        assertEquals(170, next.delta());
        assertEquals(270, next.total());
        assertEquals(270, next.teamTotal());
    }

    @Test
    void shouldKeepSeqPerPlayerAndTheMatchFeedSeparately()
    {
        final Game g = new Game();
        g.play("{'type':'join','seq':10,'ts':1000,'player':1,'team':1}");

        assertEquals(Score.OK, g.play("{'type':'join','seq':1,'ts':1000,'player':2,'team':1}").status());
        assertEquals(Score.OK, g.play("{'type':'match_event','seq':1,'ts':1000,'player':0,'kind':'half_time'}").status());
        final Game.Outcome dup = g.play("{'type':'match_event','seq':1,'ts':5000000,'player':0,'kind':'goal'}");
        assertEquals(Score.DUPLICATE, dup.status());
        assertEquals("{\"seq\":1,\"player\":0,\"status\":\"duplicate\"}", dup.json());

        // the duplicate goal opened no golden window
        assertEquals(170, g.play("{'type':'clue_solved','seq':11,'ts':5000000,'player':1,'team':1,'clue':1,'solveMs':60000,'hints':0}").delta());
        assertEquals(Score.OK, g.play("{'type':'match_event','seq':2,'ts':1000,'player':0,'kind':'goal'}").status());
    }

    @Test
    void shouldNotAdvanceTheSeqHighWaterMarkOnARejectedEvent()
    {
        final Game g = new Game();
        g.play("{'type':'join','seq':1,'ts':1000,'player':1,'team':1}");

        final Game.Outcome missing = g.play("{'type':'clue_solved','seq':7,'ts':1000,'player':1,'team':1,'clue':1,'solveMs':60000}");
        assertEquals(Score.REJECTED, missing.status());
        assertEquals(ErrorCode.MISSING_FIELD, missing.error());

        final Game.Outcome again = g.play("{'type':'clue_solved','seq':7,'ts':1000,'player':1,'team':1,'clue':1,'solveMs':60000,'hints':0}");
        assertEquals(Score.OK, again.status());
        assertEquals(ids("R02", "R03", "R04", "R47"), again.rules());
    }

    @Test
    void shouldLeaveTheStreakAndDayBlockAsTheyWereWhenAClueOverflows() throws URISyntaxException
    {
        final Game g = new Game(edited("edited-overflow.yaml")); // R03 10^9, R40/R41/R43 100000 percent
        g.clue(1000, 60_000, 0);   // 20 + 10^9 + 50 -> 20000 (R45)
        g.clue(200_000, 60_000, 0); // streak 2, dayPoints 40000
        g.match(DAY, "goal");
        g.match(DAY, "penalty_saved");
        g.powerup(DAY, "double", 1000);

        // P = 1000000070 -> golden 1000000070 * 100000 / 100 = 1.00000007e12 -> boost 1.00000007e15
        // -> double 1.00000007e15 * 100000 = 1.00000007e20 > 2^63 - 1: overflow
        final Game.Outcome rejected = g.clue(DAY, 60_000, 0);
        assertEquals(Score.REJECTED, rejected.status());
        assertEquals(ErrorCode.OVERFLOW, rejected.error());

        // no window covers DAY + 60000; streak 3 (not 4), R02 still unspent on day 1
        final Game.Outcome next = g.clue(DAY + 60_000, 60_000, 0);
        assertEquals(ids("R02", "R03", "R04", "R08", "R45", "R47"), next.rules());
        assertEquals(20_000, next.delta());
        assertEquals(60_000, next.total());
    }

    @Test
    void shouldNotGiveAwayAFinderPlaceOnAnOverflowingTreasure() throws URISyntaxException
    {
        final Game g = new Game(edited("edited-overflow.yaml")); // R16 first 10^9
        g.match(1000, "goal");
        g.match(1000, "penalty_saved");
        g.as(1, 1).powerup(1000, "double", 10_000);

        // P = 20 + 150 + 60 + 10^9 + 200 = 1000000430 -> 1.00000043e12 -> 1.00000043e15 -> x100000 overflows
        assertEquals(ErrorCode.OVERFLOW, g.as(1, 1).treasure(1000, 77, 1, 1).error());

        // player 2 is the first finder: 20 + 150 + 60 + 10^9 + 200 -> capped 20000 (second place would be 930)
        final Game.Outcome second = g.as(2, 1).treasure(200_000, 77, 1, 1);
        assertEquals(20_000, second.delta());
        assertEquals(ids("R02", "R13", "R14", "R16", "R17", "R45", "R47"), second.rules());

        // player 1 is now second, and zone 1 and R02 are still new for it: 20 + 150 + 60 + 500 + 200
        final Game.Outcome retry = g.as(1, 1).treasure(300_000, 77, 1, 1);
        assertEquals(930, retry.delta());
        assertEquals(ids("R02", "R13", "R14", "R16", "R17", "R47"), retry.rules());
    }

    @Test
    void shouldScoreWithAnEditedGoldenMinuteOfThreeTimesForNinetySeconds() throws URISyntaxException
    {
        final Game g = new Game(Rulebook.load(RulebookTest.fixture("golden-minute-x3-90s.yaml")));
        g.quiz(0, false, 10_000);
        g.match(1_000_000, "goal"); // golden = [1000000, 1090000)

        final Game.Outcome covered = g.clue(1_089_999, 60_000, 0);
        assertEquals(450, covered.delta()); // 150 * 300 / 100
        assertEquals(ids("R03", "R04", "R40", "R47"), covered.rules());

        final Game.Outcome after = g.clue(1_090_000, 60_000, 0);
        assertEquals(150, after.delta());
        assertEquals(ids("R03", "R04", "R47"), after.rules());
    }

    private static Rulebook edited(final String name) throws URISyntaxException
    {
        return Rulebook.load(RulebookTest.fixture(name));
    }
}
