package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import io.scoreline.journal.JournalWriter;

/**
 * Stage 0, beside parse: appends every received event, rejected ones too, in ordinal order, and
 * flushes per the fsync policy on end of batch (one force per batch, not per event).
 */
final class JournalHandler implements EventHandler<EventSlot>
{
    private final JournalWriter journal;
    /** Slots carry System.nanoTime() (for latency); the journal keeps wall-clock epoch nanos. */
    private final long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    JournalHandler(final JournalWriter journal)
    {
        this.journal = journal;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.command == EventSlot.EVENT && !slot.journaled)
        {
            journal.append(slot.ordinal, slot.receivedNanos + epochOffsetNanos, slot.line, 0, slot.storedLength, slot.trueLength);
        }
        if (endOfBatch)
        {
            journal.endOfBatch();
        }
    }
}
