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
    /**
     * Results slower than {@link #SLOW_MICROS} (set by {@code -Dscoreline.loadgen.slowMicros}, 0 = off):
     * intended send time and arrival, up to {@link #SLOW_CAPACITY}, for lining them up with a JFR
     * recording or /proc samples (perf/README.md, issue 20).
     */
    static final long SLOW_MICROS = Long.getLong("scoreline.loadgen.slowMicros", 0);
    static final int SLOW_CAPACITY = 512;
    private final long[] slowIntended = new long[SLOW_MICROS > 0 ? SLOW_CAPACITY : 0];
    private final long[] slowArrived = new long[slowIntended.length];
    private int slowCount;

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
        final long intended = schedule.intendedNanos(connection, index);
        final long micros = Math.max(0, nowNanos - intended) / 1000;
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
        if (SLOW_MICROS > 0 && micros >= SLOW_MICROS && slowCount < slowIntended.length)
        {
            slowIntended[slowCount] = intended;
            slowArrived[slowCount++] = nowNanos;
        }
    }

    /** Appends the slow results as lines of: intended send and arrival (epoch ns, via {@code epochMinusNano}), connection. */
    void slowResults(final StringBuilder out, final long epochMinusNano)
    {
        for (int i = 0; i < slowCount; i++)
        {
            out.append(slowIntended[i] + epochMinusNano).append(' ').append(slowArrived[i] + epochMinusNano).append(' ')
                .append(connection).append('\n');
        }
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
