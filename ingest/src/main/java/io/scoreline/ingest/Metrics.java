package io.scoreline.ingest;

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
 * reports quantiles over the last {@link #WINDOW_SECONDS} seconds plus the current one, so a
 * spike shows while it lasts and is gone 10 s after it; {@code _count} and {@code _sum} run
 * since start, as Prometheus expects of a summary.
 */
final class Metrics
{
    /** Completed seconds the latency quantiles cover, besides the current second. */
    static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

    private final Recorder latency = new Recorder(1, HIGHEST_NANOS, 2);
    /** One histogram per second, {@code current} being filled; the event loop only. */
    private final Histogram[] perSecond = new Histogram[WINDOW_SECONDS + 1];
    private final Histogram window = new Histogram(1, HIGHEST_NANOS, 2);
    private Histogram interval;
    private int current;
    private long totalCount;
    private double totalNanos;

    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong connectionsRefused = new AtomicLong();
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
        drain();
        current = (current + 1) % perSecond.length;
        perSecond[current].reset();
    }

    private void drain()
    {
        interval = latency.getIntervalHistogram(interval);
        final long count = interval.getTotalCount();
        if (count > 0)
        {
            perSecond[current].add(interval);
            totalCount += count;
            totalNanos += interval.getMean() * count;
        }
    }

    /** Event loop: appends the latency summary, connection gauges and process counters. */
    void render(final StringBuilder out)
    {
        drain();
        window.reset();
        for (final Histogram second : perSecond)
        {
            window.add(second);
        }
        final boolean empty = window.getTotalCount() == 0;

        out.append("# HELP scoreline_result_latency_seconds Time from an event's arrival to its result being ready to send;")
            .append(" quantiles over the last ").append(WINDOW_SECONDS).append(" s, count and sum since start.\n");
        out.append("# TYPE scoreline_result_latency_seconds summary\n");
        for (final double q : QUANTILES)
        {
            out.append("scoreline_result_latency_seconds{quantile=\"").append(q).append("\"} ")
                .append(empty ? "NaN" : seconds(window.getValueAtPercentile(q * 100.0))).append('\n');
        }
        out.append("scoreline_result_latency_seconds_sum ").append(totalNanos / 1e9).append('\n');
        out.append("scoreline_result_latency_seconds_count ").append(totalCount).append('\n');
        gauge(out, "scoreline_result_latency_window_count",
            "Results in the latency quantiles' window (the last " + WINDOW_SECONDS + " s).", window.getTotalCount());

        gauge(out, "scoreline_connections", "Open client connections.", connections.get());
        counter(out, "scoreline_connections_refused_total", "Connections closed at accept: over the connection cap.",
            connectionsRefused.get());
        counter(out, "scoreline_connections_closed_bad_input_total",
            "Connections closed for a bad frame, body or request.",
            connectionsClosedForBadInput.get() + pushClosedForBadInput.getAsLong());
        gauge(out, "scoreline_connections_read_paused",
            "Connections not read from: their input waits for ring room or answers, or their answers wait to be taken.",
            connectionsReadPaused.get());
        gauge(out, "scoreline_connections_outbound_full",
            "Connections whose unsent answers are past the write high-water mark.", connectionsOutboundFull.get());
        counter(out, "scoreline_received_bytes_total", "Bytes read from client sockets.", receivedBytes.get());
        counter(out, "scoreline_requests_unauthorized_total",
            "Requests and WebSocket handshakes answered 401: missing or wrong bearer token.", requestsUnauthorized.get());
        ProcessStats.render(out);
    }

    static void gauge(final StringBuilder out, final String name, final String help, final long value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    static void counter(final StringBuilder out, final String name, final String help, final long value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String seconds(final long nanos)
    {
        return Double.toString(nanos / 1e9);
    }
}
