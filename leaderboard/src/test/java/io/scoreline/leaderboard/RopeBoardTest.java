package io.scoreline.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DESIGN B (experiment): the rope board ranks like a TreeSet in GAME.md order, arrival-order updates. */
class RopeBoardTest
{
    private record Entry(int handle, long total, long reachedAt)
    {
    }

    @ParameterizedTest
    @CsvSource({"16, 4, 8, 1", "2000, 4, 8, 3", "3000, 64, 63, 5", "5000, 16, 8, 6"})
    void shouldRankLikeTheReference(final int capacity, final int leaf, final int inner, final long seed)
    {
        final RopeBoard board = new RopeBoard(capacity, leaf, inner, h -> h + 1000L, -2048, 12);
        final TreeSet<Entry> reference = new TreeSet<>((a, b) -> a.total != b.total ? Long.compare(b.total, a.total) : Long.compare(a.reachedAt, b.reachedAt));
        final Entry[] current = new Entry[capacity];
        final SplittableRandom random = new SplittableRandom(seed);
        long ordinal = 0;
        for (int step = 0; step < 40_000; step++)
        {
            final int handle = random.nextInt(capacity);
            final Entry old = current[handle];
            final int kind = random.nextInt(10);
            if (old != null && kind == 0)
            {
                assertEquals(reference.headSet(old).size() + 1, board.rank(handle), "delta-0 rank at step " + step);
                continue;
            }
            final long total = kind == 1 ? random.nextLong(-3, 4)
                : kind == 2 ? (random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3))
                : (old == null ? 0 : old.total) + random.nextLong(-50, 51);
            if (old != null)
            {
                reference.remove(old);
            }
            final Entry entry = new Entry(handle, total, ++ordinal);
            reference.add(entry);
            current[handle] = entry;
            board.update(handle, handle + 1000L, total, ordinal);
            assertEquals(reference.headSet(entry).size() + 1, board.rank(handle), "rank at step " + step);
            assertEquals(reference.size(), board.size);
            if (step % 997 == 0)
            {
                final List<String> expected = new ArrayList<>();
                int rank = 0;
                for (final Entry e : reference)
                {
                    expected.add(++rank + ":" + (e.handle + 1000L) + ":" + e.total);
                }
                final List<String> seen = new ArrayList<>();
                board.forEachInRange(0, Integer.MAX_VALUE, (r, id, t) -> seen.add(r + ":" + id + ":" + t));
                assertEquals(expected, seen);
                for (int h = 0; h < capacity; h++)
                {
                    if (current[h] != null)
                    {
                        assertEquals(reference.headSet(current[h]).size() + 1, board.rank(h), "rank of " + h);
                    }
                }
            }
        }
    }
}
