package io.scoreline.rules;

import static io.scoreline.rules.RuleId.CHECKPOINT_BASE;
import static io.scoreline.rules.RuleId.CHECKPOINT_FINAL;
import static io.scoreline.rules.RuleId.CHECKPOINT_IN_ORDER;
import static io.scoreline.rules.RuleId.CHECKPOINT_SPRINT;
import static io.scoreline.rules.RuleId.JOIN_WELCOME;

/** GAME.md section 4, R01 on {@code join} and R22-R25 on {@code checkpoint} (the course, from joining on). */
final class CheckpointRules
{
    private CheckpointRules()
    {
    }

    static void join(final Tally tally, final RuleParams params, final boolean joined)
    {
        if (!joined)
        {
            tally.award(JOIN_WELCOME, params.joinPoints);
        }
    }

    /** @param joinTs the stored join time: ts + 1, 0 = not joined. */
    static void checkpoint(
        final Tally tally, final RuleParams params, final GameEvent event, final RecordLayout layout, final byte[] rec,
        final int base, final long joinTs)
    {
        tally.award(CHECKPOINT_BASE, params.checkpointPoints);
        if (event.checkpoint == layout.lastCheckpoint.get(rec, base) + 1)
        {
            tally.award(CHECKPOINT_IN_ORDER, params.inOrderPoints);
        }
        if (event.checkpoint == params.finalCheckpoint && layout.finalDone.get(rec, base) == 0)
        {
            tally.award(CHECKPOINT_FINAL, params.finalPoints);
            tally.finalDone = true;
        }
        final long sinceJoin = event.ts - (joinTs - 1);
        if (joinTs != 0 && sinceJoin >= 0 && sinceJoin <= params.sprintWindowMs)
        {
            tally.award(CHECKPOINT_SPRINT, params.sprintPoints);
        }
    }
}
