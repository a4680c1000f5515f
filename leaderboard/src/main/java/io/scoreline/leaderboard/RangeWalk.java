package io.scoreline.leaderboard;

import static io.scoreline.leaderboard.BoardTree.NONE;

/**
 * The queries that read the board in rank order: a page of ranks (GET /leaderboard, top-N push)
 * and the neighbourhood of a player (GET /players/{id}?around=K). A descent by counts finds the
 * first rank; the leaves' next links give the rest.
 */
final class RangeWalk
{
    private RangeWalk()
    {
    }

    /** Visits ranks offset+1 .. offset+limit in order; a negative offset counts as 0. Returns the number visited. */
    static int forEachInRange(
        final BoardTree t, final Leaderboard.IdSource ids, final int offset, final int limit, final Leaderboard.EntryConsumer consumer)
    {
        final int from = Math.max(offset, 0);
        if (limit <= 0 || from >= t.size)
        {
            return 0;
        }
        final int wanted = (int)Math.min((long)t.size - from, limit);

        int node = t.root;
        int index = from;
        for (int level = t.height; level > 0; level--)
        {
            final int base = node * t.innerStride;
            int i = 0;
            while (index >= t.counts[base + i])
            {
                index -= t.counts[base + i];
                i++;
            }
            node = t.children[base + i];
        }

        int visited = 0;
        int position = index;
        for (int leaf = node; visited < wanted && leaf != NONE; leaf = t.leafNext[leaf], position = 0)
        {
            final int base = leaf * t.leafCapacity;
            final int end = Math.min(t.leafSizes[leaf], position + wanted - visited);
            for (int p = position; p < end; p++)
            {
                visited++;
                final int handle = t.leafHandles[base + p];
                consumer.accept(from + visited, ids.id(handle), t.totals[handle]);
            }
        }
        return visited;
    }

    /**
     * Writes every entry's rank at its handle: {@code rankByHandle[handle] = rank}. One pass over
     * the leaves in order; reads no total or id, so the only scattered accesses are the writes.
     */
    static int ranksInto(final BoardTree t, final int[] rankByHandle)
    {
        int node = t.root;
        for (int level = t.height; level > 0; level--)
        {
            node = t.children[node * t.innerStride];
        }
        int rank = 0;
        for (int leaf = t.size == 0 ? NONE : node; leaf != NONE; leaf = t.leafNext[leaf])
        {
            final int base = leaf * t.leafCapacity;
            final int end = base + t.leafSizes[leaf];
            for (int p = base; p < end; p++)
            {
                rankByHandle[t.leafHandles[p]] = ++rank;
            }
        }
        return rank;
    }

    /** Up to {@code before} ranks ahead of rank, rank itself, up to {@code after} behind; negative counts mean 0. */
    static int forEachAround(
        final BoardTree t, final Leaderboard.IdSource ids, final int rank, final int before, final int after,
        final Leaderboard.EntryConsumer consumer)
    {
        final long first = Math.max(1L, (long)rank - Math.max(before, 0));
        final long last = Math.min(t.size, (long)rank + Math.max(after, 0));
        return forEachInRange(t, ids, (int)(first - 1), (int)(last - first + 1), consumer);
    }
}
