package io.scoreline.rules;

import java.util.Arrays;

/**
 * GAME.md section 7: the accepted match events, for a void's target. Accepted match-feed seqs
 * strictly increase, so entries are appended in seq (and ordinal) order and found by binary
 * search. Entries further back than a void reaches are dropped when the arrays are full, so
 * they grow (allocate) only when more than {@link #INITIAL} match events fall within one reach:
 * a match feed sends a few hundred a match, the bench's mix one in a thousand events.
 */
final class MatchFeed
{
    static final int INITIAL = 8192;

    private long[] seqs = new long[INITIAL];
    private long[] ordinals = new long[INITIAL];
    private byte[] kinds = new byte[INITIAL];
    private int size;

    /** @param keepFrom the lowest ordinal a void can still reach: entries before it may be dropped. */
    void add(final long seq, final long ordinal, final byte kind, final long keepFrom)
    {
        if (size == seqs.length && !dropBefore(keepFrom))
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

    /** Drops the entries before ordinal {@code keepFrom} (ordinals increase); @return whether any was. */
    private boolean dropBefore(final long keepFrom)
    {
        int first = Arrays.binarySearch(ordinals, 0, size, keepFrom);
        first = first >= 0 ? first : -first - 1;
        if (first == 0)
        {
            return false;
        }
        System.arraycopy(seqs, first, seqs, 0, size - first);
        System.arraycopy(ordinals, first, ordinals, 0, size - first);
        System.arraycopy(kinds, first, kinds, 0, size - first);
        size -= first;
        return true;
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

    /** Drops the entries of ordinal {@code ordinal} and later (a roll-back to before it). */
    void truncateFrom(final long ordinal)
    {
        final int at = java.util.Arrays.binarySearch(ordinals, 0, size, ordinal);
        size = at >= 0 ? at : -at - 1;
    }

    void clear()
    {
        size = 0;
    }
}
