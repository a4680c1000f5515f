package io.scoreline.pipeline;

import com.lmax.disruptor.DataProvider;

/**
 * The failure policy around every call into a stage, the same on both topologies: a stage that
 * throws (a bug) marks the slot failed and answered "internal"; later stages skip a failed slot;
 * the caller goes on with the next slot.
 */
final class StageRunner
{
    private final StageExceptionHandler failures;

    StageRunner(final StageExceptionHandler failures)
    {
        this.failures = failures;
    }

    void run(final Stage stage, final EventSlot slot, final long sequence)
    {
        if (!slot.failed)
        {
            try
            {
                stage.onSlot(slot);
            }
            catch (final RuntimeException ex)
            {
                failures.handleEventException(ex, sequence, slot);
            }
        }
    }

    /** Every prefetch phase of the stage over slots [first, last], phase by phase. */
    void prefetch(final Stage stage, final DataProvider<EventSlot> slots, final long first, final long last)
    {
        for (int phase = 0; phase < stage.prefetchPhases(); phase++)
        {
            for (long s = first; s <= last; s++)
            {
                final EventSlot slot = slots.get(s);
                if (!slot.failed)
                {
                    try
                    {
                        stage.prefetch(slot, phase);
                    }
                    catch (final RuntimeException ex)
                    {
                        failures.handleEventException(ex, s, slot);
                    }
                }
            }
        }
    }

    /** A failed force is charged to the run's last slot. */
    void endOfRun(final Stage stage, final EventSlot last, final long sequence)
    {
        try
        {
            stage.endOfRun();
        }
        catch (final RuntimeException ex)
        {
            failures.handleEventException(ex, sequence, last);
        }
    }

    /** Hands a slot that passed every stage (or failed in one) to the sink; the board counts failures. */
    void sink(final ResultSink sink, final BoardStage board, final EventSlot slot, final boolean endOfRun)
    {
        if (slot.failed)
        {
            board.onFailed();
        }
        try
        {
            sink.onSlot(slot, endOfRun);
        }
        catch (final RuntimeException ex)
        {
            failures.handleSinkException(ex, slot);
        }
    }
}
