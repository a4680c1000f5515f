package io.scoreline.pipeline;

import io.scoreline.journal.JournalWriter;

/**
 * Appends every received event, rejected ones too, in ordinal order, and forces per the fsync
 * policy at the end of a run (one force per run, not per event). Slots replayed from the journal
 * are not appended again.
 */
final class JournalStage implements Stage
{
    private final JournalWriter journal;
    /** Slots carry System.nanoTime() (for latency); the journal keeps wall-clock epoch nanos. */
    private final long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    JournalStage(final JournalWriter journal)
    {
        this.journal = journal;
    }

    @Override
    public void onSlot(final EventSlot slot)
    {
        if (slot.command == EventSlot.EVENT && !slot.journaled)
        {
            journal.append(slot.ordinal, slot.receivedNanos + epochOffsetNanos, slot.line, 0, slot.storedLength, slot.trueLength);
        }
    }

    @Override
    public void endOfRun()
    {
        journal.endOfBatch();
    }
}
