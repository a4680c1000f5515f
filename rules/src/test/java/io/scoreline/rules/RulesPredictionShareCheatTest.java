package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import static io.scoreline.rules.Game.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GAME.md R32-R39 (prediction, share, hint penalty and cheat rules), each on both sides of its boundary. */
class RulesPredictionShareCheatTest
{
    private static final long DAY = 86_400_000L;

    @Test
    void shouldPayStakeTimesOddsOverOneHundredTruncated()
    {
        final Game g = new Game();

        final Game.Outcome o = g.prediction(1000, 1001, 150);
        assertEquals(1501, o.delta()); // 150150 / 100 = 1501.5 -> 1501; no R02 for predictions
        assertEquals(ids("R32", "R47"), o.rules());
        assertEquals(1, g.prediction(2000, 1, 199).delta()); // 199 / 100
    }

    @Test
    void shouldCapAHugeButRepresentablePayoutAtTheEventCap()
    {
        final Game g = new Game();

        // 10^15 * 9223 = 9.223e18 <= 2^63 - 1 = 9223372036854775807: fits; 9.223e16 + 500 -> 20000
        final Game.Outcome o = g.prediction(1000, 1_000_000_000_000_000L, 9223);
        assertEquals(Score.OK, o.status());
        assertEquals(20_000, o.delta());
        assertEquals(ids("R32", "R33", "R45", "R47"), o.rules());
    }

    @Test
    void shouldRejectAPayoutWhoseProductOverflowsAndCreateNoPlayer()
    {
        final Game g = new Game();

        // 10^15 * 9224 = 9.224e18 > 9223372036854775807
        final Game.Outcome o = g.play("{'type':'prediction_won','seq':1,'ts':1000,'player':1,'team':1,'stake':1000000000000000,'odds':9224}");
        assertEquals(Score.REJECTED, o.status());
        assertEquals(ErrorCode.OVERFLOW, o.error());
        assertEquals("{\"seq\":1,\"player\":1,\"status\":\"rejected\",\"error\":\"overflow\"}", o.json());
        assertEquals(-1, g.engine.handleOf(1));
        assertEquals(0, g.engine.playerCount());
    }

    @Test
    void shouldBehaveAfterAnOverflowAsIfItNeverHappened()
    {
        final Game g = new Game();
        g.play("{'type':'prediction_won','seq':5,'ts':1000,'player':1,'team':3,'stake':1000000000000000,'odds':100000}");

        // seq 5 again is no duplicate (no high-water mark), the player is new (R02 day block fresh),
        // the prediction count stayed 0 (this is the 1st, not the 2nd), the team total is 0 before it
        final Game.Outcome o = g.play("{'type':'prediction_won','seq':5,'ts':1000,'player':1,'team':3,'stake':100,'odds':100}");
        assertEquals(Score.OK, o.status());
        assertEquals(100, o.delta());
        assertEquals(100, o.total());
        assertEquals(100, o.teamTotal());
        g.prediction(2000, 100, 100);
        assertEquals(ids("R32", "R34", "R47"), g.prediction(3000, 100, 100).rules(), "third accepted prediction");
    }

    @Test
    void shouldGiveLongshotFromOddsOfTenOn()
    {
        final Game g = new Game();

        final Game.Outcome ten = g.prediction(1000, 100, 1000);
        assertEquals(1500, ten.delta()); // 100 * 1000 / 100 + 500
        assertEquals(ids("R32", "R33", "R47"), ten.rules());

        final Game.Outcome under = g.prediction(2000, 100, 999);
        assertEquals(999, under.delta());
        assertEquals(ids("R32", "R47"), under.rules());
    }

    @Test
    void shouldGiveHatTrickOnTheThirdPredictionOnly()
    {
        final Game g = new Game();

        assertEquals(ids("R32", "R47"), g.prediction(1000, 100, 100).rules());
        assertEquals(ids("R32", "R47"), g.prediction(2000, 100, 100).rules());
        final Game.Outcome third = g.prediction(3000, 100, 100);
        assertEquals(400, third.delta()); // 100 + 300
        assertEquals(ids("R32", "R34", "R47"), third.rules());
        assertEquals(ids("R32", "R47"), g.prediction(4000, 100, 100).rules());
    }

    @Test
    void shouldPayFiveSharesADayAndNoMore()
    {
        final Game g = new Game();
        for (int i = 1; i <= 5; i++)
        {
            final Game.Outcome o = g.share(i, "facebook");
            assertEquals(25, o.delta(), "share " + i);
            assertEquals(ids("R35", "R47"), o.rules());
        }

        final Game.Outcome sixth = g.share(6, "facebook");
        assertEquals(0, sixth.delta());
        assertEquals(ids(), sixth.rules());

        assertEquals(ids("R35", "R47"), g.share(DAY, "x").rules(), "a new UTC day resets shares");
    }

    @Test
    void shouldPayTheWhatsappBonusForWhatsappSharesOnly()
    {
        final Game g = new Game();

        final Game.Outcome whatsapp = g.share(1, "whatsapp");
        assertEquals(35, whatsapp.delta()); // 25 + 10
        assertEquals(ids("R35", "R36", "R47"), whatsapp.rules());
        for (final String channel : new String[] {"x", "facebook", "instagram", "other"})
        {
            assertEquals(ids("R35", "R47"), g.share(2, channel).rules(), channel);
        }
        // six shares so far (R35 exhausted), one of them whatsapp: R36 still has 4 to give
        final Game.Outcome late = g.share(3, "whatsapp");
        assertEquals(10, late.delta());
        assertEquals(ids("R36", "R47"), late.rules());
    }

    @Test
    void shouldPayFiveWhatsappBonusesADayAndNoMore()
    {
        final Game g = new Game();
        for (int i = 1; i <= 5; i++)
        {
            assertEquals(35, g.share(i, "whatsapp").delta());
        }
        final Game.Outcome sixth = g.play("{'type':'share','seq':99,'ts':6,'player':1,'team':1,'channel':'wh\\u0061tsapp'}");
        assertEquals(Score.OK, sixth.status());
        assertEquals(0, sixth.delta());
        assertEquals(ids(), sixth.rules());
    }

    @Test
    void shouldRecogniseAnEscapedWhatsappChannel()
    {
        final Game.Outcome o = new Game().play("{'type':'share','seq':1,'ts':6,'player':1,'team':1,'channel':'wh\\u0061tsapp'}");

        assertEquals(ids("R35", "R36", "R47"), o.rules());
    }

    @Test
    void shouldChargeAHintUsedThirty()
    {
        final Game.Outcome o = new Game().hint(1000);

        assertEquals(-30, o.delta());
        assertEquals(-30, o.total());
        assertEquals(ids("R37", "R47"), o.rules());
    }

    @Test
    void shouldChargeFiveHundredPerSeverityAndFreezeOnlyOnSeverityThree()
    {
        assertEquals(ids("R38", "R47"), new Game().cheat(1000, 1).rules());
        final Game.Outcome two = new Game().cheat(1000, 2);
        assertEquals(-1000, two.delta());
        assertEquals(ids("R38", "R47"), two.rules());

        final Game.Outcome three = new Game().cheat(1000, 3);
        assertEquals(-1500, three.delta());
        assertEquals(ids("R38", "R39", "R47"), three.rules());
    }

    @Test
    void shouldFreezePositivePointsForTenMinutesFromTheFlag()
    {
        final Game g = new Game();
        g.cheat(1_000_000, 3); // freeze = [1000000, 1600000)

        assertEquals(ids("R02", "R03", "R04", "R47"), g.clue(999_999, 60_000, 0).rules(), "before the flag");
        final Game.Outcome frozen = g.clue(1_599_999, 60_000, 1);
        assertEquals(-10, frozen.delta()); // P 100 -> 0, N -10 stays
        assertEquals(ids("R03", "R07", "R39", "R47"), frozen.rules());
        final Game.Outcome zero = g.clue(1_599_999, 60_000, 0);
        assertEquals(0, zero.delta());
        assertEquals(ids("R03", "R04", "R39"), zero.rules(), "awards still listed when frozen");
        assertEquals(ids("R37", "R47"), g.hint(1_599_999).rules(), "no positive P: R39 changes nothing");

        final Game.Outcome thawed = g.clue(1_600_000, 60_000, 0);
        assertEquals(150, thawed.delta());
        assertEquals(ids("R03", "R04", "R47"), thawed.rules());
    }

    @Test
    void shouldNotFreezeOnSeverityTwo()
    {
        final Game g = new Game();
        g.cheat(1_000_000, 2);

        assertEquals(170, g.clue(1_000_000, 60_000, 0).delta());
    }

    @Test
    void shouldKeepTheCheatPenaltyUnderAShield()
    {
        final Game g = new Game();
        g.powerup(1000, "shield", 600_000);

        final Game.Outcome o = g.cheat(2000, 2);
        assertEquals(-1000, o.delta());
        assertEquals(ids("R38", "R47"), o.rules(), "R38 is not shieldable: R44 dropped nothing");
    }
}
