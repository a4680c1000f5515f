package io.scoreline.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

/**
 * The inline topology's consumer: no thread of its own. The producer runs every stage over what
 * it has published, in runs of {@link FusedHandler#RUN} slots, when it calls {@link #run} (at the
 * end of each read, or when the ring is full). On one core a consumer thread only adds two
 * context switches an event (wake the consumer, wake the I/O loop to send the result), which
 * cost more than the stages' own work there; this is Aeron's agent-invoker idea applied to the
 * ring. The ring, its slots and the stages are the same as fused; only the thread differs. Once
 * the ring is empty it lets the board catch up one short step ({@link StageChain#idle}).
 */
final class InlineConsumer
{
    private final StageChain chain;
    private final RingBuffer<EventSlot> ring;
    private final Sequence sequence = new Sequence(-1);
    private boolean running;

    InlineConsumer(final StageChain chain, final RingBuffer<EventSlot> ring)
    {
        this.chain = chain;
        this.ring = ring;
        ring.addGatingSequences(sequence);
    }

    /** Runs the stages over every published slot. Producer thread only; a sink's re-entry returns at once. */
    void run()
    {
        if (running)
        {
            return; // a sink that publishes: the outer loop below picks its slots up
        }
        running = true;
        try
        {
            long next = sequence.get() + 1;
            long available;
            while (next <= (available = ring.getCursor())) // single producer: the cursor is the last published slot
            {
                final long last = Math.min(available, next + FusedHandler.RUN - 1);
                chain.run(ring, next, last);
                sequence.set(last);
                next = last + 1;
            }
            if (next > ring.getCursor())
            {
                chain.idle(); // one step: the results of this read flush after it, so it is kept short
            }
        }
        finally
        {
            running = false;
        }
    }
}
