package io.scoreline.push;

import io.netty.buffer.ByteBuf;

/**
 * One subscriber's player pushes not yet written, keyed by player: a newer state of a player
 * overwrites the older one (latest wins), so what waits for a slow reader is bounded by the
 * number of players it subscribed to, not by the event rate. Open addressing, insertion order
 * kept for the write; emptied as a whole. Guarded by its connection's lock.
 */
final class PushPending
{
    static final byte[] PREFIX = PushJson.ascii("{\"push\":\"player\",\"player\":");
    static final byte[] TOTAL = PushJson.ascii(",\"total\":");
    static final byte[] RANK = PushJson.ascii(",\"rank\":");
    /** Upper bound of one encoded line. */
    static final int MAX_LINE = PREFIX.length + TOTAL.length + RANK.length + 3 * PushJson.MAX_LONG_CHARS + 2;

    private long[] keys = new long[16];
    private long[] totals = new long[16];
    private int[] ranks = new int[16];
    private int[] order = new int[8];
    private int size;

    int size()
    {
        return size;
    }

    void put(final long player, final long total, final int rank)
    {
        if (2 * (size + 1) > keys.length)
        {
            grow();
        }
        final int index = indexFor(keys, player);
        if (keys[index] == 0)
        {
            keys[index] = player;
            order[size++] = index;
        }
        totals[index] = total;
        ranks[index] = rank;
    }

    long total(final long player)
    {
        final int index = indexFor(keys, player);
        return keys[index] == 0 ? Long.MIN_VALUE : totals[index];
    }

    /** Appends one push line per waiting player, in the order they first waited, and empties. */
    void drainTo(final ByteBuf out)
    {
        for (int i = 0; i < size; i++)
        {
            final int index = order[i];
            out.writeBytes(PREFIX);
            PushJson.writeLong(out, keys[index]);
            out.writeBytes(TOTAL);
            PushJson.writeLong(out, totals[index]);
            out.writeBytes(RANK);
            PushJson.writeLong(out, ranks[index]);
            out.writeByte('}').writeByte('\n');
            keys[index] = 0;
        }
        size = 0;
    }

    private void grow()
    {
        final long[] oldKeys = keys;
        final long[] oldTotals = totals;
        final int[] oldRanks = ranks;
        final int[] oldOrder = order;
        keys = new long[oldKeys.length * 2];
        totals = new long[keys.length];
        ranks = new int[keys.length];
        order = new int[keys.length / 2];
        for (int i = 0; i < size; i++)
        {
            final int from = oldOrder[i];
            final int to = indexFor(keys, oldKeys[from]);
            keys[to] = oldKeys[from];
            totals[to] = oldTotals[from];
            ranks[to] = oldRanks[from];
            order[i] = to;
        }
    }

    private static int indexFor(final long[] keys, final long player)
    {
        final int mask = keys.length - 1;
        int index = PushPlayers.hash(player) & mask;
        while (keys[index] != 0 && keys[index] != player)
        {
            index = (index + 1) & mask;
        }
        return index;
    }
}
