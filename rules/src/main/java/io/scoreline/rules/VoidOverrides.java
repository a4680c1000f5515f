package io.scoreline.rules;

import java.util.Arrays;

/**
 * GAME.md section 7, "several voids compose": what every accepted void decided, by ordinal. Its
 * target is scored as rejected and the void itself as a {@code full_time}, whenever events are
 * scored again from an earlier state. Kept sorted by ordinal; two entries per accepted void.
 */
final class VoidOverrides
{
    static final byte NONE = 0;
    static final byte REJECT = 1;
    static final byte FULL_TIME = 2;

    private long[] ordinals = new long[64];
    private byte[] actions = new byte[64];
    private int size;

    void add(final long ordinal, final byte action)
    {
        if (size == ordinals.length)
        {
            ordinals = Arrays.copyOf(ordinals, size * 2);
            actions = Arrays.copyOf(actions, size * 2);
        }
        int at = size;
        while (at > 0 && ordinals[at - 1] > ordinal)
        {
            ordinals[at] = ordinals[at - 1];
            actions[at] = actions[at - 1];
            at--;
        }
        ordinals[at] = ordinal;
        actions[at] = action;
        size++;
    }

    /** The highest ordinal with an override, -1 for none: events after it are scored as they are. */
    long last()
    {
        return size == 0 ? -1 : ordinals[size - 1];
    }

    byte at(final long ordinal)
    {
        final int at = Arrays.binarySearch(ordinals, 0, size, ordinal);
        return at >= 0 ? actions[at] : NONE;
    }

    int size()
    {
        return size;
    }

    long ordinal(final int entry)
    {
        return ordinals[entry];
    }

    byte action(final int entry)
    {
        return actions[entry];
    }
}
