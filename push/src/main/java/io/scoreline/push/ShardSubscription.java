package io.scoreline.push;

import io.netty.buffer.ByteBuf;

/**
 * One {@code {"subscribe":"players","shard":K,"of":N}} of one connection, on the shard thread: per
 * player of the shard (by its slot in the shard's member list, {@link PushShards.ShardIndex}) the
 * rank last pushed, and the pushes waiting to be written. A waiting push is overwritten by a newer
 * state of the same player (the newest wins), so what waits is bounded by the shard's size, never
 * by the event rate. Waiting players leave in the order they first waited; the snapshot's end is a
 * marker in that queue.
 */
final class ShardSubscription
{
    static final byte[] SNAPSHOT_PREFIX = PushJson.ascii("{\"push\":\"snapshot\",\"shard\":");
    static final byte[] OF = PushJson.ascii(",\"of\":");
    static final byte[] PLAYERS = PushJson.ascii(",\"players\":");
    private static final int MARKER = -1;

    final PushConnection connection;
    final int shard;
    final int of;
    final PushShards.ShardIndex index;

    /** Rank last pushed (or waiting to be) per member slot; 0 before the first. */
    private int[] pushedRank = new int[0];
    private long[] waitingTotal = new long[0];
    private int[] waitingRank = new int[0];
    private boolean[] waiting = new boolean[0];
    /** Ring of waiting slots (and at most one {@link #MARKER}), oldest at {@link #head}. */
    private int[] queue = new int[16];
    private int head;
    private int queued;
    private int snapshotPlayers;

    ShardSubscription(final PushConnection connection, final int shard, final int of, final PushShards.ShardIndex index)
    {
        this.connection = connection;
        this.shard = shard;
        this.of = of;
        this.index = index;
    }

    int pushedRank(final int slot)
    {
        return slot < pushedRank.length ? pushedRank[slot] : 0;
    }

    /** A player's state to push: waits (replacing an older waiting state of it) until written. */
    void put(final int slot, final long total, final int rank)
    {
        if (slot >= waiting.length)
        {
            grow(slot + 1);
        }
        pushedRank[slot] = rank;
        waitingTotal[slot] = total;
        waitingRank[slot] = rank;
        if (!waiting[slot])
        {
            waiting[slot] = true;
            enqueue(slot);
        }
    }

    /** Ends the snapshot: every player queued so far goes before the marker line. */
    void endSnapshot(final int players)
    {
        snapshotPlayers = players;
        enqueue(MARKER);
    }

    boolean hasWaiting()
    {
        return queued > 0;
    }

    /** Lines of the oldest waiting pushes, as many as fit about {@code maxBytes}, into {@code out}. */
    void writeWaiting(final ByteBuf out, final int maxBytes)
    {
        final PushShards.ShardIndex members = index;
        while (queued > 0 && out.readableBytes() + PushPending.MAX_LINE <= maxBytes)
        {
            final int slot = queue[head];
            head = (head + 1) & (queue.length - 1);
            queued--;
            if (slot == MARKER)
            {
                out.writeBytes(SNAPSHOT_PREFIX);
                PushJson.writeLong(out, shard);
                out.writeBytes(OF);
                PushJson.writeLong(out, of);
                out.writeBytes(PLAYERS);
                PushJson.writeLong(out, snapshotPlayers);
                out.writeByte('}').writeByte('\n');
                continue;
            }
            waiting[slot] = false;
            out.writeBytes(PushPending.PREFIX);
            PushJson.writeLong(out, members.idOf(shard, slot));
            out.writeBytes(PushPending.TOTAL);
            PushJson.writeLong(out, waitingTotal[slot]);
            out.writeBytes(PushPending.RANK);
            PushJson.writeLong(out, waitingRank[slot]);
            out.writeByte('}').writeByte('\n');
        }
    }

    private void enqueue(final int slot)
    {
        if (queued == queue.length)
        {
            final int[] bigger = new int[queue.length * 2];
            for (int i = 0; i < queued; i++)
            {
                bigger[i] = queue[(head + i) & (queue.length - 1)];
            }
            queue = bigger;
            head = 0;
        }
        queue[(head + queued) & (queue.length - 1)] = slot;
        queued++;
    }

    private void grow(final int slots)
    {
        final int n = Math.max(slots, Math.max(16, waiting.length * 2));
        pushedRank = java.util.Arrays.copyOf(pushedRank, n);
        waitingTotal = java.util.Arrays.copyOf(waitingTotal, n);
        waitingRank = java.util.Arrays.copyOf(waitingRank, n);
        waiting = java.util.Arrays.copyOf(waiting, n);
    }
}
