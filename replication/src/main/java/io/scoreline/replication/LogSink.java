package io.scoreline.replication;

import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.ResultSink;
import org.HdrHistogram.Recorder;

import java.util.function.BiConsumer;

/**
 * The results sink in Kafka mode, on the sink thread (the stage that calls the sink), in ring order.
 *
 * <pre>
 *   follow  (follower, and a primary catching up): answers go straight on; events read from
 *            the log have no client, and their lag (log append -> scored here) is recorded
 *   append  (primary): each new event's line -> {@link AppendLog} -----> appender: records, acks=all
 *            each client's answer -> {@link ResultRelay} ------> emitted once the log acknowledged its event
 *   drop    (fenced): events are not answered (their clients are told to resend elsewhere),
 *            queries are
 * </pre>
 *
 * Scoring runs ahead of the append; only the answer waits. Nothing here allocates or blocks per
 * event; the sink thread waits only when the log is a whole buffer pool or relay behind.
 */
final class LogSink implements ResultSink
{
    static final int FOLLOW = 0;
    static final int APPEND = 1;
    static final int DROP = 2;

    private final ResultSink downstream;
    private final AppendLog log = new AppendLog();
    private final ResultRelay relay = new ResultRelay();
    private final Recorder lag = new Recorder(1, 3_600_000_000_000L, 2);
    private volatile int mode = FOLLOW;
    /** Events from this ordinal on are new (appended by this node); older ones came from the log. */
    private volatile long appendFrom = Long.MAX_VALUE;
    private volatile Appender appender;
    private volatile BiConsumer<Object, String> abandon;
    private volatile String dropMessage;
    /** Sink thread: the newest event ordinal seen, the tag of answers that follow it. */
    private long lastOrdinal = -1;
    private Object lastDropped;
    /** Sink thread: arrivals of the events appended in this ring batch (timed at its publish; beyond the array, not timed). */
    private final long[] batchReceived = new long[4096];
    private int batchEvents;

    LogSink(final ResultSink downstream)
    {
        this.downstream = downstream;
    }

    @Override
    public void onSlot(final EventSlot slot, final boolean endOfBatch)
    {
        final boolean event = slot.command == EventSlot.EVENT;
        if (event)
        {
            lastOrdinal = slot.ordinal;
        }
        switch (mode)
        {
            case APPEND:
                if (event && slot.ordinal >= appendFrom)
                {
                    log.append(slot);
                    if (batchEvents < batchReceived.length)
                    {
                        batchReceived[batchEvents++] = slot.receivedNanos;
                    }
                }
                if (slot.context != null)
                {
                    relay.add(slot, lastOrdinal);
                }
                if (endOfBatch)
                {
                    final boolean logged = log.publish();
                    final boolean answers = relay.hasNew();
                    if (batchEvents > 0)
                    {
                        final long now = System.nanoTime();
                        for (int i = 0; i < batchEvents; i++)
                        {
                            appender.scored.recordValue(Math.max(1, now - batchReceived[i]));
                        }
                        batchEvents = 0;
                    }
                    if ((logged || answers) && appender.shouldWake(logged, answers, lastOrdinal))
                    {
                        java.util.concurrent.locks.LockSupport.unpark(appender.thread);
                    }
                }
                break;
            case DROP:
                if (event && slot.context != null)
                {
                    if (slot.context != lastDropped)
                    {
                        lastDropped = slot.context;
                        abandon.accept(slot.context, dropMessage);
                    }
                }
                else
                {
                    downstream.onSlot(slot, endOfBatch);
                }
                break;
            default:
                if (event && slot.context == null && slot.receivedNanos != 0)
                {
                    lag.recordValue(Math.max(1, System.nanoTime() - slot.receivedNanos));
                }
                downstream.onSlot(slot, endOfBatch);
                break;
        }
    }

    ResultSink downstream()
    {
        return downstream;
    }

    AppendLog log()
    {
        return log;
    }

    ResultRelay relay()
    {
        return relay;
    }

    Recorder lag()
    {
        return lag;
    }

    /** Switches to appending: events from {@code nextOrdinal} on go to the log through the appender. */
    void append(final long nextOrdinal, final Appender appender)
    {
        appendFrom = nextOrdinal;
        this.appender = appender;
        mode = APPEND;
    }

    /** Fenced: from now on events are refused to their clients with the message. Appender thread. */
    void drop(final BiConsumer<Object, String> abandonClient, final String message)
    {
        abandon = abandonClient;
        dropMessage = message;
        log.abandon();
        mode = DROP;
    }
}
