package io.scoreline.pipeline;

import io.scoreline.rules.ScoringEngine;

import java.util.Arrays;

/**
 * GAME.md section 7 on the player board: what a void changed, instead of the whole board. Kept
 * by the score stage: every player's (on the board, total, reachedAt) before the void; after it,
 * the players whose triple differs, each with its exact rank in the corrected state (1 + the
 * players ahead of it in GAME.md 6 order, counted over every player in one pass that reads each
 * one's total, and its reachedAt only where a moved player has the same total). Taking them
 * off and inserting them at their ranks in ascending order gives the board of the corrected
 * state: the others keep their order (their keys did not change), and each inserted player has
 * every player ahead of it on the board already. Also counts section 7's C (players whose total
 * changed, or who are on one side only). Allocates, once a void, never per event.
 */
final class BoardChanges
{
    private long[] totalsBefore = new long[0];
    private long[] reachedBefore = new long[0];
    private boolean[] presentBefore = new boolean[0];
    private int before;
    private long changed;

    /** Before the void: every player's place on the board, as the engine holds it. */
    void keep(final ScoringEngine engine)
    {
        before = engine.playerCount();
        if (totalsBefore.length < before)
        {
            totalsBefore = new long[before];
            reachedBefore = new long[before];
            presentBefore = new boolean[before];
        }
        for (int h = 0; h < before; h++)
        {
            presentBefore[h] = engine.hasPlayer(h);
            totalsBefore[h] = engine.totalOf(h);
            reachedBefore[h] = engine.reachedAtOf(h);
        }
    }

    /** GAME.md 7's C of the last {@link #image}. */
    long changed()
    {
        return changed;
    }

    /** After the void: the changes, as a partial image, and {@link #changed()}. */
    BoardImage image(final ScoringEngine engine, final long rescored)
    {
        final int after = engine.playerCount();
        final IntList moved = new IntList();
        final IntList removed = new IntList();
        changed = 0;
        for (int h = 0; h < after; h++)
        {
            compare(engine, h, h < before && presentBefore[h], totalsBefore[h], reachedBefore[h], moved, removed);
        }
        return image(engine, rescored, moved, removed);
    }

    /**
     * After {@link ScoringEngine#correctTouched}: the same, with no {@link #keep} before, comparing
     * only the players the correction scored again (every other record is unchanged).
     */
    BoardImage imageOfTouched(final ScoringEngine engine, final long rescored)
    {
        final IntList moved = new IntList();
        final IntList removed = new IntList();
        changed = 0;
        for (int i = 0; i < engine.touchedCount(); i++)
        {
            compare(engine, engine.touchedHandle(i), engine.touchedWasPresent(i), engine.touchedTotalBefore(i),
                engine.touchedReachedAtBefore(i), moved, removed);
        }
        return image(engine, rescored, moved, removed);
    }

    /** One player's triple now against before: counted in C, listed as moved or removed. */
    private void compare(final ScoringEngine engine, final int h, final boolean was, final long totalBefore, final long reachedAtBefore,
        final IntList moved, final IntList removed)
    {
        final boolean is = engine.hasPlayer(h);
        final boolean totalChanged = was != is || (is && engine.totalOf(h) != totalBefore);
        if (totalChanged)
        {
            changed++;
        }
        if (totalChanged || (is && engine.reachedAtOf(h) != reachedAtBefore))
        {
            (is ? moved : removed).add(h);
        }
    }

    /** Buckets of totals over the moved players' span: up to 2^16 counts (256 KiB, cached), a bucket 2^shift totals wide. */
    private static final int MAX_BUCKET_BITS = 16;
    /** At most 2^bucketBits buckets: fewer in tests, so that a bucket holds several totals. */
    static int bucketBits = MAX_BUCKET_BITS;
    private final int[] bucketCount = new int[1 << MAX_BUCKET_BITS];
    /** Per bucket: whether a moved player's total falls in it, and if so the range of those moved players (sorted). */
    private final long[] marked = new long[(1 << MAX_BUCKET_BITS) >>> 6];
    private final int[] bucketFirst = new int[1 << MAX_BUCKET_BITS];
    private final int[] bucketEnd = new int[1 << MAX_BUCKET_BITS];
    private long low;
    private int shift;

    /** The moved players with their exact ranks (one pass over every player), and the removed ones. */
    private BoardImage image(final ScoringEngine engine, final long rescored, final IntList moved, final IntList removed)
    {
        // The moved players in GAME.md 6 order: total descending, reachedAt ascending (unique: one event moves one player).
        final int n = moved.size;
        final long[] totals = new long[n];
        final long[] reached = new long[n];
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = moved.items[i];
        }
        Arrays.sort(order, (a, b) -> ahead(engine.totalOf(a), engine.reachedAtOf(a), engine.totalOf(b), engine.reachedAtOf(b)));
        for (int i = 0; i < n; i++)
        {
            totals[i] = engine.totalOf(order[i]);
            reached[i] = engine.reachedAtOf(order[i]);
        }
        final long spread = n == 0 ? 0 : totals[0] - totals[n - 1]; // negative if it overflowed
        final int[] ahead = n == 0 ? new int[0] : spread >= 0 && !searchOnly ? countAhead(engine, totals, reached, spread)
            : searchAhead(engine, totals, reached);
        final int[] handles = new int[n];
        final long[] ids = new long[n];
        final int[] ranks = new int[n];
        for (int i = 0; i < n; i++)
        {
            handles[i] = order[i];
            ids[i] = engine.playerId(order[i]);
            ranks[i] = ahead[i] + 1;
        }
        final long[] removedIds = new long[removed.size];
        for (int i = 0; i < removed.size; i++)
        {
            removedIds[i] = engine.playerId(removed.items[i]);
        }
        return new BoardImage(handles, ids, totals, ranks, Arrays.copyOf(removed.items, removed.size), removedIds, engine,
            rescored);
    }

    /** Tests: rank by {@link #searchAhead} only. */
    static boolean searchOnly;

    /**
     * The players ahead of each moved one (sorted), in one pass over every player that reads its
     * total and counts it in a bucket of totals ({@link #bucketCount}, cached), or, in a bucket
     * that holds a moved player's total, finds the first moved player it goes ahead of among that
     * bucket's (as {@link #searchAhead} does among all for every player; its reachedAt is read
     * against an equal total only). A player in a bucket with
     * no moved total goes ahead of exactly the moved players in lower buckets: its bucket's count
     * is added there afterwards.
     */
    private int[] countAhead(final ScoringEngine engine, final long[] totals, final long[] reached, final long spread)
    {
        final int n = totals.length;
        low = totals[n - 1];
        shift = Math.max(0, 64 - Long.numberOfLeadingZeros(spread) - Math.min(bucketBits, MAX_BUCKET_BITS));
        final int buckets = (int)(spread >>> shift) + 1;
        Arrays.fill(bucketCount, 0, buckets, 0);
        Arrays.fill(marked, 0);
        for (int i = 0; i < n; i++)
        {
            final int b = (int)(totals[i] - low >>> shift);
            if ((marked[b >>> 6] & 1L << b) == 0)
            {
                marked[b >>> 6] |= 1L << b;
                bucketFirst[b] = i; // totals descend: a bucket's moved players are contiguous
            }
            bucketEnd[b] = i + 1;
        }
        final int[] startsAhead = new int[n + 1];
        int aboveAll = 0;
        final int after = engine.playerCount();
        for (int from = 0; from < after; from += BLOCK)
        {
            aboveAll += countBlock(engine, from, Math.min(after, from + BLOCK), totals, reached, startsAhead);
        }
        // An unmarked bucket's players go ahead of the moved players from the first in a lower bucket on (totals descend).
        int first = 0;
        for (int b = buckets - 1; b >= 0; b--)
        {
            while (first < n && (int)(totals[first] - low >>> shift) >= b)
            {
                first++;
            }
            startsAhead[first] += bucketCount[b];
        }
        final int[] ahead = new int[n];
        int sum = aboveAll;
        for (int i = 0; i < n; i++)
        {
            sum += startsAhead[i];
            ahead[i] = sum;
        }
        return ahead;
    }

    /**
     * Handles [from, to) of {@link #countAhead}'s pass: @return those above the span. A method a
     * block, not one loop a void, so that the JIT compiles it by its calls (VoidWarmup's first)
     * instead of an on-stack replacement that each void waits for.
     */
    private int countBlock(final ScoringEngine engine, final int from, final int to, final long[] totals, final long[] reached,
        final int[] startsAhead)
    {
        final long low = this.low;
        final long high = totals[0];
        final int shift = this.shift;
        final int[] bucketCount = this.bucketCount;
        final long[] marked = this.marked;
        int aboveAll = 0;
        for (int h = from; h < to; h++)
        {
            if (!engine.hasPlayer(h))
            {
                continue;
            }
            final long total = engine.totalOf(h);
            if (total > high)
            {
                aboveAll++;
            }
            else if (total >= low)
            {
                final int b = (int)(total - low >>> shift);
                if ((marked[b >>> 6] & 1L << b) == 0)
                {
                    bucketCount[b]++;
                }
                else
                {
                    startsAhead[firstBehindIn(engine, h, total, totals, reached, bucketFirst[b], bucketEnd[b])]++;
                }
            }
        }
        return aboveAll;
    }

    private static final int BLOCK = 64;

    /**
     * {@link #firstBehind} among the moved players [lo, hi), those of the player's bucket: it goes
     * ahead of every moved player from the result on (hi: those of lower buckets). Reads its
     * reachedAt only against an equal total.
     */
    private static int firstBehindIn(final ScoringEngine engine, final int h, final long total, final long[] totals,
        final long[] reached, final int from, final int to)
    {
        int lo = from;
        int hi = to;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long t = totals[mid];
            if (t > total || t == total && reached[mid] <= engine.reachedAtOf(h))
            {
                lo = mid + 1; // mid goes ahead of it, or is it
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /** The same by a search among the sorted moved players for every player (any span of totals). */
    private static int[] searchAhead(final ScoringEngine engine, final long[] totals, final long[] reached)
    {
        final int n = totals.length;
        // Players ahead of each: every player on the board counts for the moved ones it precedes (a suffix).
        final int[] startsAhead = new int[n + 1];
        final int after = engine.playerCount();
        for (int h = 0; h < after; h++)
        {
            if (engine.hasPlayer(h))
            {
                startsAhead[firstBehind(totals, reached, engine.totalOf(h), engine.reachedAtOf(h))]++;
            }
        }
        final int[] ahead = new int[n];
        int sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += startsAhead[i];
            ahead[i] = sum;
        }
        return ahead;
    }

    /** GAME.md 6: negative if (total a, reachedAt a) goes ahead of b. */
    private static int ahead(final long totalA, final long reachedA, final long totalB, final long reachedB)
    {
        return totalA != totalB ? Long.compare(totalB, totalA) : Long.compare(reachedA, reachedB);
    }

    /** The first of the sorted moved players that (total, reachedAt) goes ahead of; n if none. */
    private static int firstBehind(final long[] totals, final long[] reached, final long total, final long reachedAt)
    {
        int lo = 0;
        int hi = totals.length;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (ahead(totals[mid], reached[mid], total, reachedAt) <= 0)
            {
                lo = mid + 1; // mid goes ahead of it, or is it
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /** A growing list of ints. */
    private static final class IntList
    {
        int[] items = new int[64];
        int size;

        void add(final int value)
        {
            if (size == items.length)
            {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }
    }
}
