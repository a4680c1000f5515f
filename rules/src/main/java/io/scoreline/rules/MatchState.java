package io.scoreline.rules;

import static io.scoreline.rules.RuleId.GOLDEN_MINUTE;
import static io.scoreline.rules.RuleId.PENALTY_SAVE_BOOST;
import static io.scoreline.rules.RuleId.QUIZ_HALFTIME;

/**
 * GAME.md section 2's global state: the match feed's {@code lastSeq} and the windows its events
 * open (R40 golden, R41 boost, R30 halftime), each a half-open interval {@code [from, until)}.
 */
final class MatchState
{
    /** A window that covers nothing: from = MAX so {@code from <= ts} never holds. */
    private static final long EMPTY = Long.MAX_VALUE;
    /** Longs in {@link #copyTo} and {@link #read}: lastSeq and three windows. */
    static final int LONGS = 7;

    long lastSeq;
    private long goldenFrom = EMPTY;
    private long goldenUntil;
    private long boostFrom = EMPTY;
    private long boostUntil;
    private long halftimeFrom = EMPTY;
    private long halftimeUntil;

    /** Opens (or replaces) the window a match event of this kind triggers; returns the rule's bit, 0 for none. */
    long trigger(final byte kind, final long ts, final RuleParams params)
    {
        switch (kind)
        {
            case GameEvent.MatchKind.GOAL:
                goldenFrom = ts;
                goldenUntil = ts + params.goldenWindowMs;
                return RuleId.bit(GOLDEN_MINUTE);
            case GameEvent.MatchKind.PENALTY_SAVED:
                boostFrom = ts;
                boostUntil = ts + params.boostWindowMs;
                return RuleId.bit(PENALTY_SAVE_BOOST);
            case GameEvent.MatchKind.HALF_TIME:
                halftimeFrom = ts;
                halftimeUntil = ts + params.halftimeWindowMs;
                return RuleId.bit(QUIZ_HALFTIME);
            default:
                return 0;
        }
    }

    boolean golden(final long ts)
    {
        return goldenFrom <= ts && ts < goldenUntil;
    }

    boolean boost(final long ts)
    {
        return boostFrom <= ts && ts < boostUntil;
    }

    boolean halftime(final long ts)
    {
        return halftimeFrom <= ts && ts < halftimeUntil;
    }

    /** The state of a fresh engine. */
    void clear()
    {
        lastSeq = 0;
        goldenFrom = EMPTY;
        goldenUntil = 0;
        boostFrom = EMPTY;
        boostUntil = 0;
        halftimeFrom = EMPTY;
        halftimeUntil = 0;
    }

    /** For a snapshot capture: {@link #LONGS} longs, in the order {@link #read} reads them. */
    void copyTo(final long[] globals)
    {
        globals[0] = lastSeq;
        globals[1] = goldenFrom;
        globals[2] = goldenUntil;
        globals[3] = boostFrom;
        globals[4] = boostUntil;
        globals[5] = halftimeFrom;
        globals[6] = halftimeUntil;
    }

    void read(final java.io.DataInput in) throws java.io.IOException
    {
        lastSeq = in.readLong();
        goldenFrom = in.readLong();
        goldenUntil = in.readLong();
        boostFrom = in.readLong();
        boostUntil = in.readLong();
        halftimeFrom = in.readLong();
        halftimeUntil = in.readLong();
    }
}
