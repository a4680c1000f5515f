package io.scoreline.rules;

import java.nio.charset.StandardCharsets;

/** The top-level keys GAME.md 1.1 gives meaning to, as dense ids (bits of a presence mask) and their wire names. */
final class EventField
{
    static final int TYPE = 0;
    static final int SEQ = 1;
    static final int TS = 2;
    static final int PLAYER = 3;
    static final int TEAM = 4;
    static final int CLUE = 5;
    static final int SOLVE_MS = 6;
    static final int HINTS = 7;
    static final int TREASURE = 8;
    static final int RARITY = 9;
    static final int ZONE = 10;
    static final int CHECKPOINT = 11;
    static final int QUIZ = 12;
    static final int CORRECT = 13;
    static final int ANSWER_MS = 14;
    static final int STAKE = 15;
    static final int ODDS = 16;
    static final int CHANNEL = 17;
    static final int KIND = 18;
    static final int DURATION_MS = 19;
    static final int SEVERITY = 20;
    static final int COUNT = 21;

    private static final byte[][] NAMES = ascii(
        "type", "seq", "ts", "player", "team", "clue", "solveMs", "hints", "treasure", "rarity", "zone",
        "checkpoint", "quiz", "correct", "answerMs", "stake", "odds", "channel", "kind", "durationMs", "severity");

    private EventField()
    {
    }

    /** @return the field named by these unescaped key bytes, or -1 for a key the game ignores. */
    static int lookup(final byte[] key, final int offset, final int length)
    {
        return indexOf(NAMES, key, offset, length);
    }

    /** @return the index of the name equal to the bytes, or -1. Short tables only: a linear scan, length first. */
    static int indexOf(final byte[][] names, final byte[] key, final int offset, final int length)
    {
        for (int i = 0; i < names.length; i++)
        {
            final byte[] name = names[i];
            if (name.length == length && equals(name, key, offset))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean equals(final byte[] name, final byte[] key, final int offset)
    {
        for (int i = 0; i < name.length; i++)
        {
            if (name[i] != key[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    static byte[][] ascii(final String... names)
    {
        final byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
