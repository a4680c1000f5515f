package io.scoreline.push;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The board's change log, from the sink thread to the shard thread ({@link PushShards}): one record
 * per move of a player on the board (the board stage's {@code update}: handle, id, total, reachedAt)
 * and whether the event changed the total (then it is pushed to the player's shard). Replayed in
 * order, the records rebuild an exact copy of the player board, which the shard thread ranks as
 * often as it likes without the board thread ever waiting for a scan.
 * <p>
 * A preallocated single-producer, single-consumer ring, as {@link PushHandOff}. Unlike the hand-off
 * a record cannot be dropped (the copy would be wrong for good): when the ring is full the producer
 * waits for the shard thread. With {@link #DEFAULT_CAPACITY} records that is 7 s of 18,000
 * events/s, and the shard thread applies a record in about a microsecond (a rank pass holds it
 * 5-40 ms). It was 2^19, half a minute: 21 MB of a pre-touched heap (issue 27).
 */
final class ShardLog
{
    static final int DEFAULT_CAPACITY = 1 << 17;
    /** A record whose handle is this carries a void's board image (GAME.md section 7): the copy is rebuilt from it. */
    static final int REBUILD = -1;

    private final int mask;
    private final int[] handles;
    private final long[] ids;
    private final long[] totals;
    private final long[] reachedAts;
    private final boolean[] pushed;
    /** When the event was received (System.nanoTime), 0 for one not from a client (recovery). */
    private final long[] receivedNanos;
    /** The board image of a {@link #REBUILD} record, null for every other. */
    private final io.scoreline.pipeline.BoardImage[] images;
    /** Next record the consumer reads; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next record the producer writes; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    private long cachedHead;
    /** Times the producer found the ring full and waited (sink thread writes, anyone reads). */
    private volatile long fullWaits;

    ShardLog(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        mask = capacity - 1;
        handles = new int[capacity];
        ids = new long[capacity];
        totals = new long[capacity];
        reachedAts = new long[capacity];
        pushed = new boolean[capacity];
        receivedNanos = new long[capacity];
        images = new io.scoreline.pipeline.BoardImage[capacity];
    }

    /** Receives records on the shard thread, in the order they were appended. */
    interface Consumer
    {
        void onMove(int handle, long id, long total, long reachedAt, boolean totalChanged, long receivedNanos);

        /** The board after a void: every record before was applied, every record after applies to it. */
        void onRebuild(io.scoreline.pipeline.BoardImage image);
    }

    // ---------------------------------------------------------------- producer (sink thread)

    void append(
        final int handle, final long id, final long total, final long reachedAt, final boolean totalChanged, final long received)
    {
        final long t = claim();
        final int i = (int)t & mask;
        handles[i] = handle;
        ids[i] = id;
        totals[i] = total;
        reachedAts[i] = reachedAt;
        pushed[i] = totalChanged;
        receivedNanos[i] = received;
        tail.lazySet(t + 1);
    }

    /**
     * A void's board image, as one record: the shard thread rebuilds its copy from it, so the board
     * thread hands over 2M players without waiting for them to be applied.
     */
    void appendRebuild(final io.scoreline.pipeline.BoardImage image)
    {
        final long t = claim();
        final int i = (int)t & mask;
        handles[i] = REBUILD;
        images[i] = image;
        tail.lazySet(t + 1);
    }

    /** The next record's position, once there is room for it. */
    private long claim()
    {
        final long t = tail.get();
        if (t - cachedHead > mask)
        {
            cachedHead = head.get();
            if (t - cachedHead > mask)
            {
                waitForRoom(t);
            }
        }
        return t;
    }

    private void waitForRoom(final long t)
    {
        fullWaits++;
        int spins = 0;
        while (t - (cachedHead = head.get()) > mask)
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    /** Bytes of the preallocated ring (an image reference counted at 4 bytes, compressed oops). */
    long allocatedBytes()
    {
        return (long)(mask + 1) * (Integer.BYTES + 4 * Long.BYTES + 1 + 4);
    }

    long fullWaits()
    {
        return fullWaits;
    }

    /** Records appended so far (the position a copy that applied them all stands at). */
    long appended()
    {
        return tail.get();
    }

    // ---------------------------------------------------------------- consumer (shard thread)

    /** Hands at most {@code max} records to the consumer; @return how many. */
    int drain(final Consumer consumer, final int max)
    {
        final long h = head.get();
        final long t = Math.min(tail.get(), h + max);
        for (long s = h; s < t; s++)
        {
            final int i = (int)s & mask;
            if (handles[i] == REBUILD)
            {
                final io.scoreline.pipeline.BoardImage image = images[i];
                images[i] = null;
                consumer.onRebuild(image);
                continue;
            }
            consumer.onMove(handles[i], ids[i], totals[i], reachedAts[i], pushed[i], receivedNanos[i]);
        }
        head.lazySet(t);
        return (int)(t - h);
    }

    boolean isEmpty()
    {
        return head.get() == tail.get();
    }
}
