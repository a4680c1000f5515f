package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;

/** Last stage when there is a journal: runs after both the journal and the board stage. */
final class EmitHandler implements EventHandler<EventSlot>
{
    private final ResultSink sink;

    EmitHandler(final ResultSink sink)
    {
        this.sink = sink;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        sink.onSlot(slot, endOfBatch);
    }
}
