package io.scoreline.rules;

/**
 * Player id to dense handle, open addressing with linear probing over two flat arrays. Ids are
 * 1..2^63-1, so 0 marks an empty slot. Handles are given out densely from 0 so per-player state
 * can live in plain arrays indexed by handle. Never shrinks: a game's players stay for its length.
 */
final class PlayerIndex
{
    private final long[] keys;
    private final int[] handles;
    private final int mask;
    private final int capacity;
    private int size;

    PlayerIndex(final int capacity)
    {
        this.capacity = capacity;
        final int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1; // load <= 0.5
        keys = new long[slots];
        handles = new int[slots];
        mask = slots - 1;
    }

    /** @return the handle of {@code id}, or -1. */
    int get(final long id)
    {
        int i = slot(id);
        long k;
        while ((k = keys[i]) != 0)
        {
            if (k == id)
            {
                return handles[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Adds an id known to be absent; @return its new handle, or -1 when full. */
    int add(final long id)
    {
        if (size == capacity)
        {
            return -1;
        }
        int i = slot(id);
        while (keys[i] != 0)
        {
            i = (i + 1) & mask;
        }
        keys[i] = id;
        handles[i] = size;
        return size++;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return capacity;
    }

    long bytes()
    {
        return keys.length * 12L;
    }

    private int slot(final long id)
    {
        final long h = id * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads sequential ids
        return (int)(h ^ (h >>> 32)) & mask;
    }
}
