package io.scoreline.rules;

import static io.scoreline.rules.RuleId.PREDICTION_HAT_TRICK;
import static io.scoreline.rules.RuleId.PREDICTION_LONGSHOT;
import static io.scoreline.rules.RuleId.PREDICTION_PAYOUT;

/** GAME.md section 4, R32-R34 on {@code prediction_won}. */
final class PredictionRules
{
    private PredictionRules()
    {
    }

    static void predictionWon(
        final Tally tally, final RuleParams params, final GameEvent event, final RecordLayout layout, final byte[] rec,
        final int base)
    {
        final long count = RecordLayout.saturatingIncrement(layout.predictions.get(rec, base), layout.predictionsCap);
        tally.count = count;
        tally.award(PREDICTION_PAYOUT, tally.checked.multiply(event.stake, event.odds) / params.payoutDivisor);
        if (event.odds >= params.longshotOdds)
        {
            tally.award(PREDICTION_LONGSHOT, params.longshotPoints);
        }
        tally.milestone(PREDICTION_HAT_TRICK, count, params.hatTrickCount, params.hatTrickPoints);
    }
}
