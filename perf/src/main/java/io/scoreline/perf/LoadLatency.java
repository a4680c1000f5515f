package io.scoreline.perf;

import org.HdrHistogram.Histogram;

/**
 * One connection's results, matched to its events by position: the {@code j}-th result line is
 * the {@code j}-th event's, and its latency is arrival time minus the event's <em>intended</em>
 * send time (wrk2's coordinated-omission correction): an event the sender put on the wire late,
 * because the socket or the server pushed back, is charged for the wait.
 *
 * <p>Written only by the connection's event-loop thread; {@link #acked()} is read by the sender.
 */
final class LoadLatency
{
    /** One hour in microseconds, three significant digits. */
    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final byte STATUS_OK = 'o';
    static final byte STATUS_DUPLICATE = 'd';
    static final byte STATUS_REJECTED = 'r';

    private final LoadSchedule schedule;
    private final int connection;
    private final long warmupEvents;
    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    private volatile long acked;
    private long measuredAcked;
    private long rejected;
    private long duplicates;
    private long lastResultNanos;

    LoadLatency(final LoadSchedule schedule, final int connection)
    {
        this.schedule = schedule;
        this.connection = connection;
        this.warmupEvents = schedule.warmupEventsFor(connection);
    }

    /**
     * The next result line arrived at {@code nowNanos} with the first letter of its status
     * ({@code 'o'}k, {@code 'd'}uplicate, {@code 'r'}ejected, anything else counts as rejected).
     */
    void onResult(final long nowNanos, final byte status)
    {
        final long index = acked;
        acked = index + 1;
        if (index < warmupEvents)
        {
            return;
        }
        measuredAcked++;
        lastResultNanos = nowNanos;
        if (status == STATUS_DUPLICATE)
        {
            duplicates++;
        }
        else if (status != STATUS_OK)
        {
            rejected++;
        }
        final long micros = Math.max(0, nowNanos - schedule.intendedNanos(connection, index)) / 1000;
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    /** Results received so far, warm-up included (the sender waits on this). */
    long acked()
    {
        return acked;
    }

    long measuredAcked()
    {
        return measuredAcked;
    }

    long rejected()
    {
        return rejected;
    }

    long duplicates()
    {
        return duplicates;
    }

    /** Arrival of the last measured result, 0 if none. */
    long lastResultNanos()
    {
        return lastResultNanos;
    }

    Histogram histogram()
    {
        return histogram;
    }
}
