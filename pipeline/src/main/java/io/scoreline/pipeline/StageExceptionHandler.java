package io.scoreline.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import io.scoreline.rules.ResultEncoder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Failure policy: a handler exception is a bug, but it must neither stop a stage (Disruptor's
 * default {@code FatalExceptionHandler} would) nor lose the event's answer. The slot is marked
 * failed, answered with error "internal", counted and logged; later stages skip it and the
 * stage goes on with the next slot. Replay is deterministic, so a journal replay meets the same
 * bug at the same event and stays consistent with what was sent live.
 */
final class StageExceptionHandler implements ExceptionHandler<EventSlot>
{
    private static final System.Logger LOG = System.getLogger("scoreline.pipeline");
    private static final int MAX_LOGGED = 100;

    private final AtomicLong failures = new AtomicLong();

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final EventSlot slot)
    {
        slot.failed = true;
        slot.resultLength = ResultEncoder.encodeInternalError(slot.result, 0);
        final long n = failures.incrementAndGet();
        if (n <= MAX_LOGGED)
        {
            LOG.log(System.Logger.Level.ERROR, "stage failed on ordinal " + slot.ordinal + " (" + n + " so far)", ex);
        }
    }

    /** The sink is ours too: a throw there is a bug, logged and counted, and the next slot goes on. */
    void handleSinkException(final Throwable ex, final EventSlot slot)
    {
        final long n = failures.incrementAndGet();
        if (n <= MAX_LOGGED)
        {
            LOG.log(System.Logger.Level.ERROR, "result sink failed on ordinal " + slot.ordinal + " (" + n + " so far)", ex);
        }
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        throw new IllegalStateException("pipeline stage failed to start", ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        LOG.log(System.Logger.Level.WARNING, "stage failed on shutdown", ex);
    }

    long failures()
    {
        return failures.get();
    }
}
