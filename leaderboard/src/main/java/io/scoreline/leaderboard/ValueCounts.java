package io.scoreline.leaderboard;

/**
 * DESIGN B (experiment): how many entries have a total of at least t, from counts over a window of
 * total values: per value, per 64 values and per 4096 values, so a count sums at most three runs of
 * 64 ints. Totals outside the window are counted as above or below it; a count for a total
 * outside the window is the caller's business (it answers from the rope).
 */
final class ValueCounts
{
    static final int BLOCK_SHIFT = 6;
    static final int SUPER_SHIFT = 12;

    final long base;
    final long limit;
    final int width;
    private final int[] perValue;
    private final int[] perBlock;
    private final int[] perSuper;
    int above;
    int below;

    ValueCounts(final long base, final int widthShift)
    {
        this.base = base;
        this.width = 1 << widthShift;
        this.limit = base + width;
        perValue = new int[width];
        perBlock = new int[width >>> BLOCK_SHIFT];
        perSuper = new int[width >>> SUPER_SHIFT];
    }

    boolean inWindow(final long total)
    {
        return total >= base && total < limit;
    }

    void add(final long total, final int delta)
    {
        if (total < base)
        {
            below += delta;
        }
        else if (total >= limit)
        {
            above += delta;
        }
        else
        {
            final int v = (int)(total - base);
            perValue[v] += delta;
            perBlock[v >>> BLOCK_SHIFT] += delta;
            perSuper[v >>> SUPER_SHIFT] += delta;
        }
    }

    /** Entries with a total of at least {@code total}, which must be in the window. */
    int atLeast(final long total)
    {
        final int v = (int)(total - base);
        int sum = above;
        final int blockEnd = ((v >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
        for (int i = v; i < blockEnd; i++)
        {
            sum += perValue[i];
        }
        final int superEnd = ((v >>> SUPER_SHIFT) + 1) << (SUPER_SHIFT - BLOCK_SHIFT);
        for (int i = (v >>> BLOCK_SHIFT) + 1; i < superEnd; i++)
        {
            sum += perBlock[i];
        }
        for (int i = (v >>> SUPER_SHIFT) + 1; i < perSuper.length; i++)
        {
            sum += perSuper[i];
        }
        return sum;
    }

    /** Touches the lines a count and an update at this total will read. */
    long touch(final long total)
    {
        if (!inWindow(total))
        {
            return 0;
        }
        final int v = (int)(total - base);
        return perValue[v] + perBlock[v >>> BLOCK_SHIFT];
    }

    void clear()
    {
        java.util.Arrays.fill(perValue, 0);
        java.util.Arrays.fill(perBlock, 0);
        java.util.Arrays.fill(perSuper, 0);
        above = 0;
        below = 0;
    }

    long allocatedBytes()
    {
        return 4L * (perValue.length + perBlock.length + perSuper.length);
    }
}
