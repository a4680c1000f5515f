package io.scoreline.rules;

/**
 * Player id to dense handle: open addressing with linear probing over an {@code int[]}, at most
 * {@link #MAX_LOAD} full. An entry is 0 (empty) or {@code tag | (handle + 1)}: the handle in the
 * low bits, and above it a tag of hash bits the handle leaves free (12 at 1M players). A probe that
 * meets another player's entry rejects it by the tag, without reading that player's record (a
 * cache miss); only a matching tag reads the record's id to confirm (a wrong match is 1 in 4096 at
 * 1M players). The table's size is not a power of two: a multiply-shift maps the hash onto it, so
 * the load at capacity is {@link #MAX_LOAD}, not somewhere between 0.25 and 0.5.
 *
 * <p>Handles are given out densely from 0 and never reused; the id itself lives in the record.
 */
final class PlayerIndex
{
    /** At 7/8 a hit probes ~4.5 entries (one cache line, mostly) and an insert ~32 (a few). */
    static final double MAX_LOAD = 0.875;
    /** Entries read by a prefetch touch after the home slot: a hit is mostly within 4 of it. */
    private static final int TOUCH_AHEAD = 4;

    private final int[] table;
    private final int slots;
    private final int handleMask;
    private final int capacity;
    private final Players players;
    private int size;

    PlayerIndex(final int capacity, final Players players)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("player capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.players = players;
        final long wanted = (long)Math.ceil(capacity / MAX_LOAD);
        // One slot always empty ends every probe; at least TOUCH_AHEAD + 1 slots keep a touch inside the table.
        slots = (int)Math.min(Integer.MAX_VALUE - 8, Math.max(Math.max(capacity + 1L, wanted), TOUCH_AHEAD + 1));
        table = new int[slots];
        final int handleBits = 32 - Integer.numberOfLeadingZeros(capacity); // holds handle + 1 <= capacity
        handleMask = handleBits == 32 ? -1 : (1 << handleBits) - 1;
    }

    /** @return the handle of {@code id}, or -1. */
    int get(final long id)
    {
        final long hash = hash(id);
        final int tag = tag(hash);
        int i = home(hash);
        int entry;
        while ((entry = table[i]) != 0)
        {
            if ((entry & ~handleMask) == tag)
            {
                final int handle = (entry & handleMask) - 1;
                if (players.id(handle) == id)
                {
                    return handle;
                }
            }
            i = next(i);
        }
        return -1;
    }

    /** Loads the slots a lookup of {@code id} starts with (a prefetch); @return a value for a sink. */
    int touch(final long id)
    {
        final int home = home(hash(id));
        final int ahead = home + TOUCH_AHEAD;
        return table[home] + table[ahead < slots ? ahead : ahead - slots];
    }

    /**
     * The handle whose entry carries {@code id}'s tag first along its probe, without confirming
     * the id (a prefetch may fetch a wrong record, rarely); @return it, or -1.
     */
    int likelyHandle(final long id)
    {
        final long hash = hash(id);
        final int tag = tag(hash);
        int i = home(hash);
        int entry;
        while ((entry = table[i]) != 0)
        {
            if ((entry & ~handleMask) == tag)
            {
                return (entry & handleMask) - 1;
            }
            i = next(i);
        }
        return -1;
    }

    /** Adds an id known to be absent, as handle {@link #size()}; the caller writes the id into its record. */
    int add(final long id)
    {
        if (size == capacity)
        {
            return -1;
        }
        final long hash = hash(id);
        int i = home(hash);
        while (table[i] != 0)
        {
            i = next(i);
        }
        final int handle = size++;
        table[i] = tag(hash) | (handle + 1);
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

    long allocatedBytes()
    {
        return (long)table.length * Integer.BYTES;
    }

    /** Table bytes per player the table was sized for. */
    double bytesPerPlayer()
    {
        return table.length * (double)Integer.BYTES / capacity;
    }

    private int next(final int i)
    {
        final int n = i + 1;
        return n == slots ? 0 : n;
    }

    private static long hash(final long id)
    {
        return id * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads sequential ids; a bijection, so no two ids share a hash
    }

    /** Multiply-shift range reduction of the hash's high 32 bits onto 0..slots-1. */
    private int home(final long hash)
    {
        return (int)(((hash >>> 32) * slots) >>> 32);
    }

    /** Hash bits 0..31 above the handle's bits: independent of the home slot, which uses bits 32..63. */
    private int tag(final long hash)
    {
        return (int)hash & ~handleMask;
    }
}
