package io.scoreline.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every rank a {@link DeferredBoard} gives, and its ordered board after every catch-up, against
 * GAME.md section 6 counted by brute force (total descending, then reachedAt ascending), on streams
 * full of equal totals, delta-0 events, players who move many times between catch-ups and totals
 * outside the counted window; with logs short enough that each catch-up path (move by move, laid out
 * afresh) runs many times; with a share of the log applied in idle moments between events
 * ({@link DeferredBoard#catchUpSome}, the leaf index set a few leaves at a time after a bulk
 * catch-up); and with corrections (GAME.md section 7, as the board stage applies a
 * void's board changes) made while moves wait in the log.
 */
class DeferredBoardTest
{
    private static final Leaderboard.IdSource IDS = handle -> handle + 1_000L;

    @Test
    void ranksAndOrderMatchBruteForceWhenLaidOutAfresh()
    {
        run(3_000, 60_000, 1_024, 64, 200, 1, false);
    }

    @Test
    void ranksAndOrderMatchBruteForceWithIdleCatchUps()
    {
        run(3_000, 60_000, 1_024, 64, 5_000, 4, true);
    }

    @Test
    void aDeepTreeCaughtUpWhenIdleKeepsItsInvariants()
    {
        run(40_000, 120_000, 16_384, 512, 20_000, 5, true);
    }

    @Test
    void ranksAndOrderMatchBruteForceMoveByMove()
    {
        run(3_000, 30_000, 512, Integer.MAX_VALUE, 200, 2, false);
    }

    @Test
    void aDeepTreeLaidOutAfreshKeepsItsInvariants()
    {
        run(40_000, 120_000, 16_384, 512, 20_000, 3, false);
    }

    /**
     * @param jumpEvery one event in this many jumps out of the counted window (or back)
     * @param idle      every other 5,000 events, between events, a bounded share of the catch-up (else the log fills)
     */
    private static void run(
        final int players, final int events, final int log, final int bulkMinimum, final int jumpEvery, final long seed,
        final boolean idle)
    {
        final DeferredBoard board = new DeferredBoard(players, IDS, log, bulkMinimum);
        final Model model = new Model(players);
        final SplittableRandom random = new SplittableRandom(seed);
        final boolean brute = players <= 5_000;
        long ordinal = 0;
        int checked = 0;
        int corrections = 0;
        long pendingAtCorrections = 0;
        long appliedWhenIdle = 0;
        for (int e = 0; e < events; e++)
        {
            ordinal++;
            final int h = random.nextInt(4) == 0 ? random.nextInt(Math.min(50, players)) : random.nextInt(players);
            final int rank = event(board, model, h, delta(random, model.total[h], jumpEvery), ordinal);
            if (brute || e % 97 == 0)
            {
                assertEquals(model.rank(h), rank, "rank of " + h + " at event " + e);
                checked++;
            }
            if (idle && (e / 5_000) % 2 == 0 && random.nextBoolean())
            {
                final int before = board.pending();
                board.catchUpSome(1 + random.nextInt(40));
                appliedWhenIdle += before - board.pending();
            }
            if (random.nextInt(1_000) == 0)
            {
                assertOrder(model, board.board());
            }
            if (e % 7_919 == 7_918)
            {
                pendingAtCorrections += board.pending();
                correct(board, model, random, corrections++);
            }
        }
        assertOrder(model, board.board());
        assertEquals(true, pendingAtCorrections > 0, "moves waited in the log when a correction came");
        assertEquals(true, board.bulkLoads() > 0 || bulkMinimum == Integer.MAX_VALUE, "laid out afresh at least once: " + board.catchUps() + " catch-ups, " + board.bulkLoads() + " bulk");
        assertEquals(true, checked > 0, "ranks checked");
        assertEquals(idle, appliedWhenIdle > 0, "moves applied when idle");

        // A restore: the board rebuilt in board order with places as reachedAt, then more events.
        final List<Integer> order = model.order();
        board.clear();
        for (int i = 0; i < order.size(); i++)
        {
            board.place(order.get(i), model.total[order.get(i)], i);
        }
        assertOrder(model, board.board());
        for (int e = 0; e < 5_000; e++)
        {
            ordinal++;
            final int h = random.nextInt(players);
            final int rank = event(board, model, h, delta(random, model.total[h], jumpEvery), ordinal);
            if (brute || e % 97 == 0)
            {
                assertEquals(model.rank(h), rank, "rank of " + h + " after the restore, event " + e);
            }
        }
        assertOrder(model, board.board());
    }

    /** One accepted event of handle h, as the board stage gives it to the board; returns the rank the board gave. */
    private static int event(final DeferredBoard board, final Model model, final int h, final long delta, final long ordinal)
    {
        if (model.present[h] && delta == 0)
        {
            return board.rankUnmoved(h, model.total[h], model.reached[h]);
        }
        final boolean was = model.present[h];
        final long previousTotal = model.total[h];
        final long previousReached = model.reached[h];
        model.move(h, previousTotal + delta, ordinal);
        return board.move(h, model.total[h], ordinal, was, previousTotal, previousReached);
    }

    /**
     * A void's board changes: 40 players change as a re-score could leave them (a new total with their
     * own reachedAt or an older one than any event's, or off the board), then, on the ordered board,
     * taken off and put in at their ranks in the corrected state, ascending, as Boards applies them.
     */
    private static void correct(final DeferredBoard board, final Model model, final SplittableRandom random, final int round)
    {
        final List<Integer> changed = new ArrayList<>();
        final List<Integer> removed = new ArrayList<>();
        for (int k = 0; k < 40; k++)
        {
            final int h = random.nextInt(model.present.length);
            if (!model.present[h] || changed.contains(h) || removed.contains(h))
            {
                continue;
            }
            if (random.nextInt(5) == 0)
            {
                model.present[h] = false;
                model.total[h] = 0;
                removed.add(h);
                continue;
            }
            model.total[h] += 10L * (random.nextInt(9) - 4);
            if (random.nextBoolean())
            {
                model.reached[h] = -1 - 100L * round - k; // older than every ordinal, unique
            }
            changed.add(h);
        }
        changed.sort((a, b) -> Integer.compare(model.rank(a), model.rank(b)));
        final Leaderboard ordered = board.board();
        for (final int h : removed)
        {
            ordered.remove(h);
        }
        for (final int h : changed)
        {
            ordered.remove(h);
        }
        for (final int h : changed)
        {
            ordered.insertAtRank(h, IDS.id(h), model.total[h], model.rank(h));
        }
        assertEquals(0, board.pending(), "caught up before the changes");
        assertOrder(model, board.board());
    }

    /** Mostly small steps of 10 (many equal totals), a fifth of them 0, and now and then a jump out of the window and back. */
    private static long delta(final SplittableRandom random, final long total, final int jumpEvery)
    {
        if (random.nextInt(jumpEvery) == 0)
        {
            return total > 200_000 ? -total : 300_000;
        }
        if (random.nextInt(5) == 0)
        {
            return 0;
        }
        return 10L * (random.nextInt(7) - 2);
    }

    private static void assertOrder(final Model model, final Leaderboard board)
    {
        final List<Integer> expected = model.order();
        assertEquals(expected.size(), board.size(), "size");
        final long[] ids = new long[expected.size()];
        final long[] totals = new long[expected.size()];
        board.forEachInRange(0, expected.size(), (rank, id, total) ->
        {
            ids[rank - 1] = id;
            totals[rank - 1] = total;
        });
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(IDS.id(expected.get(i)), ids[i], "id at rank " + (i + 1));
            assertEquals(model.total[expected.get(i)], totals[i], "total at rank " + (i + 1));
        }
        BoardInvariants.verify(board);
    }

    /** The board as GAME.md defines it, by brute force. */
    private static final class Model
    {
        final boolean[] present;
        final long[] total;
        final long[] reached;

        Model(final int players)
        {
            present = new boolean[players];
            total = new long[players];
            reached = new long[players];
        }

        void move(final int h, final long newTotal, final long ordinal)
        {
            present[h] = true;
            total[h] = newTotal;
            reached[h] = ordinal;
        }

        int rank(final int h)
        {
            int ahead = 0;
            for (int q = 0; q < present.length; q++)
            {
                if (present[q] && q != h && (total[q] > total[h] || total[q] == total[h] && reached[q] < reached[h]))
                {
                    ahead++;
                }
            }
            return ahead + 1;
        }

        List<Integer> order()
        {
            final List<Integer> all = new ArrayList<>();
            for (int q = 0; q < present.length; q++)
            {
                if (present[q])
                {
                    all.add(q);
                }
            }
            all.sort((a, b) -> total[a] != total[b] ? Long.compare(total[b], total[a]) : Long.compare(reached[a], reached[b]));
            return all;
        }
    }
}
