package io.scoreline.ingest;

import io.scoreline.pipeline.log.EventLog;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the network side keeps itself: result latency, connections, the process's page
 * faults. Event counts live on the boards and are read through the ring ({@link MetricsQuery}).
 *
 * <p>Latency is recorded on the sink thread into a wait-free {@link Recorder} (no allocation).
 * The event loop drains it into one histogram per second ({@link #tick()}, once a second) and
 * into one since start: {@link PrometheusMetrics} (where every series is registered) reports the
 * since-start one as a histogram with buckets and the last {@link #WINDOW_SECONDS} seconds plus
 * the current one as a summary, so a spike shows while it lasts and is gone 10 s after it.
 */
final class Metrics
{
    /** Completed seconds the latency quantiles cover, besides the current second. */
    static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Recorder latency = new Recorder(1, HIGHEST_NANOS, 2);
    /**
     * A connection's results from their hand-off (the sink thread, or in Kafka mode the producer's
     * callback) to the write on its event loop, per flush: the last step of a result's way out (issue 22).
     */
    private final Recorder flushWait = new Recorder(1, HIGHEST_NANOS, 2);
    private Histogram flushInterval;
    /** One histogram per second, {@code current} being filled; the event loop only. */
    private final Histogram[] perSecond = new Histogram[WINDOW_SECONDS + 1];
    private final Histogram window = new Histogram(1, HIGHEST_NANOS, 2);
    private final Histogram sinceStart = new Histogram(1, HIGHEST_NANOS, 2);
    private Histogram interval;
    private int current;
    private long totalCount;
    private double totalNanos;

    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong connectionsRefused = new AtomicLong();
    /** Times the event loop found the ring full and waited for a slot (input back-pressure). */
    final AtomicLong ringFullWaits = new AtomicLong();
    final AtomicLong connectionsClosedForBadInput = new AtomicLong();
    /** Connections not read from now: input waits for the ring or the in-flight cap, or answers wait to be taken. */
    final AtomicInteger connectionsReadPaused = new AtomicInteger();
    /** Connections whose unsent answers are past the write high-water mark (the channel is not writable). */
    final AtomicInteger connectionsOutboundFull = new AtomicInteger();
    /** Bytes read from client sockets (every request and frame, as received). */
    final AtomicLong receivedBytes = new AtomicLong();
    /** Requests (WebSocket handshakes included) answered 401 for a missing or wrong bearer token. */
    final AtomicLong requestsUnauthorized = new AtomicLong();
    /** /push connections closed for bad input, counted by the push module (set once at start). */
    java.util.function.LongSupplier pushClosedForBadInput = () -> 0;
    /** Closes by the connection guards and idle timers, one counter per kind (ConnectionGuards). */
    final AtomicLong closedHeaderTimeout = new AtomicLong();
    final AtomicLong closedBodyTooSlow = new AtomicLong();
    final AtomicLong closedKeepAliveIdle = new AtomicLong();
    final AtomicLong closedWebSocketIdle = new AtomicLong();
    final AtomicLong closedHalfOpenEvicted = new AtomicLong();
    final AtomicLong closedIdleForRoom = new AtomicLong();
    /** /push connections closed idle, counted by the push module (set once at start). */
    java.util.function.LongSupplier pushClosedIdle = () -> 0;
    /** Connections receiving a request or handshake now (set once by the guards). */
    java.util.function.IntSupplier halfOpen = () -> 0;
    /** Events and /push control messages answered rate_limited. */
    final AtomicLong eventsRateLimited = new AtomicLong();
    java.util.function.LongSupplier pushControlsRateLimited = () -> 0;
    /** Bytes of push's board copy and its log (set once at start). */
    java.util.function.LongSupplier pushCopyBytes = () -> 0;
    /** The snapshot taker, whose copy-on-write pool /metrics reports; null where snapshots are not taken here. */
    io.scoreline.pipeline.Snapshots snapshots;
    /** The replicated log, whose series (role, lag, appends) /metrics adds; null in journal mode. */
    EventLog eventLog;

    Metrics()
    {
        for (int i = 0; i < perSecond.length; i++)
        {
            perSecond[i] = new Histogram(1, HIGHEST_NANOS, 2);
        }
    }

    /** Sink thread: time from the event's arrival to its result being ready to send. Allocates nothing. */
    void recordLatency(final long nanos)
    {
        latency.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    }

    /** Event loop, once a second: closes the current second and starts the next, dropping the oldest. */
    void tick()
    {
        HiccupProbe.shared().pace(drain() > 0); // the probe's fast pace only while events come
        current = (current + 1) % perSecond.length;
        perSecond[current].reset();
    }

    /** @return the latencies drained: events answered since the last drain */
    private long drain()
    {
        interval = latency.getIntervalHistogram(interval);
        final long count = interval.getTotalCount();
        if (count > 0)
        {
            perSecond[current].add(interval);
            sinceStart.add(interval);
            totalCount += count;
            totalNanos += interval.getMean() * count;
        }
        return count;
    }

    /**
     * Event loop, at scrape time: takes what the sink recorded since the last drain and rebuilds
     * the window (the last {@link #WINDOW_SECONDS} completed seconds and the current one).
     * {@link PrometheusMetrics} reads {@link #window()}, {@link #sinceStart()} and the totals right after.
     */
    void snapshotLatency()
    {
        drain();
        window.reset();
        for (final Histogram second : perSecond)
        {
            window.add(second);
        }
    }

    /** Any thread that hands results to an event loop, once per flush scheduled. */
    void recordFlushWait(final long nanos)
    {
        flushWait.recordValue(Math.max(1, Math.min(nanos, HIGHEST_NANOS)));
    }

    /** The flush waits recorded since the previous call (a scrape). */
    synchronized Histogram flushWaitSincePrevious()
    {
        flushInterval = flushWait.getIntervalHistogram(flushInterval);
        return flushInterval;
    }

    /** Result latency in nanoseconds over the window, as of the last {@link #snapshotLatency()}. */
    Histogram window()
    {
        return window;
    }

    /** Result latency in nanoseconds since start (the Prometheus histogram's buckets are read from it). */
    Histogram sinceStart()
    {
        return sinceStart;
    }

    long totalCount()
    {
        return totalCount;
    }

    double totalNanos()
    {
        return totalNanos;
    }
}
