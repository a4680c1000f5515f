package io.scoreline.leaderboard;

/**
 * How many entries have a total of at least t, from counts over a window of
 * total values: per value, per 64 values and per 4096 values, so a count sums at most three runs of
 * 64 ints. Totals outside the window are counted as above or below it; a count for a total
 * outside the window is the caller's business ({@link BoardTree} then searches by total).
 */
final class ValueCounts
{
    /** 2^18 totals (1 MiB of counts) from -16384: a game's totals start near 0 and mostly rise. */
    static final int DEFAULT_WIDTH_SHIFT = 18;
    static final long DEFAULT_BASE = -(1L << 14);
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
        perBlock = new int[Math.max(1, width >>> BLOCK_SHIFT)];
        perSuper = new int[Math.max(1, width >>> SUPER_SHIFT)];
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
        final int blockEnd = Math.min(((v >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT, width);
        for (int i = v; i < blockEnd; i++)
        {
            sum += perValue[i];
        }
        final int superEnd = Math.min(((v >>> SUPER_SHIFT) + 1) << (SUPER_SHIFT - BLOCK_SHIFT), perBlock.length);
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

    /** Entries with exactly this total, which must be in the window. */
    int count(final long total)
    {
        return perValue[(int)(total - base)];
    }

    /** Entries with exactly the total {@code base + v}, v an offset into the window. */
    int countAt(final int v)
    {
        return perValue[v];
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
