package io.scoreline.ingest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the network side keeps itself: result latency (fed on the sink thread through a
 * wait-free {@link Recorder}, read on the event loop), connections. Event counts live on the
 * boards and are read through the ring ({@link MetricsQuery}).
 */
final class Metrics
{
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

    private final Recorder latency = new Recorder(1, HIGHEST_NANOS, 2);
    /** Everything recorded since start; the event loop only. */
    private final Histogram total = new Histogram(1, HIGHEST_NANOS, 2);
    private Histogram interval;

    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong connectionsRefused = new AtomicLong();
    final AtomicLong connectionsClosedForBadInput = new AtomicLong();
    /** Connections not read from now: input waits for the ring or the in-flight cap, or answers wait to be taken. */
    final AtomicInteger connectionsReadPaused = new AtomicInteger();
    /** Connections whose unsent answers are past the write high-water mark (the channel is not writable). */
    final AtomicInteger connectionsOutboundFull = new AtomicInteger();
    /** Bytes read from client sockets (every request and frame, as received). */
    final AtomicLong receivedBytes = new AtomicLong();
    /** /push connections closed for bad input, counted by the push module (set once at start). */
    java.util.function.LongSupplier pushClosedForBadInput = () -> 0;

    /** Emit thread: time from the event's arrival to its result being ready to send. */
    void recordLatency(final long nanos)
    {
        latency.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    }

    /** Event loop: appends the latency summary and connection gauges. */
    void render(final StringBuilder out)
    {
        interval = latency.getIntervalHistogram(interval);
        total.add(interval);

        out.append("# HELP scoreline_result_latency_seconds Time from an event's arrival to its result being ready to send.\n");
        out.append("# TYPE scoreline_result_latency_seconds summary\n");
        for (final double q : QUANTILES)
        {
            out.append("scoreline_result_latency_seconds{quantile=\"").append(q).append("\"} ")
                .append(seconds(total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(q * 100.0))).append('\n');
        }
        out.append("scoreline_result_latency_seconds_sum ").append(seconds((long)(total.getMean() * total.getTotalCount())))
            .append('\n');
        out.append("scoreline_result_latency_seconds_count ").append(total.getTotalCount()).append('\n');

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
