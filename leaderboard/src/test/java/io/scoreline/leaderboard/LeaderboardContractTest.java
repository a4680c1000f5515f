package io.scoreline.leaderboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random updates checked against a TreeSet ordered as GAME.md section 6 says. */
class LeaderboardContractTest
{
    /** Reference entry; ids are unique per handle, so (total, reachedAt, id) is a total order. */
    private record Entry(int handle, long id, long total, long reachedAt)
    {
    }

    private static int compare(final Entry a, final Entry b)
    {
        if (a.total != b.total)
        {
            return a.total > b.total ? -1 : 1;
        }
        if (a.reachedAt != b.reachedAt)
        {
            return Long.compare(a.reachedAt, b.reachedAt);
        }
        return Long.compare(a.id, b.id);
    }

    /**
     * General boards take any reachedAt, repeated and out of order. Arrival-order boards (what the
     * pipeline runs) take each change with the next ordinal, and an event that changes nothing is
     * not an update (the engine then only asks for the rank), as GAME.md section 6 has it.
     */
    @ParameterizedTest(name = "{4} board: capacity {0}, leaf {1}, inner {2}, seed {3}, window 2^{5}")
    @CsvSource({
        "16, 4, 8, 1, general, 18",
        "300, 4, 8, 2, general, 18",
        "2000, 4, 8, 3, general, 18",
        "2000, 6, 8, 4, general, 18",
        "3000, 128, 64, 5, general, 18",
        "3000, 64, 64, 7, general, 18",
        "5000, 256, 63, 10, general, 18",
        "5000, 16, 8, 6, general, 18",
        "2000, 4, 8, 8, general, 5",
        "5000, 16, 8, 9, general, 7",
        "16, 4, 8, 1, arrival, 18",
        "300, 4, 8, 2, arrival, 18",
        "2000, 4, 8, 3, arrival, 18",
        "2000, 6, 8, 4, arrival, 18",
        "3000, 128, 64, 5, arrival, 18",
        "3000, 64, 64, 7, arrival, 18",
        "5000, 256, 63, 10, arrival, 18",
        "5000, 16, 8, 6, arrival, 18",
        "2000, 4, 8, 8, arrival, 5",
        "5000, 16, 8, 9, arrival, 7",
    })
    void shouldRankLikeTheReferenceUnderRandomUpdates(
        final int capacity, final int leafCapacity, final int innerCapacity, final long seed, final String kindOfBoard,
        final int windowShift)
    {
        final boolean arrival = "arrival".equals(kindOfBoard);
        // A narrow window of exactly counted totals (around 0, where this test's totals wander) puts
        // many inserts outside it, on the search by totals.
        final Leaderboard board = new Leaderboard(
            capacity, leafCapacity, innerCapacity, arrival, null, -(1L << windowShift) / 2, windowShift);
        final TreeSet<Entry> reference = new TreeSet<>(LeaderboardContractTest::compare);
        final Entry[] current = new Entry[capacity];
        final long[] ids = new long[capacity];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int handle = 0; handle < capacity; handle++)
        {
            // Ids in an order unrelated to handles, so the id tie-break is really tested.
            ids[handle] = 1_000_003L * ((handle * 7919L) % capacity) - 500_000_000L;
        }

        long ordinal = 0;
        final int updates = 40_000;
        for (int step = 0; step < updates; step++)
        {
            final int handle = random.nextInt(capacity);
            final Entry old = current[handle];
            final long total;
            long reachedAt;
            final int kind = random.nextInt(10);
            if (old != null && kind == 0)
            {
                total = old.total;                                  // delta 0: reachedAt stays
                reachedAt = old.reachedAt;
            }
            else if (kind == 1)
            {
                total = random.nextLong(-3, 4);                     // dense ties around zero, negatives
                reachedAt = random.nextLong(0, 5);                  // arbitrary, repeated reachedAt
            }
            else if (kind == 2)
            {
                total = random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
                reachedAt = ++ordinal;
            }
            else
            {
                final long base = old == null ? 0 : old.total;
                total = base + random.nextLong(-50, 51);            // rises and falls, as events do
                reachedAt = total == base && old != null ? old.reachedAt : ++ordinal;
            }
            final boolean changesNothing = old != null && total == old.total && reachedAt == old.reachedAt;
            if (arrival && !changesNothing)
            {
                reachedAt = ++ordinal;                              // a change takes the newest ordinal
            }

            if (old != null)
            {
                reference.remove(old);
            }
            final Entry entry = new Entry(handle, ids[handle], total, reachedAt);
            reference.add(entry);
            current[handle] = entry;
            if (!arrival || !changesNothing)
            {
                board.update(handle, ids[handle], total, reachedAt);
            }

            assertEquals(reference.size(), board.size());
            assertEquals(reference.headSet(entry).size() + 1, board.rank(handle), "rank at step " + step);
            assertEquals(total, board.total(handle));
            assertEquals(ids[handle], board.id(handle));

            if (step % 997 == 0)
            {
                BoardInvariants.verify(board);
                assertWholeBoardMatches(board, reference, current, random);
            }
        }
        BoardInvariants.verify(board);
        assertWholeBoardMatches(board, reference, current, random);
    }

    private static void assertWholeBoardMatches(
        final Leaderboard board, final TreeSet<Entry> reference, final Entry[] current, final SplittableRandom random)
    {
        final List<Entry> expected = new ArrayList<>(reference);
        final Map<Entry, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < expected.size(); i++)
        {
            indexOf.put(expected.get(i), i);
        }
        final List<long[]> visited = new ArrayList<>();
        final Leaderboard.EntryConsumer collect = (rank, id, total) -> visited.add(new long[]{rank, id, total});

        assertEquals(expected.size(), board.forEachInRange(0, Integer.MAX_VALUE, collect));
        assertRange(expected, 0, visited);

        final int[] ranks = new int[current.length];
        java.util.Arrays.fill(ranks, -7); // absent handles keep what they held
        assertEquals(expected.size(), board.ranksInto(ranks));
        for (int handle = 0; handle < current.length; handle++)
        {
            if (current[handle] == null)
            {
                assertFalse(board.contains(handle));
                assertEquals(0, board.rank(handle));
                assertEquals(-7, ranks[handle], "ranksInto wrote an absent handle " + handle);
            }
            else
            {
                assertTrue(board.contains(handle));
                assertEquals(indexOf.get(current[handle]) + 1, board.rank(handle), "rank of " + handle);
                assertEquals(indexOf.get(current[handle]) + 1, ranks[handle], "ranksInto of " + handle);
            }
        }

        for (int i = 0; i < 20; i++)
        {
            final int offset = random.nextInt(expected.size() + 5);
            final int limit = random.nextInt(40);
            visited.clear();
            final int count = board.forEachInRange(offset, limit, collect);
            assertEquals(Math.max(0, Math.min(limit, expected.size() - offset)), count);
            assertRange(expected, offset, visited);
        }

        for (int i = 0; i < 20; i++)
        {
            final Entry around = expected.get(random.nextInt(expected.size()));
            final int before = random.nextInt(12);
            final int after = random.nextInt(12);
            final int index = indexOf.get(around);
            final int from = Math.max(0, index - before);
            final int to = Math.min(expected.size() - 1, index + after);
            visited.clear();
            assertEquals(to - from + 1, board.forEachAround(around.handle, before, after, collect));
            assertRange(expected, from, visited);
        }
    }

    private static void assertRange(final List<Entry> expected, final int offset, final List<long[]> visited)
    {
        for (int i = 0; i < visited.size(); i++)
        {
            final Entry entry = expected.get(offset + i);
            final long[] seen = visited.get(i);
            assertEquals(offset + i + 1, seen[0], "rank");
            assertEquals(entry.id, seen[1], "id at rank " + seen[0]);
            assertEquals(entry.total, seen[2], "total at rank " + seen[0]);
        }
    }
}
