package io.scoreline.rules;

import java.nio.charset.StandardCharsets;

/** GAME.md section 1.2 rejection codes, in precedence order. Rejects are data, never exceptions. */
public final class ErrorCode
{
    public static final byte NONE = 0;
    public static final byte TOO_LARGE = 1;
    public static final byte MALFORMED = 2;
    public static final byte MISSING_FIELD = 3;
    public static final byte BAD_TYPE = 4;
    public static final byte OUT_OF_RANGE = 5;
    public static final byte UNKNOWN_TYPE = 6;
    public static final byte OVERFLOW = 7;
    /** GAME.md 1.2 and 7: a void whose target is not voidable (checked after duplicates, before scoring). */
    public static final byte BAD_VOID = 8;
    public static final int COUNT = 9;

    private static final String[] NAMES = {
        "", "too_large", "malformed", "missing_field", "bad_type", "out_of_range", "unknown_type", "overflow", "bad_void"
    };
    private static final byte[][] BYTES = new byte[NAMES.length][];

    static
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private ErrorCode()
    {
    }

    public static String name(final int code)
    {
        return NAMES[code];
    }

    /** The code's wire name as ASCII bytes; shared, never modify. */
    public static byte[] bytes(final int code)
    {
        return BYTES[code];
    }
}
