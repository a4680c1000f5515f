package io.scoreline.rules;

import java.util.Arrays;

/**
 * GAME.md section 7: the accepted match events, for a void's target. Accepted match-feed seqs
 * strictly increase, so entries are appended in seq (and ordinal) order and found by binary
 * search. A match feed sends a few hundred events a match: the arrays grow rarely, off the
 * player-event path.
 */
final class MatchFeed
{
    private long[] seqs = new long[1024];
    private long[] ordinals = new long[1024];
    private byte[] kinds = new byte[1024];
    private int size;

    void add(final long seq, final long ordinal, final byte kind)
    {
        if (size == seqs.length)
        {
            seqs = Arrays.copyOf(seqs, size * 2);
            ordinals = Arrays.copyOf(ordinals, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        seqs[size] = seq;
        ordinals[size] = ordinal;
        kinds[size] = kind;
        size++;
    }

    /** @return the entry of the accepted match event with this seq, or -1. */
    int find(final long seq)
    {
        final int at = Arrays.binarySearch(seqs, 0, size, seq);
        return at >= 0 ? at : -1;
    }

    long ordinal(final int entry)
    {
        return ordinals[entry];
    }

    /** The event's own kind ({@link GameEvent.MatchKind}); an accepted void stays {@code VOID}. */
    byte kind(final int entry)
    {
        return kinds[entry];
    }

    int size()
    {
        return size;
    }

    long seq(final int entry)
    {
        return seqs[entry];
    }

    void clear()
    {
        size = 0;
    }
}
