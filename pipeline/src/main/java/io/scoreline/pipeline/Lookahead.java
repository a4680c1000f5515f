package io.scoreline.pipeline;

import com.lmax.disruptor.RingBuffer;

/**
 * Group prefetching for a stage bound by cache misses on randomly chosen players. A stage sees
 * its whole available batch at once; before handling event n it asks for the next
 * {@link #GROUP} slots of that batch to be touched, in phases, so their misses overlap instead
 * of queuing one after another. Only slots the stage owns (inside its batch) are read.
 */
final class Lookahead
{
    static final int GROUP = Integer.getInteger("scoreline.prefetch.group", 16);

    /** Touches the state that slots [from, until) will need. */
    @FunctionalInterface
    interface Prefetcher
    {
        void prefetch(RingBuffer<EventSlot> ring, long from, long until);
    }

    private final Prefetcher prefetcher;
    private RingBuffer<EventSlot> ring;
    private long batchSize;
    private long batchEnd = -1;
    private long prefetchedUntil;
    private boolean batchStarted;

    Lookahead(final Prefetcher prefetcher)
    {
        this.prefetcher = prefetcher;
    }

    /** Set once, before the first event is published. */
    void ring(final RingBuffer<EventSlot> ring)
    {
        this.ring = ring;
    }

    void onBatchStart(final long batchSize)
    {
        this.batchSize = batchSize;
        this.batchStarted = true;
    }

    void beforeEvent(final long sequence)
    {
        if (batchStarted)
        {
            batchStarted = false;
            batchEnd = sequence + batchSize - 1;
            prefetchedUntil = Math.max(prefetchedUntil, sequence + 1);
        }
        if (GROUP > 0 && ring != null && sequence + GROUP >= prefetchedUntil && prefetchedUntil <= batchEnd)
        {
            final long until = Math.min(batchEnd + 1, sequence + 2 * GROUP);
            prefetcher.prefetch(ring, prefetchedUntil, until);
            prefetchedUntil = until;
        }
    }
}
