package io.scoreline.pipeline;

import com.lmax.disruptor.RingBuffer;

/**
 * Group prefetching for a stage on a thread of its own (the staged topology). A stage sees its
 * whole available batch at once; before handling slot n it touches, phase by phase, what the
 * next {@link StageChain#GROUP} slots of that batch will need, so their cache misses overlap
 * instead of queuing one after another. Only slots inside the stage's batch are read.
 */
final class Lookahead
{
    private final Stage stage;
    private final StageRunner runner;
    private RingBuffer<EventSlot> ring;
    private long batchSize;
    private long batchEnd = -1;
    private long prefetchedUntil;
    private boolean batchStarted;

    Lookahead(final Stage stage, final StageRunner runner)
    {
        this.stage = stage;
        this.runner = runner;
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
        final int group = StageChain.GROUP;
        if (group > 0 && stage.prefetchPhases() > 0 && sequence + group >= prefetchedUntil && prefetchedUntil <= batchEnd)
        {
            final long until = Math.min(batchEnd + 1, sequence + 2L * group);
            runner.prefetch(stage, ring, prefetchedUntil, until - 1);
            prefetchedUntil = until;
        }
    }
}
