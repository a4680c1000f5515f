package io.scoreline.ingest;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.rules.ErrorCode;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} through the Prometheus Java client (prometheus-metrics-core,
 * -instrumentation-jvm, -exposition-textformats 1.8.0): THE place where every Scoreline series is
 * registered. Nothing of the client is touched per event: each series is a callback that reads,
 * at scrape time, the primitive counter where it already lives (the {@link Metrics} atomics, the
 * board's event counts that {@link MetricsQuery} copied on the board thread, the pipeline's
 * gauges, /proc/self/stat), and result latency is read from the HdrHistograms the sink records
 * into without allocating. To add a counter: an {@code AtomicLong} in {@link Metrics} (as before)
 * and one {@link #counter} or {@link #gauge} line in the constructor.
 *
 * <p>The JVM's own metrics (GC, memory pools, buffer pools, threads, classes, JIT, process) come
 * from one registry shared by every server in the JVM ({@code JvmMetrics} registers once).
 * Scrapes run on the event loop only, one at a time.
 */
final class PrometheusMetrics
{
    /** The histogram's upper bounds in seconds, 10 us .. 10 s (1-2-5 steps), then +Inf. */
    static final double[] LATENCY_BUCKETS = {
        10e-6, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 2e-3, 5e-3, 10e-3, 20e-3, 50e-3, 100e-3, 200e-3, 500e-3,
        1, 2, 5, 10, Double.POSITIVE_INFINITY};
    private static final Path STAT = Paths.get("/proc/self/stat");
    private static final Path STATUS = Paths.get("/proc/self/status");
    private static final PrometheusRegistry JVM = jvmRegistry();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Metrics metrics;
    /** The scrape in progress: its event counts (copied on the board thread) and process stats. Event loop. */
    private MetricsQuery counts;
    private long[] stat;
    private String status;

    PrometheusMetrics(final Metrics metrics, final ScoringPipeline pipeline)
    {
        this.metrics = metrics;
        // Events, by status and by error code: counted by the board stage, copied by MetricsQuery.
        CounterWithCallback.builder().name("scoreline_events_total").help("Events scored, by status.")
            .labelNames("status")
            .callback(callback ->
            {
                callback.call(counts.ok(), "ok");
                callback.call(counts.duplicates(), "duplicate");
                callback.call(counts.rejected(), "rejected");
                callback.call(counts.internalErrors(), "internal");
            }).register(registry);
        CounterWithCallback.builder().name("scoreline_events_rejected_total").help("Rejected events, by error code.")
            .labelNames("error")
            .callback(callback ->
            {
                for (int code = 1; code < ErrorCode.COUNT; code++)
                {
                    callback.call(counts.rejectedWith(code), ErrorCode.name(code));
                }
            }).register(registry);

        // GAME.md section 7: each accepted void scores again every event before it.
        CounterWithCallback.builder().name("scoreline_voids_applied_total").help("Voids accepted and applied (GAME.md section 7).")
            .callback(callback -> callback.call(counts.voidsApplied())).register(registry);
        CounterWithCallback.builder().name("scoreline_events_rescored_total")
            .help("Events scored again to apply voids (from the target on, or every event before the void when the undo log does not reach it).")
            .callback(callback -> callback.call(counts.eventsRescored())).register(registry);

        registry.register(new LatencyHistogram());
        registry.register(new LatencyWindow());
        registry.register(new FlushWait());
        registry.register(new HiccupCollector(HiccupProbe.shared()));

        gauge("scoreline_connections", "Open client connections.", metrics.connections::get);
        counter("scoreline_connections_refused_total", "Connections closed at accept: over the connection cap.",
            metrics.connectionsRefused::get);
        counter("scoreline_ring_full_waits_total", "Times the event loop found the ring full and waited for a slot: input back-pressure.",
            metrics.ringFullWaits::get);
        counter("scoreline_connections_closed_bad_input_total", "Connections closed for a bad frame, body or request.",
            () -> metrics.connectionsClosedForBadInput.get() + metrics.pushClosedForBadInput.getAsLong());
        gauge("scoreline_connections_read_paused",
            "Connections not read from: their input waits for ring room or answers, or their answers wait to be taken.",
            metrics.connectionsReadPaused::get);
        gauge("scoreline_connections_outbound_full", "Connections whose unsent answers are past the write high-water mark.",
            metrics.connectionsOutboundFull::get);
        counter("scoreline_received_bytes_total", "Bytes read from client sockets.", metrics.receivedBytes::get);
        counter("scoreline_requests_unauthorized_total",
            "Requests and WebSocket handshakes answered 401: missing or wrong bearer token.", metrics.requestsUnauthorized::get);

        guards(metrics);
        if (metrics.eventLog != null)
        {
            metrics.eventLog.register(registry);
        }

        if (pipeline != null) // null in unit tests of the latency series alone
        {
            gauge("scoreline_ring_occupancy", "Ring slots published but not yet past every stage.", pipeline::backlog);
            gauge("scoreline_ring_size", "Ring slots.", pipeline::ringSize);
            gauge("scoreline_journal_bytes", "Bytes appended to the journal by this process.", pipeline::journalBytes);
            gauge("scoreline_undo_log_bytes", "Bytes of the undo log a void rolls back through (--undo-events): its file in the "
                + "journal directory, mapped, or direct memory without one.",
                pipeline::undoLogBytes);
            memory(metrics, pipeline);
        }

        if (ProcessStats.read(STAT) != null) // Linux: page faults and CPU time from /proc/self/stat, read once a scrape
        {
            counter("scoreline_process_minor_faults_total",
                "Page faults served without I/O (first touch of a page), whole process.", () -> stat[ProcessStats.MINOR_FAULTS]);
            counter("scoreline_process_major_faults_total", "Page faults that waited for I/O, whole process.",
                () -> stat[ProcessStats.MAJOR_FAULTS]);
            CounterWithCallback.builder().name("scoreline_process_cpu_seconds_total").help("User and system CPU time of the process.")
                .callback(callback -> callback.call(ProcessStats.cpuSeconds(stat))).register(registry);
        }
    }

    /**
     * Issue 27: what the memory is, part by part, beside what the kernel says is resident. The
     * parts are preallocated (their size is fixed at start, or at the first snapshot for the
     * snapshot's pools); the heap holds all but the journal window, which is file-backed.
     */
    private void memory(final Metrics metrics, final ScoringPipeline pipeline)
    {
        GaugeWithCallback.builder().name("scoreline_memory_bytes")
            .help("Bytes of each part: state (player records, id index, treasure finders), boards (the player board), " +
                "push_copy (push's board copy and its log), snapshot (copy-on-write pools and board-order scratch, from the " +
                "first snapshot), journal_window (the journal file's written and pretouched part, file-backed), " +
                "undo_log (the corrections' roll-back log, off the heap: the part that may be resident, a window around its writer "
                + "when file-backed, all of it in direct memory), heap_committed and heap_used (the Java heap holding all but " +
                "the journal window and the undo log).")
            .labelNames("part")
            .callback(callback ->
            {
                callback.call(pipeline.stateBytes(), "state");
                callback.call(pipeline.boardBytes(), "boards");
                callback.call(metrics.pushCopyBytes.getAsLong(), "push_copy");
                callback.call(metrics.snapshots == null ? 0 : metrics.snapshots.reservedBytes(), "snapshot");
                callback.call(pipeline.journalWindowBytes(), "journal_window");
                callback.call(pipeline.undoLogResidentBytes(), "undo_log");
                final Runtime runtime = Runtime.getRuntime();
                callback.call(runtime.totalMemory(), "heap_committed");
                callback.call(runtime.totalMemory() - runtime.freeMemory(), "heap_used");
            }).register(registry);
        if (ProcessStats.text(STATUS) != null)
        {
            GaugeWithCallback.builder().name("scoreline_process_resident_bytes")
                .help("Resident set of the process (/proc/self/status): total (VmRSS), anon (heap, stacks, malloc), file (mapped files: " +
                    "the journal, jars).")
                .labelNames("kind")
                .callback(callback ->
                {
                    callback.call(ProcessStats.statusBytes(status, "VmRSS"), "total");
                    callback.call(ProcessStats.statusBytes(status, "RssAnon"), "anon");
                    callback.call(ProcessStats.statusBytes(status, "RssFile"), "file");
                }).register(registry);
        }
        gauge("scoreline_snapshot_cow_pool_bytes", "Bytes of the snapshot's record copy-on-write pool (0 before the first snapshot).",
            () -> metrics.snapshots == null ? 0 : metrics.snapshots.poolBytes());
        gauge("scoreline_snapshot_cow_peak_bytes", "The most bytes of record chunks the pool held at once, since start.",
            () -> metrics.snapshots == null ? 0 : metrics.snapshots.peakPoolBytes());
        counter("scoreline_snapshot_cow_chunks_saved_total",
            "Record chunks the score stage saved (copy on write) while a snapshot streamed them out.",
            () -> metrics.snapshots == null ? 0 : metrics.snapshots.savedChunks());
        counter("scoreline_snapshot_cow_pool_waits_total",
            "Times the score stage found the copy-on-write pool full and waited for the snapshot's stream.",
            () -> metrics.snapshots == null ? 0 : metrics.snapshots.poolWaits());
    }

    /** The hostile-client defences (ConnectionGuards): half-open gauge, closes by kind, rate-limited answers. */
    private void guards(final Metrics metrics)
    {
        gauge("scoreline_connections_half_open",
            "Connections whose request line, headers or body (or WebSocket upgrade request) are still arriving.",
            () -> metrics.halfOpen.getAsInt());
        CounterWithCallback.builder().name("scoreline_connections_closed_total")
            .help("Connections closed by a timeout or to make room, by reason: header_timeout (408), body_too_slow (408), " +
                "keepalive_idle, websocket_idle (1001, /ws and /push), half_open_evicted (the oldest half-open past the " +
                "bound or at the cap), idle_evicted_at_cap.")
            .labelNames("reason")
            .callback(callback ->
            {
                callback.call(metrics.closedHeaderTimeout.get(), "header_timeout");
                callback.call(metrics.closedBodyTooSlow.get(), "body_too_slow");
                callback.call(metrics.closedKeepAliveIdle.get(), "keepalive_idle");
                callback.call(metrics.closedWebSocketIdle.get() + metrics.pushClosedIdle.getAsLong(), "websocket_idle");
                callback.call(metrics.closedHalfOpenEvicted.get(), "half_open_evicted");
                callback.call(metrics.closedIdleForRoom.get(), "idle_evicted_at_cap");
            }).register(registry);
        CounterWithCallback.builder().name("scoreline_rate_limited_total")
            .help("Messages answered rate_limited: events (/ws, POST /events) and /push control messages.")
            .labelNames("kind")
            .callback(callback ->
            {
                callback.call(metrics.eventsRateLimited.get(), "event");
                callback.call(metrics.pushControlsRateLimited.getAsLong(), "push_control");
            }).register(registry);
    }

    private void counter(final String name, final String help, final LongSupplier value)
    {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    private void gauge(final String name, final String help, final LongSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    /** Prometheus text 0.0.4 of every series, with {@code counts} the event counts of this scrape. Event loop. */
    byte[] scrape(final MetricsQuery counts)
    {
        this.counts = counts;
        this.stat = ProcessStats.read(STAT);
        this.status = ProcessStats.text(STATUS);
        metrics.snapshotLatency();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try
        {
            writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
            writer.write(out, JVM.scrape(), EscapingScheme.DEFAULT);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    String contentType()
    {
        return writer.getContentType();
    }

    private static PrometheusRegistry jvmRegistry()
    {
        final PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }

    /**
     * {@code scoreline_result_latency_seconds}: time from an event's arrival to its result being
     * ready to send, a histogram since start, 10 us .. 10 s. Its buckets are counted from the
     * HdrHistogram of every recorded latency (2 significant digits: a bound is exact to 1%).
     */
    private final class LatencyHistogram implements Collector
    {
        @Override
        public MetricSnapshot collect()
        {
            final Histogram all = metrics.sinceStart();
            final long[] counts = new long[LATENCY_BUCKETS.length];
            long below = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length - 1; i++)
            {
                final long upTo = all.getTotalCount() == 0 ? 0 :
                    all.getCountBetweenValues(0, Math.min(all.getHighestTrackableValue(), (long)(LATENCY_BUCKETS[i] * 1e9)));
                counts[i] = upTo - below;
                below = upTo;
            }
            counts[counts.length - 1] = all.getTotalCount() - below;
            return HistogramSnapshot.builder()
                .name("scoreline_result_latency_seconds")
                .help("Time from an event's arrival to its result being ready to send, since start.")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(LATENCY_BUCKETS, counts))
                    .sum(metrics.totalNanos() / 1e9)
                    .build())
                .build();
        }

        @Override
        public String getPrometheusName()
        {
            return "scoreline_result_latency_seconds";
        }
    }

    /**
     * {@code scoreline_result_latency_window_seconds}: the same latency as a summary over the last
     * {@link Metrics#WINDOW_SECONDS} s (quantiles NaN when no event came), what a dashboard's
     * "latency now" wants without a rate() over histogram buckets.
     */
    private final class LatencyWindow implements Collector
    {
        @Override
        public MetricSnapshot collect()
        {
            return HiccupCollector.summary("scoreline_result_latency_window_seconds",
                "Time from an event's arrival to its result being ready to send; quantiles, count and sum over the last " +
                    Metrics.WINDOW_SECONDS + " s.", metrics.window());
        }

        @Override
        public String getPrometheusName()
        {
            return "scoreline_result_latency_window_seconds";
        }
    }

    /** {@code scoreline_result_flush_wait_seconds}: results handed to a connection to their write, since the previous scrape. */
    private final class FlushWait implements Collector
    {
        @Override
        public MetricSnapshot collect()
        {
            return HiccupCollector.summary("scoreline_result_flush_wait_seconds",
                "Per flush: results handed to their connection (ready to send) to their write on its event loop; " +
                    "quantiles since the previous scrape.", metrics.flushWaitSincePrevious());
        }

        @Override
        public String getPrometheusName()
        {
            return "scoreline_result_flush_wait_seconds";
        }
    }
}
