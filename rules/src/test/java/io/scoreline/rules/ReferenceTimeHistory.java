package io.scoreline.rules;

/*
 * Oracle of EngineDifferentialTest: main's engine as it was at 0a093e0 (long[] records of 19 longs,
 * int index at load <= 0.5), copied under a reference name and not to be changed. Only the class
 * names differ from the original.
 */

/**
 * The last K event timestamps of one kind per player (GAME.md clueTimes, treasureTimes), kept in
 * arrival order, for "K events within a span" rules. Lives inside the player records.
 *
 * <p>Stored as the newest ts (a long) plus K-1 int offsets from it, not K longs: a rule only asks
 * whether the span is within a limit that fits an int. An offset too large for an int saturates
 * and then means "far": an older entry leaves the history before the newer one it was measured
 * against, so while it is held the span is at least that far, whatever arrives later.
 */
final class ReferenceTimeHistory
{
    static final long NOT_FULL = Long.MAX_VALUE;
    private static final int FAR = Integer.MAX_VALUE;

    private final long[] state;
    private final int field;
    private final int depth;
    private final int lengthShift;

    ReferenceTimeHistory(final long[] state, final int field, final int depth, final int lengthShift)
    {
        this.state = state;
        this.field = field;
        this.depth = depth;
        this.lengthShift = lengthShift;
    }

    /** Longs a history of {@code depth} timestamps takes in a record. */
    static int longs(final int depth)
    {
        return 1 + depth / 2; // newest, then (depth - 1) ints rounded up to longs
    }

    /** @return the span the history would have after {@link #push}, or {@link #NOT_FULL} if not full or far. */
    long spanAfterPush(final int base, final long ts)
    {
        if (length(base) + 1 < depth)
        {
            return NOT_FULL;
        }
        final long shift = state[base + field] - ts;
        long min = 0;
        long max = 0;
        for (int i = 0; i < depth - 1; i++)
        {
            final long offset = i == 0 ? saturate(shift) : shifted(offset(base, i - 1), shift);
            if (offset == FAR || offset == -FAR)
            {
                return NOT_FULL;
            }
            min = Math.min(min, offset);
            max = Math.max(max, offset);
        }
        return max - min;
    }

    void push(final int base, final long ts)
    {
        final int length = length(base);
        if (length > 0)
        {
            final long shift = state[base + field] - ts;
            for (int i = depth - 2; i > 0; i--)
            {
                setOffset(base, i, (int)shifted(offset(base, i - 1), shift));
            }
            if (depth > 1)
            {
                setOffset(base, 0, (int)saturate(shift));
            }
        }
        state[base + field] = ts;
        if (length < depth)
        {
            setLength(base, length + 1);
        }
    }

    void clear(final int base)
    {
        setLength(base, 0);
    }

    int length(final int base)
    {
        return ReferencePlayers.field(state[base + ReferencePlayers.SMALL], lengthShift, 8);
    }

    private void setLength(final int base, final int length)
    {
        state[base + ReferencePlayers.SMALL] = ReferencePlayers.withField(state[base + ReferencePlayers.SMALL], lengthShift, 8, length);
    }

    private int offset(final int base, final int i)
    {
        final long packed = state[base + field + 1 + (i >> 1)];
        return (i & 1) == 0 ? ReferencePlayers.lo(packed) : ReferencePlayers.hi(packed);
    }

    private void setOffset(final int base, final int i, final int value)
    {
        final int at = base + field + 1 + (i >> 1);
        final long packed = state[at];
        state[at] = (i & 1) == 0 ? ReferencePlayers.pack(ReferencePlayers.hi(packed), value) : ReferencePlayers.pack(value, ReferencePlayers.lo(packed));
    }

    private static long shifted(final int offset, final long shift)
    {
        return offset == FAR || offset == -FAR ? offset : saturate(offset + shift);
    }

    private static long saturate(final long value)
    {
        return value >= FAR ? FAR : value <= -FAR ? -FAR : value;
    }
}
