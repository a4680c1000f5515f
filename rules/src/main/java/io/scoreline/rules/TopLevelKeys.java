package io.scoreline.rules;

import java.util.Arrays;

/**
 * The unescaped keys seen so far at one object's top level, to reject a repeated key (GAME.md 1.2 malformed).
 * Open addressing over key bytes held in the scanner's scratch; a stamp per slot makes {@link #clear()} O(1).
 */
final class TopLevelKeys
{
    /** A member takes at least 5 bytes ({@code "":0,}), so a 4096-byte line has under 820 keys: load stays < 0.4. */
    private static final int CAPACITY = 2048;
    private static final int MASK = CAPACITY - 1;

    private final int[] stamps = new int[CAPACITY];
    private final int[] offsets = new int[CAPACITY];
    private final int[] lengths = new int[CAPACITY];
    private int stamp;

    void clear()
    {
        if (++stamp == 0)
        {
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
    }

    /** @return false if the key was already there. The bytes must stay unchanged until the next {@link #clear()}. */
    boolean add(final byte[] keys, final int offset, final int length)
    {
        int hash = length;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            hash = 31 * hash + keys[i];
        }
        int slot = (hash ^ (hash >>> 16)) & MASK;
        while (stamps[slot] == stamp)
        {
            if (lengths[slot] == length &&
                Arrays.equals(keys, offsets[slot], offsets[slot] + length, keys, offset, offset + length))
            {
                return false;
            }
            slot = (slot + 1) & MASK;
        }
        stamps[slot] = stamp;
        offsets[slot] = offset;
        lengths[slot] = length;
        return true;
    }
}
