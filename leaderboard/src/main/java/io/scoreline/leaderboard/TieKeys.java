package io.scoreline.leaderboard;

/**
 * The rest of the key (reachedAt, id, handle) for a general board, where an update may come with a
 * reachedAt older than the newest, so an entry can land between two of equal total. Per handle it
 * keeps the reachedAt; per separator of an inner node the full key by value (an entry's own
 * reachedAt changes when it moves, a separator's must not). An arrival-order board has none of
 * this: every insert goes last among equal totals and compares totals only.
 */
final class TieKeys
{
    final long[] reachedAts;
    private final Leaderboard.IdSource ids;
    long[] keyReachedAts;
    long[] keyIds;
    int[] keyHandles;
    private long[] runReachedAts;
    private long[] runIds;
    private int[] runHandles;

    TieKeys(final int capacity, final Leaderboard.IdSource ids)
    {
        this.reachedAts = new long[capacity];
        this.ids = ids;
    }

    void allocateKeys(final int slots)
    {
        keyReachedAts = new long[slots];
        keyIds = new long[slots];
        keyHandles = new int[slots];
    }

    void allocateRun(final int length)
    {
        runReachedAts = new long[length];
        runIds = new long[length];
        runHandles = new int[length];
    }

    long idOf(final int handle)
    {
        return ids.id(handle);
    }

    /** Like {@link BoardTree#childIndexByTotal}, on the full key of a handle whose reachedAt is set. */
    int childIndex(final BoardTree tree, final int node, final int handle, final long total)
    {
        final int base = node * tree.innerStride;
        final long reachedAt = reachedAts[handle];
        final long id = ids.id(handle);
        int low = 1;
        int high = tree.innerSizes[node] - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (isKeyNotAfter(tree.keyTotals[base + mid], base + mid, total, reachedAt, id, handle))
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low - 1;
    }

    /** Number of entries of the leaf ahead of the handle's full key. */
    int leafPosition(final BoardTree tree, final int leaf, final int handle, final long total)
    {
        final int base = leaf * tree.leafCapacity;
        final long reachedAt = reachedAts[handle];
        final long id = ids.id(handle);
        int low = 0;
        int high = tree.leafSizes[leaf];
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            final int entry = tree.leafHandles[base + mid];
            if (isAhead(tree.totals[entry], entry, total, reachedAt, id, handle))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /** Whether entry (total, handle) is ahead of the given key in board order. */
    boolean isAhead(final long entryTotal, final int entry, final long total, final long reachedAt, final long id, final int handle)
    {
        if (entryTotal != total)
        {
            return entryTotal > total;
        }
        final long entryReachedAt = reachedAts[entry];
        if (entryReachedAt != reachedAt)
        {
            return entryReachedAt < reachedAt;
        }
        final long entryId = ids.id(entry);
        if (entryId != id)
        {
            return entryId < id;
        }
        return entry < handle;
    }

    private boolean isKeyNotAfter(
        final long keyTotal, final int slot, final long total, final long reachedAt, final long id, final int handle)
    {
        if (keyTotal != total)
        {
            return keyTotal > total;
        }
        if (keyReachedAts[slot] != reachedAt)
        {
            return keyReachedAts[slot] < reachedAt;
        }
        if (keyIds[slot] != id)
        {
            return keyIds[slot] < id;
        }
        return keyHandles[slot] <= handle;
    }

    /** Sets separator {@code slot} (whose total the caller sets) to the key of a present entry. */
    void keyOfEntry(final int slot, final int handle)
    {
        keyReachedAts[slot] = reachedAts[handle];
        keyIds[slot] = ids.id(handle);
        keyHandles[slot] = handle;
    }

    void keyToRun(final int slot, final int run)
    {
        runReachedAts[run] = keyReachedAts[slot];
        runIds[run] = keyIds[slot];
        runHandles[run] = keyHandles[slot];
    }

    void keyFromRun(final int run, final int slot)
    {
        keyReachedAts[slot] = runReachedAts[run];
        keyIds[slot] = runIds[run];
        keyHandles[slot] = runHandles[run];
    }

    void copyKeys(final int from, final int to, final int length)
    {
        System.arraycopy(keyReachedAts, from, keyReachedAts, to, length);
        System.arraycopy(keyIds, from, keyIds, to, length);
        System.arraycopy(keyHandles, from, keyHandles, to, length);
    }

    long allocatedBytes()
    {
        return 8L * (reachedAts.length + keyReachedAts.length + keyIds.length + runReachedAts.length + runIds.length) +
            4L * (keyHandles.length + runHandles.length);
    }
}
