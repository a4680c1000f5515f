package io.scoreline.push;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sink thread (a pipeline thread) hands to the push loop: one record per subscriber and
 * changed player (or per subscriber and top list), in a preallocated single-producer,
 * single-consumer ring. No lock is shared with the push loop, so a push loop that is descheduled
 * mid-flush can never hold up the board stage; when the ring is full the producer is told so and
 * keeps the change for later (the latest state still wins).
 */
final class PushHandOff
{
    private final int mask;
    private final PushConnection[] connections;
    private final long[] players;
    private final long[] totals;
    private final int[] ranks;
    /** An encoded top push (immutable once handed) for a top record, null for a player record. */
    private final byte[][] tops;
    /** Next record the consumer reads; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next record the producer writes; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    private long cachedHead;

    /** Receives drained records on the push loop. */
    interface Consumer
    {
        void player(PushConnection c, long player, long total, int rank);

        void top(PushConnection c, byte[] encoded);
    }

    PushHandOff(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        mask = capacity - 1;
        connections = new PushConnection[capacity];
        players = new long[capacity];
        totals = new long[capacity];
        ranks = new int[capacity];
        tops = new byte[capacity][];
    }

    // ---------------------------------------------------------------- producer (sink thread)

    boolean offerPlayer(final PushConnection c, final long player, final long total, final int rank)
    {
        final long t = tail.get();
        if (!hasRoom(t))
        {
            return false;
        }
        final int i = (int)t & mask;
        connections[i] = c;
        players[i] = player;
        totals[i] = total;
        ranks[i] = rank;
        tops[i] = null;
        tail.lazySet(t + 1);
        return true;
    }

    boolean offerTop(final PushConnection c, final byte[] encoded)
    {
        final long t = tail.get();
        if (!hasRoom(t))
        {
            return false;
        }
        final int i = (int)t & mask;
        connections[i] = c;
        tops[i] = encoded;
        tail.lazySet(t + 1);
        return true;
    }

    private boolean hasRoom(final long t)
    {
        if (t - cachedHead <= mask)
        {
            return true;
        }
        cachedHead = head.get();
        return t - cachedHead <= mask;
    }

    // ---------------------------------------------------------------- consumer (push loop)

    boolean isEmpty()
    {
        return head.get() == tail.get();
    }

    /** Hands every record published so far to the consumer; @return how many. */
    int drain(final Consumer consumer)
    {
        final long h = head.get();
        final long t = tail.get();
        for (long s = h; s < t; s++)
        {
            final int i = (int)s & mask;
            final PushConnection c = connections[i];
            final byte[] top = tops[i];
            connections[i] = null;
            tops[i] = null;
            if (top == null)
            {
                consumer.player(c, players[i], totals[i], ranks[i]);
            }
            else
            {
                consumer.top(c, top);
            }
        }
        head.lazySet(t);
        return (int)(t - h);
    }
}
