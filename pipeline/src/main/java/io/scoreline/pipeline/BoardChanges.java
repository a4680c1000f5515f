package io.scoreline.pipeline;

import io.scoreline.rules.ScoringEngine;

import java.util.Arrays;

/**
 * GAME.md section 7 on the player board: what a void changed, instead of the whole board. Kept
 * by the score stage: every player's (on the board, total, reachedAt) before the void, then after
 * it the players whose triple differs, plus the <em>followers</em>: players whose triple did not
 * change but whose total is the new total of a changed player and whose reachedAt is above that
 * player's. Taking the changed players off and putting the changed and the followers back last
 * among their equal totals, in reachedAt order, leaves each run of equal totals in reachedAt order
 * (the part before the lowest reachedAt put back is untouched, and in order already): the board
 * GAME.md section 6 gives the corrected state. Also counts section 7's C (players whose total
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
        final boolean[] moved = new boolean[after];
        int movedCount = 0;
        int removedCount = 0;
        changed = 0;
        for (int h = 0; h < after; h++)
        {
            final boolean was = h < before && presentBefore[h];
            final boolean is = engine.hasPlayer(h);
            final boolean totalChanged = was != is || (is && engine.totalOf(h) != totalsBefore[h]);
            if (totalChanged)
            {
                changed++;
            }
            if (totalChanged || (is && engine.reachedAtOf(h) != reachedBefore[h]))
            {
                moved[h] = true;
                if (is)
                {
                    movedCount++;
                }
                else
                {
                    removedCount++;
                }
            }
        }
        final int[] removed = new int[removedCount];
        final long[] removedIds = new long[removedCount];
        final LowestReach lowest = new LowestReach(movedCount);
        int r = 0;
        for (int h = 0; h < after; h++)
        {
            if (moved[h])
            {
                if (engine.hasPlayer(h))
                {
                    lowest.offer(engine.totalOf(h), engine.reachedAtOf(h));
                }
                else
                {
                    removed[r] = h;
                    removedIds[r++] = engine.playerId(h);
                }
            }
        }
        // The players to put back: the moved, and the followers; as reachedAt << bits | handle, sorted.
        final int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, after));
        long[] keys = new long[Math.max(16, movedCount * 2)];
        int n = 0;
        for (int h = 0; h < after; h++)
        {
            if (!engine.hasPlayer(h))
            {
                continue;
            }
            final long reachedAt = engine.reachedAtOf(h);
            if (moved[h] || reachedAt > lowest.of(engine.totalOf(h)))
            {
                if (n == keys.length)
                {
                    keys = Arrays.copyOf(keys, n * 2);
                }
                keys[n++] = reachedAt << bits | h;
            }
        }
        Arrays.sort(keys, 0, n);
        final int[] handles = new int[n];
        final long[] ids = new long[n];
        final long[] totals = new long[n];
        final long mask = (1L << bits) - 1;
        for (int i = 0; i < n; i++)
        {
            final int h = (int)(keys[i] & mask);
            handles[i] = h;
            ids[i] = engine.playerId(h);
            totals[i] = engine.totalOf(h);
        }
        return new BoardImage(handles, ids, totals, removed, removedIds, engine, rescored);
    }

    /** Per total, the lowest reachedAt put back with it: an open-addressing table of longs. */
    private static final class LowestReach
    {
        private final long[] totals;
        private final long[] lowest;
        private final boolean[] used;
        private final int mask;

        LowestReach(final int expected)
        {
            final int size = Integer.highestOneBit(Math.max(4, expected) * 4);
            totals = new long[size];
            lowest = new long[size];
            used = new boolean[size];
            mask = size - 1;
        }

        void offer(final long total, final long reachedAt)
        {
            int i = slot(total);
            while (used[i] && totals[i] != total)
            {
                i = (i + 1) & mask;
            }
            if (!used[i])
            {
                used[i] = true;
                totals[i] = total;
                lowest[i] = reachedAt;
            }
            else
            {
                lowest[i] = Math.min(lowest[i], reachedAt);
            }
        }

        /** The lowest reachedAt put back with this total, or Long.MAX_VALUE if none is. */
        long of(final long total)
        {
            int i = slot(total);
            while (used[i])
            {
                if (totals[i] == total)
                {
                    return lowest[i];
                }
                i = (i + 1) & mask;
            }
            return Long.MAX_VALUE;
        }

        private int slot(final long total)
        {
            return (int)((total * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        }
    }
}
