package io.scoreline.rules;

/**
 * The last K event timestamps of one kind per player (GAME.md clueTimes, treasureTimes), kept in
 * arrival order, for "K events within a span" rules.
 *
 * <p>Stored as the newest ts (a long) plus K-1 int offsets from it, not K longs: a rule only asks
 * whether the span is within a limit that fits an int. An offset too large for an int saturates
 * and then means "far": an older entry leaves the history before the newer one it was measured
 * against, so while it is held the span is at least that far, whatever arrives later.
 */
final class TimeHistory
{
    static final long NOT_FULL = Long.MAX_VALUE;
    private static final int FAR = Integer.MAX_VALUE;

    private final int depth;
    private final long[] newest;
    private final int[] offsets;
    private final byte[] length;

    TimeHistory(final int players, final int depth)
    {
        this.depth = depth;
        newest = new long[players];
        offsets = new int[players * (depth - 1)];
        length = new byte[players];
    }

    /** @return the span the history would have after {@link #push}, or {@link #NOT_FULL} if not full or far. */
    long spanAfterPush(final int player, final long ts)
    {
        if (length[player] + 1 < depth)
        {
            return NOT_FULL;
        }
        final long shift = newest[player] - ts;
        long min = 0;
        long max = 0;
        final int base = player * (depth - 1);
        for (int i = 0; i < depth - 1; i++)
        {
            final long offset = i == 0 ? saturate(shift) : shifted(offsets[base + i - 1], shift);
            if (offset == FAR || offset == -FAR)
            {
                return NOT_FULL;
            }
            min = Math.min(min, offset);
            max = Math.max(max, offset);
        }
        return max - min;
    }

    void push(final int player, final long ts)
    {
        final int base = player * (depth - 1);
        if (length[player] > 0)
        {
            final long shift = newest[player] - ts;
            for (int i = depth - 2; i > 0; i--)
            {
                offsets[base + i] = (int)shifted(offsets[base + i - 1], shift);
            }
            if (depth > 1)
            {
                offsets[base] = (int)saturate(shift);
            }
        }
        newest[player] = ts;
        if (length[player] < depth)
        {
            length[player]++;
        }
    }

    void clear(final int player)
    {
        length[player] = 0;
    }

    int size(final int player)
    {
        return length[player];
    }

    long bytesPerPlayer()
    {
        return 8L + 4L * (depth - 1) + 1;
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
