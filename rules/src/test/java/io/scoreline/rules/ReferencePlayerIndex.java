package io.scoreline.rules;

/*
 * Oracle of EngineDifferentialTest: main's engine as it was at 0a093e0 (long[] records of 19 longs,
 * int index at load <= 0.5), copied under a reference name and not to be changed. Only the class
 * names differ from the original.
 */

/**
 * Player id to dense handle: open addressing with linear probing over an {@code int[]} of
 * handles (0 = empty, else handle + 1). The id itself is kept only in the player's record,
 * which the caller reads next anyway, so a hit costs the probe and that record: one miss less
 * than a separate key array. Handles are given out densely from 0 and never reused.
 */
final class ReferencePlayerIndex
{
    private final int[] table;
    private final int mask;
    private final int capacity;
    private final ReferencePlayers players;
    private int size;

    ReferencePlayerIndex(final int capacity, final ReferencePlayers players)
    {
        this.capacity = capacity;
        this.players = players;
        final int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1; // load <= 0.5
        table = new int[slots];
        mask = slots - 1;
    }

    /** @return the handle of {@code id}, or -1. */
    int get(final long id)
    {
        int i = slot(id);
        int entry;
        while ((entry = table[i]) != 0)
        {
            if (players.id(entry - 1) == id)
            {
                return entry - 1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Loads the home slot of {@code id} (a prefetch); @return its raw entry, 0 if empty. */
    int peek(final long id)
    {
        return table[slot(id)];
    }

    /** Adds an id known to be absent; @return its new handle, or -1 when full. */
    int add(final long id)
    {
        if (size == capacity)
        {
            return -1;
        }
        int i = slot(id);
        while (table[i] != 0)
        {
            i = (i + 1) & mask;
        }
        final int handle = size++;
        players.state[players.base(handle) + ReferencePlayers.ID] = id;
        table[i] = handle + 1;
        return handle;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return capacity;
    }

    long bytesPerPlayer()
    {
        return table.length * 4L / Math.max(1, capacity);
    }

    private int slot(final long id)
    {
        final long h = id * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads sequential ids
        return (int)(h ^ (h >>> 32)) & mask;
    }
}
