package io.scoreline.rules;

/**
 * The last K event timestamps of one kind per player (GAME.md clueTimes, treasureTimes), kept in
 * arrival order, for "K events within a span" rules (R10, R19). Lives in the player records.
 *
 * <p>Stored as the newest ts (ts + 1; 0 = empty history) and the K - 1 older entries as codes of
 * their offset from the newest, newest-but-one first:
 * <ul>
 * <li>{@code ABSENT} (0): no entry there (the history holds fewer than K), so a zeroed record is
 *     an empty history and the history's length needs no field of its own;
 * <li>{@code FAR} (1): the entry is more than the rule's span away from a newer entry that is
 *     still held. An older entry leaves the history before any newer one, so while it is held the
 *     span exceeds the limit whatever arrives: the rule cannot fire, exactly as with the true value;
 * <li>{@code EXACT + offset + span}: any offset within the span either way, exact.
 * </ul>
 * So a code takes the bits of 2 x span + 3 values: 20 bits for R10's 300000 ms, 18 for R19's
 * 120000 ms, and at most 33 for a span of {@code Integer.MAX_VALUE}.
 *
 * <p>Fail closed: {@link #prepare} works out the pushed history into scratch without writing;
 * {@link #commitPush} writes what the last {@link #prepare} computed.
 */
final class TimeHistory
{
    static final long NOT_FULL = Long.MAX_VALUE;
    private static final long ABSENT = 0;
    private static final long FAR = 1;
    private static final long EXACT = 2;

    private final BitField newest;
    private final BitField[] offsets;
    private final long span;
    private final long[] next;

    TimeHistory(final BitField newest, final BitField[] offsets, final long span)
    {
        this.newest = newest;
        this.offsets = offsets;
        this.span = span;
        this.next = new long[offsets.length];
    }

    /** Bits of one offset code for a rule whose span limit is {@code span} ms. */
    static int codeBits(final long span)
    {
        return RecordLayout.bitsFor(EXACT + 2 * span);
    }

    /**
     * Works out the history after pushing {@code ts}, without writing it.
     *
     * @return the span of the K timestamps it would hold, or {@link #NOT_FULL} if it would hold
     * fewer, or one is farther than the limit from another (the rule cannot fire either way).
     */
    long prepare(final byte[] records, final int base, final long ts)
    {
        final int n = offsets.length;
        final long stored = newest.get(records, base);
        if (stored == 0)
        {
            for (int i = 0; i < n; i++)
            {
                next[i] = ABSENT;
            }
            return n == 0 ? 0 : NOT_FULL;
        }
        final long shift = stored - 1 - ts;
        for (int i = n - 1; i > 0; i--)
        {
            next[i] = shifted(offsets[i - 1].get(records, base), shift);
        }
        if (n > 0)
        {
            next[0] = encode(shift);
        }
        long min = 0;
        long max = 0;
        boolean eligible = true;
        for (int i = 0; i < n; i++)
        {
            final long code = next[i];
            if (code < EXACT)
            {
                eligible = false; // ABSENT: not full; FAR: too far apart
            }
            else
            {
                final long offset = code - EXACT - span;
                min = Math.min(min, offset);
                max = Math.max(max, offset);
            }
        }
        return eligible ? max - min : NOT_FULL;
    }

    /** Writes the history that the last {@link #prepare} at this record and ts computed. */
    void commitPush(final byte[] records, final int base, final long ts)
    {
        for (int i = 0; i < offsets.length; i++)
        {
            offsets[i].set(records, base, next[i]);
        }
        newest.set(records, base, ts + 1);
    }

    /** Empties the history; the offset codes left behind are not read while it is empty. */
    void clear(final byte[] records, final int base)
    {
        newest.set(records, base, 0);
    }

    private long shifted(final long code, final long shift)
    {
        return code < EXACT ? code : encode(code - EXACT - span + shift);
    }

    private long encode(final long offset)
    {
        return offset > span || offset < -span ? FAR : offset + span + EXACT;
    }
}
