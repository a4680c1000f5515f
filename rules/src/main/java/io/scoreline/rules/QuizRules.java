package io.scoreline.rules;

import static io.scoreline.rules.RuleId.QUIZ_CORRECT;
import static io.scoreline.rules.RuleId.QUIZ_HALFTIME;
import static io.scoreline.rules.RuleId.QUIZ_MILESTONE_20;
import static io.scoreline.rules.RuleId.QUIZ_QUICK;
import static io.scoreline.rules.RuleId.QUIZ_STREAK_5;
import static io.scoreline.rules.RuleId.QUIZ_WRONG;

/** GAME.md section 4, R26-R31 on {@code quiz_answer} (steps 2-3; R30's trigger is {@link MatchState#trigger}). */
final class QuizRules
{
    private QuizRules()
    {
    }

    static void quizAnswer(
        final Tally tally, final RuleParams params, final GameEvent event, final RecordLayout layout, final byte[] rec,
        final int base, final MatchState match)
    {
        if (event.correct)
        {
            final long count = RecordLayout.saturatingIncrement(layout.quizCorrect.get(rec, base), layout.quizCorrectCap);
            final long streak = layout.nextQuizStreak(layout.quizStreak.get(rec, base));
            tally.count = count;
            tally.streak = streak;
            tally.award(QUIZ_CORRECT, params.quizCorrectPoints);
            if (event.answerMs <= params.quizQuickMs)
            {
                tally.award(QUIZ_QUICK, params.quizQuickPoints);
            }
            if (streak == 0)
            {
                tally.award(QUIZ_STREAK_5, params.quizStreakPoints); // the stored streak wraps to 0 at each multiple of R29's every
            }
            if (match.halftime(event.ts))
            {
                tally.award(QUIZ_HALFTIME, params.halftimePoints);
            }
            tally.milestone(QUIZ_MILESTONE_20, count, params.quizMilestone, params.quizMilestonePoints);
        }
        else
        {
            tally.awardShieldable(QUIZ_WRONG, params.quizWrongPoints, params.quizWrongShieldable);
        }
    }
}
