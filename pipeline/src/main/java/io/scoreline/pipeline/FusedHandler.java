package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;

/**
 * The fused topology's one consumer: every stage, in order, on this thread. Disruptor hands it
 * a batch (all slots published since its last look); it cuts the batch into runs of at most
 * {@link #RUN} slots and gives each to the {@link StageChain}, so results start to leave before a
 * large batch is done. After each run it releases the run's slots to the producer at once (its
 * sequence, through Disruptor's sequence callback) rather than at the end of the batch. When the
 * ring is empty it lets the board catch up a step at a time ({@link StageChain#idle}).
 */
final class FusedHandler implements EventHandler<EventSlot>
{
    static final int RUN = 256;

    private final StageChain chain;
    private final WaitStrategy waitStrategy;
    private RingBuffer<EventSlot> ring;
    private Sequence sequence;
    private long batchSize;
    private boolean batchStarted;
    private long batchEnd = -1;
    private long doneUntil = -1;

    FusedHandler(final StageChain chain, final WaitStrategy waitStrategy)
    {
        this.chain = chain;
        this.waitStrategy = waitStrategy;
    }

    /** Set once, before the first event is published. */
    void ring(final RingBuffer<EventSlot> ring)
    {
        this.ring = ring;
    }

    @Override
    public void setSequenceCallback(final Sequence sequence)
    {
        this.sequence = sequence;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        this.batchSize = batchSize;
        this.batchStarted = true;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (batchStarted)
        {
            batchStarted = false;
            batchEnd = sequence + batchSize - 1;
        }
        if (sequence > doneUntil)
        {
            final long last = Math.min(batchEnd, sequence + RUN - 1);
            chain.run(ring, sequence, last);
            doneUntil = last;
            this.sequence.set(last);
            waitStrategy.signalAllWhenBlocking(); // a producer waiting for room, or a drain barrier
            while (last == ring.getCursor() && chain.idle())
            {
                // the ring is empty: the board catches up a step at a time, checking for new slots between steps
            }
        }
    }
}
