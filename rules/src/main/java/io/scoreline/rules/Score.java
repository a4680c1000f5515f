package io.scoreline.rules;

/**
 * What scoring decided for one event, flat so a ring slot can carry it to the leaderboard and
 * result stages. {@link ScoringEngine#score} overwrites every field.
 */
public final class Score
{
    public static final byte OK = 1;
    public static final byte DUPLICATE = 2;
    public static final byte REJECTED = 3;

    public byte status;
    /** {@link ErrorCode} when {@link #REJECTED}. */
    public byte error;
    public long delta;
    public long total;
    /** Bit (n - 1) set when rule Rn took part (GAME.md section 5 "rules"). */
    public long rules;

    /** Dense player handle for the board, -1 for match events and non-accepted events. */
    public int playerHandle;
    /** The player's reachedAt; the board entry moves only when {@link #playerMoved}. */
    public long playerReachedAt;
    public boolean playerMoved;
    /** Whether the player was on the board before this event (it had an accepted event). */
    public boolean playerWasOnBoard;
    /** The player's total and reachedAt before this event; meaningless unless {@link #playerWasOnBoard}. */
    public long playerPreviousTotal;
    public long playerPreviousReachedAt;

    /** Team named by an accepted player event, -1 otherwise. */
    public int team;
    public long teamTotal;
    public long teamReachedAt;
    public boolean teamMoved;

    /**
     * GAME.md section 7, for a match_event of kind void: the ordinal of its voidable target, set by
     * {@link ScoringEngine#score} (which commits nothing then: the caller re-scores, then calls
     * {@link ScoringEngine#applyVoid}); -1 otherwise.
     */
    public long voidTarget;
    /** An accepted void's result fields: the seq it voided and the players whose total changed. */
    public long voided;
    public long changed;

    public void reject(final byte errorCode)
    {
        clear();
        status = REJECTED;
        error = errorCode;
    }

    public void clear()
    {
        status = 0;
        error = ErrorCode.NONE;
        delta = 0;
        total = 0;
        rules = 0;
        playerHandle = -1;
        playerReachedAt = 0;
        playerMoved = false;
        playerWasOnBoard = false;
        playerPreviousTotal = 0;
        playerPreviousReachedAt = 0;
        team = -1;
        teamTotal = 0;
        teamReachedAt = 0;
        teamMoved = false;
        voidTarget = -1;
        voided = 0;
        changed = 0;
    }
}
