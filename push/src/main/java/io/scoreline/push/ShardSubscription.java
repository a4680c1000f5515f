package io.scoreline.push;

import io.scoreline.rules.ResultEncoder;

import java.util.concurrent.TimeUnit;

/**
 * One {@code {"subscribe":"players","shard":K,"of":N}} of one connection, on the shard thread: per
 * player of the shard (by its slot in the shard's member list, {@link PushShards.ShardIndex}) the
 * rank last pushed, and the push waiting to be written. A waiting push is overwritten by a newer
 * state of the same player (the newest wins), so what waits is bounded by the shard's size, never
 * by the event rate.
 * <p>
 * Two queues, oldest first in each: the live queue (a changed total of a player not waiting in the
 * snapshot, or any once the snapshot is out) is written before the refresh queue (the snapshot, then rank-only changes), so that an event's push
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
    /** {@link #put}'s receivedNanos for a rank refresh or snapshot line. */
    static final long NOT_LIVE = -1;
    private static final byte NOT_WAITING = 0;
    private static final byte IN_REFRESH = 1;
    private static final byte IN_LIVE = 2;

    final PushConnection connection;
    final int shard;
    final int of;
    final PushShards.ShardIndex index;

    /** Rank last pushed (or waiting to be) per member slot; 0 before the first. */
    private int[] pushedRank = new int[0];
    /** When {@link #pushedRank} was decided (the shard thread's clock): the max-age rule's start. */
    private long[] pushedAt = new long[0];
    private long[] waitingTotal = new long[0];
    private int[] waitingRank = new int[0];
    private byte[] waiting = new byte[0];
    /** When the event of a waiting live push was received (0: not from a client). */
    private long[] liveSince = new long[0];
    private final SlotQueue live = new SlotQueue();
    private final SlotQueue refresh = new SlotQueue();
    private int snapshotPlayers;
    private boolean snapshotDone;
    /** When it was taken, on the shard thread's clock and CPU clock (the snapshot's timings). */
    long subscribedNanos;
    long subscribedCpuNanos;
    /** The snapshot's first write, and the time its channel held it back so far (0: not held back now). */
    long firstWriteNanos;
    long blockedSinceNanos;
    long blockedNanos;
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

    long pushedAt(final int slot)
    {
        return slot < pushedAt.length ? pushedAt[slot] : 0;
    }

    /**
     * A player's state to push: waits (replacing an older waiting state of it) until written.
     *
     * @param receivedNanos for a changed total (goes before rank refreshes once the snapshot is out), when its event
     *                      was received (0 if not from a client); {@link #NOT_LIVE} for a rank refresh or snapshot line.
     * @param now           the shard thread's clock.
     */
    void put(final int slot, final long total, final int rank, final long receivedNanos, final long now)
    {
        final boolean live = receivedNanos != NOT_LIVE;
        if (slot >= waiting.length)
        {
            grow(slot + 1);
        }
        pushedRank[slot] = rank;
        pushedAt[slot] = now;
        waitingTotal[slot] = total;
        waitingRank[slot] = rank;
        final byte state = waiting[slot];
        if (live && (snapshotDone || state == NOT_WAITING))
        {
            // During the snapshot too, a player already sent (or new) goes live at once: the stream is not held back.
            liveSince[slot] = receivedNanos;
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

    /**
     * Live pushes first, then refresh lines within the budget, as many as fit {@code out} from 0
     * (encoded into a plain array: a ByteBuf call per field cost more than the line).
     *
     * @return the number of bytes written.
     */
    int writeWaiting(final byte[] out, final org.HdrHistogram.Recorder liveLatency)
    {
        return writeWaiting(out, 0, out.length, liveLatency);
    }

    /** As {@link #writeWaiting(byte[], org.HdrHistogram.Recorder)}, into {@code out} from {@code from}, up to {@code end}. */
    int writeWaiting(final byte[] out, final int from, final int end, final org.HdrHistogram.Recorder liveLatency)
    {
        final int limit = end - PushPending.MAX_LINE;
        int at = from;
        final long now = live.size > 0 ? System.nanoTime() : 0;
        while (live.size > 0 && at <= limit)
        {
            final int slot = live.poll();
            if (waiting[slot] == IN_LIVE)
            {
                if (liveSince[slot] > 0)
                {
                    liveLatency.recordValue(Math.max(1, Math.min(now - liveSince[slot], TimeUnit.MINUTES.toNanos(1))));
                }
                at = writeLine(out, at, slot);
            }
        }
        while (refresh.size > 0 && refreshBudget > 0 && at <= limit)
        {
            final int slot = refresh.poll();
            if (slot == MARKER)
            {
                snapshotDone = true;
                at = PushJson.putAscii(out, at, SNAPSHOT_PREFIX);
                at = ResultEncoder.putLong(shard, out, at);
                at = PushJson.putAscii(out, at, OF);
                at = ResultEncoder.putLong(of, out, at);
                at = PushJson.putAscii(out, at, PLAYERS);
                at = ResultEncoder.putLong(snapshotPlayers, out, at);
                out[at++] = '}';
                out[at++] = '\n';
            }
            else if (waiting[slot] == IN_REFRESH)
            {
                refreshBudget--;
                at = writeLine(out, at, slot);
            }
        }
        return at - from;
    }

    private int writeLine(final byte[] out, final int from, final int slot)
    {
        waiting[slot] = NOT_WAITING;
        int at = PushJson.putAscii(out, from, PushPending.PREFIX);
        at = ResultEncoder.putLong(index.idOf(shard, slot), out, at);
        at = PushJson.putAscii(out, at, PushPending.TOTAL);
        at = ResultEncoder.putLong(waitingTotal[slot], out, at);
        at = PushJson.putAscii(out, at, PushPending.RANK);
        at = ResultEncoder.putLong(waitingRank[slot], out, at);
        out[at++] = '}';
        out[at++] = '\n';
        return at;
    }

    /**
     * Takes the arrays and queues of a subscription that has left (this one's shard, same index),
     * emptied: a reconnecting gateway's new subscription then touches no fresh memory (first
     * touches cost 12-22 us a page here: ~16 MB for 500k players). The old one must be used no more.
     */
    void adoptArrays(final ShardSubscription old)
    {
        pushedRank = old.pushedRank;
        pushedAt = old.pushedAt;
        waitingTotal = old.waitingTotal;
        waitingRank = old.waitingRank;
        waiting = old.waiting;
        liveSince = old.liveSince;
        java.util.Arrays.fill(pushedRank, 0);
        java.util.Arrays.fill(pushedAt, 0);
        java.util.Arrays.fill(waiting, NOT_WAITING);
        live.adopt(old.live);
        refresh.adopt(old.refresh);
    }

    /** Room for {@code slots} players at once (a snapshot's), instead of growing by doubling as they come. */
    void reserve(final int slots)
    {
        if (slots > waiting.length)
        {
            grow(slots);
        }
        refresh.reserve(slots + 1);
    }

    private void grow(final int slots)
    {
        final int n = Math.max(slots, Math.max(16, waiting.length * 2));
        pushedRank = java.util.Arrays.copyOf(pushedRank, n);
        pushedAt = java.util.Arrays.copyOf(pushedAt, n);
        waitingTotal = java.util.Arrays.copyOf(waitingTotal, n);
        waitingRank = java.util.Arrays.copyOf(waitingRank, n);
        waiting = java.util.Arrays.copyOf(waiting, n);
        liveSince = java.util.Arrays.copyOf(liveSince, n);
    }

    /** A growable ring of slots, oldest first. */
    private static final class SlotQueue
    {
        private int[] ring = new int[16];
        private int head;
        int size;

        private void resize(final int length)
        {
            final int[] bigger = new int[length];
            for (int i = 0; i < size; i++)
            {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }

        void add(final int slot)
        {
            if (size == ring.length)
            {
                resize(ring.length * 2);
            }
            ring[(head + size) & (ring.length - 1)] = slot;
            size++;
        }

        /** Takes the old queue's ring, empty. */
        void adopt(final SlotQueue old)
        {
            ring = old.ring;
            head = 0;
            size = 0;
        }

        void reserve(final int slots)
        {
            if (ring.length - size < slots)
            {
                resize(Integer.highestOneBit(size + slots - 1) << 1);
            }
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
