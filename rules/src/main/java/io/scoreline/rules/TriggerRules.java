package io.scoreline.rules;

import static io.scoreline.rules.RuleId.CHEAT_FREEZE;
import static io.scoreline.rules.RuleId.CHEAT_PENALTY;
import static io.scoreline.rules.RuleId.POWERUP_DOUBLE;
import static io.scoreline.rules.RuleId.POWERUP_SHIELD;

/**
 * GAME.md section 4, the player events that open personal windows: R43/R44 on {@code powerup},
 * R38 and R39's trigger on {@code cheat_flag}. A window is stored as (ts + 1, length), 0 = empty;
 * the modifiers that read them are {@link Modifiers}.
 */
final class TriggerRules
{
    private TriggerRules()
    {
    }

    static void powerup(final Tally tally, final GameEvent event)
    {
        if (event.kind == GameEvent.PowerupKind.DOUBLE)
        {
            tally.doubleFrom = event.ts + 1;
            tally.doubleLength = event.durationMs;
            tally.mark(POWERUP_DOUBLE);
        }
        else
        {
            tally.shieldFrom = event.ts + 1;
            tally.shieldLength = event.durationMs;
            tally.mark(POWERUP_SHIELD);
        }
    }

    static void cheatFlag(final Tally tally, final RuleParams params, final GameEvent event)
    {
        tally.award(CHEAT_PENALTY, tally.checked.multiply(params.cheatPoints, event.severity));
        if (event.severity == params.freezeSeverity)
        {
            tally.freezeFrom = event.ts + 1;
            tally.mark(CHEAT_FREEZE);
        }
    }
}
