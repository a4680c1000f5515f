package io.scoreline.perf.jmh;

import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;

/**
 * The baselines' mapping of wire strings to {@link GameEvent} constants: a String switch, as a
 * Java team using Jackson would write it. Unknown strings map to 0.
 */
final class WireNames
{
    private WireNames()
    {
    }

    static byte type(final String name)
    {
        return name == null ? EventType.NONE : EventType.of(name);
    }

    static byte channel(final String name)
    {
        return GameEvent.Channel.of(name);
    }

    /** powerup and match_event share the "kind" field with different value sets. */
    static byte kind(final byte type, final String name)
    {
        if (name == null)
        {
            return 0;
        }
        if (type == EventType.POWERUP)
        {
            switch (name)
            {
                case "double":
                    return GameEvent.PowerupKind.DOUBLE;
                case "shield":
                    return GameEvent.PowerupKind.SHIELD;
                default:
                    return 0;
            }
        }
        switch (name)
        {
            case "goal":
                return GameEvent.MatchKind.GOAL;
            case "penalty_saved":
                return GameEvent.MatchKind.PENALTY_SAVED;
            case "half_time":
                return GameEvent.MatchKind.HALF_TIME;
            case "full_time":
                return GameEvent.MatchKind.FULL_TIME;
            default:
                return 0;
        }
    }
}
