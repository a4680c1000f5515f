package io.scoreline.ingest;

import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.ResultSink;

/**
 * The emit stage's sink: after the journal and board stages passed a slot, its result line goes
 * to its connection's batch buffer; at the end of the ring batch (or when a buffer passes
 * {@link #HAND_OFF_BYTES}) each touched connection hands its batch to its event loop with one
 * preallocated task. Slots without a connection (recovery, barriers) are passed over.
 * Sink thread only; allocates nothing per event.
 */
final class ResultDispatcher implements ResultSink
{
    static final int HAND_OFF_BYTES = 32 * 1024;

    private final Metrics metrics;
    private Connection[] dirty = new Connection[64];
    private int dirtyCount;

    ResultDispatcher(final Metrics metrics)
    {
        this.metrics = metrics;
    }

    @Override
    public void onSlot(final EventSlot slot, final boolean endOfBatch)
    {
        if (slot.context instanceof Connection)
        {
            final Connection c = (Connection)slot.context;
            if (slot.command == EventSlot.EVENT)
            {
                metrics.recordLatency(System.nanoTime() - slot.receivedNanos);
                c.emitResult(slot.result, slot.resultLength);
            }
            else if (slot.command == EventSlot.REFUSED)
            {
                c.emitResult(slot.result, slot.resultLength);
            }
            else
            {
                c.emitAnswer(slot.query);
            }
            if (c.markDirty())
            {
                if (dirtyCount == dirty.length)
                {
                    dirty = java.util.Arrays.copyOf(dirty, dirtyCount * 2);
                }
                dirty[dirtyCount++] = c;
            }
            if (c.emitPending() >= HAND_OFF_BYTES)
            {
                c.handOff();
            }
        }
        if (endOfBatch)
        {
            for (int i = 0; i < dirtyCount; i++)
            {
                final Connection c = dirty[i];
                dirty[i] = null;
                c.clearDirty();
                c.handOff();
            }
            dirtyCount = 0;
        }
    }
}
