package io.scoreline.rules;

/**
 * One event's parsed fields (GAME.md section 1.1), flat and primitive so a preallocated ring slot
 * can carry it. {@link EventParser#parse} overwrites every field, so nothing survives from the
 * slot's previous lap. Fields that the event's type does not have are left at 0.
 */
public final class GameEvent
{
    /** Byte limit of one event line (GAME.md 1.2 too_large). */
    public static final int MAX_LINE_BYTES = 4096;

    /** {@link ErrorCode} of checks 1-3; {@link ErrorCode#NONE} when the event passed parsing. */
    public byte error;
    /** {@link EventType}; {@link EventType#NONE} when the type is unusable. */
    public byte type;
    /** Whether {@link #seq} / {@link #player} hold values to echo in a result (GAME.md section 5). */
    public boolean seqKnown;
    public boolean playerKnown;

    public long seq;
    public long ts;
    public long player;
    public int team;

    /** clue_solved and hint_used. */
    public int clue;
    public int solveMs;
    public int hints;
    /** treasure_found. */
    public int treasure;
    public int rarity;
    public int zone;
    /** checkpoint. */
    public int checkpoint;
    /** quiz_answer. */
    public int quiz;
    public boolean correct;
    public int answerMs;
    /** prediction_won. */
    public long stake;
    public int odds;
    /** share: a {@link Channel} constant. */
    public byte channel;
    /** powerup: a {@link PowerupKind} constant; match_event: a {@link MatchKind} constant. */
    public byte kind;
    /** powerup. */
    public int durationMs;
    /** cheat_flag. */
    public int severity;
    /** match_event of kind void: the match-feed seq of its target (GAME.md section 7). */
    public long voids;

    public void clear()
    {
        error = ErrorCode.NONE;
        type = EventType.NONE;
        seqKnown = false;
        playerKnown = false;
        seq = 0;
        ts = 0;
        player = 0;
        team = 0;
        clue = 0;
        solveMs = 0;
        hints = 0;
        treasure = 0;
        rarity = 0;
        zone = 0;
        checkpoint = 0;
        quiz = 0;
        correct = false;
        answerMs = 0;
        stake = 0;
        odds = 0;
        channel = 0;
        kind = 0;
        durationMs = 0;
        severity = 0;
        voids = 0;
    }

    public boolean isAccepted()
    {
        return error == ErrorCode.NONE;
    }

    /** share channels. */
    public static final class Channel
    {
        public static final byte X = 1;
        public static final byte FACEBOOK = 2;
        public static final byte WHATSAPP = 3;
        public static final byte INSTAGRAM = 4;
        public static final byte OTHER = 5;

        private Channel()
        {
        }

        /** @return the channel with this wire name, 0 if none. Not for the hot path. */
        public static byte of(final String name)
        {
            switch (name == null ? "" : name)
            {
                case "x":
                    return X;
                case "facebook":
                    return FACEBOOK;
                case "whatsapp":
                    return WHATSAPP;
                case "instagram":
                    return INSTAGRAM;
                case "other":
                    return OTHER;
                default:
                    return 0;
            }
        }
    }

    /** powerup kinds. */
    public static final class PowerupKind
    {
        public static final byte DOUBLE = 1;
        public static final byte SHIELD = 2;

        private PowerupKind()
        {
        }
    }

    /** match_event kinds. */
    public static final class MatchKind
    {
        public static final byte GOAL = 1;
        public static final byte PENALTY_SAVED = 2;
        public static final byte HALF_TIME = 3;
        public static final byte FULL_TIME = 4;
        /** GAME.md section 7: takes back an earlier match event. */
        public static final byte VOID = 5;

        private MatchKind()
        {
        }
    }
}
