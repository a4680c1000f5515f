package io.scoreline.push;

import io.netty.buffer.ByteBuf;

/**
 * One {@code {"subscribe":"players","shard":K,"of":N}} of one connection, on the shard thread: per
 * player of the shard (by its slot in the shard's member list, {@link PushShards.ShardIndex}) the
 * rank last pushed, and the push waiting to be written. A waiting push is overwritten by a newer
 * state of the same player (the newest wins), so what waits is bounded by the shard's size, never
 * by the event rate.
 * <p>
 * Two queues, oldest first in each: the live queue (a changed total, once the snapshot is out) is
 * written before the refresh queue (the snapshot, then rank-only changes), so that an event's push
 * does not wait behind half a million rank refreshes; the refresh queue is written at a pace the
 * shard thread sets ({@link PushShards}). A player waiting in the refresh queue whose total changes
 * moves to the live queue; its old place is skipped. The snapshot's end is a marker in the refresh queue.
 */
final class ShardSubscription
{
    static final byte[] SNAPSHOT_PREFIX = PushJson.ascii("{\"push\":\"snapshot\",\"shard\":");
    static final byte[] OF = PushJson.ascii(",\"of\":");
    static final byte[] PLAYERS = PushJson.ascii(",\"players\":");
    private static final int MARKER = -1;
    private static final byte NOT_WAITING = 0;
    private static final byte IN_REFRESH = 1;
    private static final byte IN_LIVE = 2;

    final PushConnection connection;
    final int shard;
    final int of;
    final PushShards.ShardIndex index;

    /** Rank last pushed (or waiting to be) per member slot; 0 before the first. */
    private int[] pushedRank = new int[0];
    private long[] waitingTotal = new long[0];
    private int[] waitingRank = new int[0];
    private byte[] waiting = new byte[0];
    private final SlotQueue live = new SlotQueue();
    private final SlotQueue refresh = new SlotQueue();
    private int snapshotPlayers;
    private boolean snapshotDone;
    /** Refresh lines this subscription may still write in the current flush tick (set by the shard thread). */
    int refreshBudget = Integer.MAX_VALUE;
    /** Refresh lines per flush tick, set at each rank refresh from what it queued. */
    int pacePerTick = Integer.MAX_VALUE;

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

    /**
     * A player's state to push: waits (replacing an older waiting state of it) until written.
     *
     * @param live a changed total (goes before rank refreshes once the snapshot is out), else a rank refresh or snapshot line.
     */
    void put(final int slot, final long total, final int rank, final boolean live)
    {
        if (slot >= waiting.length)
        {
            grow(slot + 1);
        }
        pushedRank[slot] = rank;
        waitingTotal[slot] = total;
        waitingRank[slot] = rank;
        final byte state = waiting[slot];
        if (live && snapshotDone)
        {
            if (state != IN_LIVE)
            {
                waiting[slot] = IN_LIVE; // a place in the refresh queue, if any, is skipped
                this.live.add(slot);
            }
        }
        else if (state == NOT_WAITING)
        {
            waiting[slot] = IN_REFRESH;
            refresh.add(slot);
        }
    }

    /** Ends the snapshot: every player queued so far goes before the marker line. */
    void endSnapshot(final int players)
    {
        snapshotPlayers = players;
        refresh.add(MARKER);
    }

    boolean snapshotDone()
    {
        return snapshotDone;
    }

    /** Whether something may be written now: a live push, or a refresh line within the budget. */
    boolean hasWritable()
    {
        return live.size > 0 || (refresh.size > 0 && refreshBudget > 0);
    }

    boolean hasWaiting()
    {
        return live.size > 0 || refresh.size > 0;
    }

    /** Refresh lines (and stale places) waiting: what the shard thread paces over an interval. */
    int refreshWaiting()
    {
        return refresh.size;
    }

    /** Live pushes first, then refresh lines within the budget, as many as fit about {@code maxBytes}, into {@code out}. */
    void writeWaiting(final ByteBuf out, final int maxBytes)
    {
        while (live.size > 0 && out.readableBytes() + PushPending.MAX_LINE <= maxBytes)
        {
            final int slot = live.poll();
            if (waiting[slot] == IN_LIVE)
            {
                writeLine(out, slot);
            }
        }
        while (refresh.size > 0 && refreshBudget > 0 && out.readableBytes() + PushPending.MAX_LINE <= maxBytes)
        {
            final int slot = refresh.poll();
            if (slot == MARKER)
            {
                snapshotDone = true;
                out.writeBytes(SNAPSHOT_PREFIX);
                PushJson.writeLong(out, shard);
                out.writeBytes(OF);
                PushJson.writeLong(out, of);
                out.writeBytes(PLAYERS);
                PushJson.writeLong(out, snapshotPlayers);
                out.writeByte('}').writeByte('\n');
            }
            else if (waiting[slot] == IN_REFRESH)
            {
                refreshBudget--;
                writeLine(out, slot);
            }
        }
    }

    private void writeLine(final ByteBuf out, final int slot)
    {
        waiting[slot] = NOT_WAITING;
        out.writeBytes(PushPending.PREFIX);
        PushJson.writeLong(out, index.idOf(shard, slot));
        out.writeBytes(PushPending.TOTAL);
        PushJson.writeLong(out, waitingTotal[slot]);
        out.writeBytes(PushPending.RANK);
        PushJson.writeLong(out, waitingRank[slot]);
        out.writeByte('}').writeByte('\n');
    }

    private void grow(final int slots)
    {
        final int n = Math.max(slots, Math.max(16, waiting.length * 2));
        pushedRank = java.util.Arrays.copyOf(pushedRank, n);
        waitingTotal = java.util.Arrays.copyOf(waitingTotal, n);
        waitingRank = java.util.Arrays.copyOf(waitingRank, n);
        waiting = java.util.Arrays.copyOf(waiting, n);
    }

    /** A growable ring of slots, oldest first. */
    private static final class SlotQueue
    {
        private int[] ring = new int[16];
        private int head;
        int size;

        void add(final int slot)
        {
            if (size == ring.length)
            {
                final int[] bigger = new int[ring.length * 2];
                for (int i = 0; i < size; i++)
                {
                    bigger[i] = ring[(head + i) & (ring.length - 1)];
                }
                ring = bigger;
                head = 0;
            }
            ring[(head + size) & (ring.length - 1)] = slot;
            size++;
        }

        int poll()
        {
            final int slot = ring[head];
            head = (head + 1) & (ring.length - 1);
            size--;
            return slot;
        }
    }
}
