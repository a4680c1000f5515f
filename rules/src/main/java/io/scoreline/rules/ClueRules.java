package io.scoreline.rules;

import static io.scoreline.rules.RuleId.CLUE_BASE;
import static io.scoreline.rules.RuleId.CLUE_CLEAN;
import static io.scoreline.rules.RuleId.CLUE_HINT_TAX;
import static io.scoreline.rules.RuleId.CLUE_MILESTONE_10;
import static io.scoreline.rules.RuleId.CLUE_MILESTONE_50;
import static io.scoreline.rules.RuleId.CLUE_PERSEVERANCE;
import static io.scoreline.rules.RuleId.CLUE_RAPID;
import static io.scoreline.rules.RuleId.CLUE_SPEED;
import static io.scoreline.rules.RuleId.CLUE_STREAK_10;
import static io.scoreline.rules.RuleId.CLUE_STREAK_3;
import static io.scoreline.rules.RuleId.HINT_PENALTY;

/** GAME.md section 4, R03-R12 on {@code clue_solved} and R37 on {@code hint_used} (steps 2-3: counters, awards). */
final class ClueRules
{
    private ClueRules()
    {
    }

    static void clueSolved(
        final Tally tally, final RuleParams params, final GameEvent event, final RecordLayout layout, final byte[] rec,
        final int base, final TimeHistory clueTimes)
    {
        final long count = RecordLayout.saturatingIncrement(layout.clueCount.get(rec, base), layout.clueCountCap);
        final long streak = event.hints == 0 ? layout.nextCleanStreak(layout.cleanStreak.get(rec, base)) : 0;
        tally.count = count;
        tally.streak = streak;
        tally.award(CLUE_BASE, params.clueBasePoints);
        if (event.hints == 0)
        {
            tally.award(CLUE_CLEAN, params.cleanPoints);
        }
        tally.award(CLUE_SPEED,
            tally.checked.multiply(params.speedPoints, Math.max(0, params.speedWindowMs - event.solveMs)) / params.speedWindowMs);
        if (event.solveMs >= params.slowSolveMs)
        {
            tally.award(CLUE_PERSEVERANCE, params.slowSolvePoints);
        }
        tally.awardShieldable(CLUE_HINT_TAX, tally.checked.multiply(params.hintTaxPoints, event.hints), params.hintTaxShieldable);
        if (streak > 0 && streak % params.cleanStreakEvery == 0)
        {
            tally.award(CLUE_STREAK_3, params.cleanStreakEveryPoints);
        }
        if (streak == params.cleanStreakReach)
        {
            tally.award(CLUE_STREAK_10, params.cleanStreakReachPoints);
        }
        tally.burst(CLUE_RAPID, clueTimes, rec, base, event.ts, params.clueRapidSpanMs, params.clueRapidPoints);
        tally.milestone(CLUE_MILESTONE_10, count, params.clueMilestone1, params.clueMilestone1Points);
        tally.milestone(CLUE_MILESTONE_50, count, params.clueMilestone2, params.clueMilestone2Points);
    }

    static void hintUsed(final Tally tally, final RuleParams params)
    {
        tally.awardShieldable(HINT_PENALTY, params.hintPenaltyPoints, params.hintPenaltyShieldable);
    }
}
