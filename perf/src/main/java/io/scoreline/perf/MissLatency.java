package io.scoreline.perf;

import java.util.SplittableRandom;

/**
 * What one cache miss costs here, measured in this process: a dependent random read (pointer
 * chase) over an array as large as the state under test, one read per 64-byte line, visiting the
 * lines in one random cycle so that neither caches nor prefetchers help. On this project's VM:
 * ~31 ns over 4 MiB, ~250 ns over 64 MiB, ~440 ns over 1 GiB (TLB misses included, as they are
 * for the state itself). Dividing a stage's ns an event by it says how many misses' worth the
 * event costs.
 */
public final class MissLatency
{
    private static final int INTS_PER_LINE = 16;

    private MissLatency()
    {
    }

    /** @return ns per dependent read over {@code bytes} of memory (at least 1 MiB). */
    public static double measure(final long bytes, final long reads)
    {
        final int lines = (int)Math.max(1 << 14, Math.min(Integer.MAX_VALUE / INTS_PER_LINE, bytes / 64));
        final int[] next = new int[lines * INTS_PER_LINE];
        final int[] order = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = lines - 1; i > 0; i--) // Sattolo: a random permutation with a single cycle
        {
            final int j = random.nextInt(i);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < lines; i++)
        {
            next[i * INTS_PER_LINE] = order[i] * INTS_PER_LINE;
        }
        int at = chase(next, 0, Math.min(reads, lines)); // warm: pages touched, TLB and caches settled
        final long start = System.nanoTime();
        at = chase(next, at, reads);
        final long elapsed = System.nanoTime() - start;
        if (at == -1)
        {
            throw new AssertionError(); // keeps the chase from being optimised away
        }
        return (double)elapsed / reads;
    }

    private static int chase(final int[] next, final int from, final long reads)
    {
        int at = from;
        for (long i = 0; i < reads; i++)
        {
            at = next[at];
        }
        return at;
    }
}
