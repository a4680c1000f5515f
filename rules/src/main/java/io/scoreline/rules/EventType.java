package io.scoreline.rules;

/** GAME.md section 1.1 event types as byte constants; {@link #NONE} when the type is not (yet) known. */
public final class EventType
{
    public static final byte NONE = 0;
    public static final byte JOIN = 1;
    public static final byte CLUE_SOLVED = 2;
    public static final byte HINT_USED = 3;
    public static final byte TREASURE_FOUND = 4;
    public static final byte CHECKPOINT = 5;
    public static final byte QUIZ_ANSWER = 6;
    public static final byte PREDICTION_WON = 7;
    public static final byte SHARE = 8;
    public static final byte POWERUP = 9;
    public static final byte CHEAT_FLAG = 10;
    public static final byte MATCH_EVENT = 11;
    public static final int COUNT = 12;

    private static final String[] NAMES = {
        "", "join", "clue_solved", "hint_used", "treasure_found", "checkpoint", "quiz_answer",
        "prediction_won", "share", "powerup", "cheat_flag", "match_event"
    };

    private EventType()
    {
    }

    public static String name(final int type)
    {
        return NAMES[type];
    }

    /** @return the type with this wire name, or {@link #NONE}. Not for the hot path. */
    public static byte of(final String name)
    {
        for (int i = 1; i < NAMES.length; i++)
        {
            if (NAMES[i].equals(name))
            {
                return (byte)i;
            }
        }
        return NONE;
    }
}
