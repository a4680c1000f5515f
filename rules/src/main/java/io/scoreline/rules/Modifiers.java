package io.scoreline.rules;

import static io.scoreline.rules.RuleId.CHEAT_FREEZE;
import static io.scoreline.rules.RuleId.DAILY_CAP;
import static io.scoreline.rules.RuleId.EVENT_CAP;
import static io.scoreline.rules.RuleId.GOLDEN_MINUTE;
import static io.scoreline.rules.RuleId.PENALTY_SAVE_BOOST;
import static io.scoreline.rules.RuleId.POWERUP_DOUBLE;
import static io.scoreline.rules.RuleId.POWERUP_SHIELD;

/**
 * GAME.md section 3 step 4: the modifiers on P and N, in the spec's order: R44 shield, R39
 * freeze, R40 golden, R41 boost, R43 double, R45 event cap, R46 daily cap. Leaves the final P and
 * N in the tally.
 */
final class Modifiers
{
    private Modifiers()
    {
    }

    /** @param dayPoints the day block's points before this event (after the roll-over). */
    static void apply(final Tally tally, final RuleParams params, final MatchState match, final long ts, final long dayPoints)
    {
        long p = tally.positive;
        long n = tally.negative;
        if (tally.shieldable != 0)
        {
            if (within(tally.shieldFrom, tally.shieldLength, ts))
            {
                tally.mark(POWERUP_SHIELD);
            }
            else
            {
                n = tally.checked.add(n, tally.shieldable);
            }
        }
        if (p > 0 && within(tally.freezeFrom, params.freezeWindowMs, ts))
        {
            p = 0;
            tally.mark(CHEAT_FREEZE);
        }
        p = tally.multiplier(GOLDEN_MINUTE, p, match.golden(ts), params.goldenPercent);
        p = tally.multiplier(PENALTY_SAVE_BOOST, p, match.boost(ts), params.boostPercent);
        p = tally.multiplier(POWERUP_DOUBLE, p, within(tally.doubleFrom, tally.doubleLength, ts), params.doublePercent);
        if (p > params.eventCap)
        {
            p = params.eventCap;
            tally.mark(EVENT_CAP);
        }
        final long dayAllowance = Math.max(0, params.dailyCap - dayPoints);
        if (p > dayAllowance)
        {
            p = dayAllowance;
            tally.mark(DAILY_CAP);
        }
        tally.positive = p;
        tally.negative = n;
    }

    /** Whether a window stored as (from + 1, length), from + 1 == 0 meaning empty, covers ts. */
    private static boolean within(final long storedFrom, final long length, final long ts)
    {
        final long from = storedFrom - 1;
        return storedFrom != 0 && from <= ts && ts - from < length;
    }
}
