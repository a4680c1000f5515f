package io.scoreline.ingest;

import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MetricsTest
{
    private static final long MS = 1_000_000;

    @TempDir
    Path journal;

    @Test
    void shouldReportQuantilesOfTheLastTenSecondsOnlyWhileCountAndSumRunSinceStart()
    {
        final Metrics metrics = new Metrics();
        for (int i = 0; i < 1000; i++)
        {
            metrics.recordLatency(MS); // 1 ms
        }
        assertEquals(0.001, quantile(render(metrics), "0.5"), 0.001 * 0.01);

        for (int s = 0; s < Metrics.WINDOW_SECONDS; s++)
        {
            metrics.tick();
        }
        // Ten ticks later the first second is the oldest one still in the window.
        assertEquals(0.001, quantile(render(metrics), "0.5"), 0.001 * 0.01);

        metrics.tick();
        final String body = render(metrics);
        assertTrue(body.contains("scoreline_result_latency_window_seconds{quantile=\"0.5\"} NaN\n"), body);
        assertTrue(body.contains("scoreline_result_latency_seconds_count 1000\n"), body);
        assertTrue(body.contains("scoreline_result_latency_window_seconds_count 0\n"), body);
        // The histogram since start: all 1000 at 1 ms fall in le=0.001, none below it (bounds 10 us .. 10 s).
        assertTrue(body.contains("scoreline_result_latency_seconds_bucket{le=\"1.0E-5\"} 0\n"), body);
        assertTrue(body.contains("scoreline_result_latency_seconds_bucket{le=\"5.0E-4\"} 0\n"), body);
        assertTrue(body.contains("scoreline_result_latency_seconds_bucket{le=\"0.001\"} 1000\n"), body);
        assertTrue(body.contains("scoreline_result_latency_seconds_bucket{le=\"10.0\"} 1000\n"), body);
        assertTrue(body.contains("scoreline_result_latency_seconds_bucket{le=\"+Inf\"} 1000\n"), body);
        // 1000 x 1 ms, within HdrHistogram's 2 significant digits
        assertEquals(1.0, value(body, "scoreline_result_latency_seconds_sum"), 0.01);
    }

    @Test
    void shouldReportTheFlushWaitsSinceThePreviousScrape()
    {
        final Metrics metrics = new Metrics();
        for (int i = 0; i < 99; i++)
        {
            metrics.recordFlushWait(2 * MS);
        }
        metrics.recordFlushWait(40 * MS);
        final String first = render(metrics);
        assertEquals(0.002, value(first, "scoreline_result_flush_wait_seconds{quantile=\"0.5\"}"), 0.002 * 0.01);
        assertEquals(0.040, value(first, "scoreline_result_flush_wait_seconds{quantile=\"1.0\"}"), 0.040 * 0.01);
        assertTrue(first.contains("scoreline_result_flush_wait_seconds_count 100\n"), first);
        // A scrape starts a new interval: nothing recorded since.
        final String second = render(metrics);
        assertTrue(second.contains("scoreline_result_flush_wait_seconds{quantile=\"0.5\"} NaN\n"), second);
        assertTrue(second.contains("scoreline_result_flush_wait_seconds_count 0\n"), second);
    }

    @Test
    void shouldShowASpikeWhileItIsInTheWindowAndDropItTenSecondsLater()
    {
        final Metrics metrics = new Metrics();
        for (int s = 0; s < 3; s++)
        {
            for (int i = 0; i < 1000; i++)
            {
                metrics.recordLatency(100_000); // 100 us
            }
            metrics.tick();
        }
        for (int i = 0; i < 100; i++)
        {
            metrics.recordLatency(50 * MS); // the spike: 100 results at 50 ms, 3.2% of the window
        }
        final String during = render(metrics);
        assertEquals(0.0001, quantile(during, "0.5"), 0.0001 * 0.01);
        assertEquals(0.05, quantile(during, "0.99"), 0.05 * 0.01);
        assertEquals(0.05, quantile(during, "1.0"), 0.05 * 0.01);
        assertTrue(during.contains("scoreline_result_latency_window_seconds_count 3100\n"), during);

        for (int s = 0; s < Metrics.WINDOW_SECONDS + 1; s++)
        {
            metrics.recordLatency(100_000);
            metrics.tick();
        }
        final String after = render(metrics);
        assertEquals(0.0001, quantile(after, "1.0"), 0.0001 * 0.01);
        assertTrue(after.contains("scoreline_result_latency_window_seconds_count 10\n"), after);
        assertTrue(after.contains("scoreline_result_latency_seconds_count 3111\n"), after);
        // Since start: 3011 at 100 us, 100 at 50 ms; the spike stays in the histogram's buckets.
        assertTrue(after.contains("scoreline_result_latency_seconds_bucket{le=\"1.0E-4\"} 3011\n"), after);
        assertTrue(after.contains("scoreline_result_latency_seconds_bucket{le=\"0.02\"} 3011\n"), after);
        assertTrue(after.contains("scoreline_result_latency_seconds_bucket{le=\"0.05\"} 3111\n"), after);
    }

    @Test
    void shouldRecordWithoutAllocatingWhileTheEventLoopDrainsTheRecorder() throws Exception
    {
        final Metrics metrics = new Metrics();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch drained = new CountDownLatch(100);
        final Thread loop = new Thread(() ->
        {
            while (!stop.get())
            {
                metrics.tick();
                metrics.snapshotLatency();
                drained.countDown();
            }
        });
        loop.start();
        try
        {
            for (int i = 0; i < 2_000_000; i++) // warm-up: the JIT compiles the recording path
            {
                metrics.recordLatency(i & 0xFFFFF);
            }
            final com.sun.management.ThreadMXBean threads = Allocations.counter(); // fails if counting does not work
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 1_000_000; i++)
            {
                metrics.recordLatency(i & 0xFFFFF);
            }
            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertTrue(drained.await(30, TimeUnit.SECONDS), "the draining thread ran");
            // The shared one-off bound: recording per call would be >= 16,000,000 bytes.
            Allocations.assertOneOff(allocated, "1M recordLatency calls");
        }
        finally
        {
            stop.set(true);
            loop.join();
        }
    }

    @Test
    void shouldReadTheFaultAndCpuFieldsOfAStatLineWhoseCommandHoldsSpacesAndParentheses()
    {
        // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        final long[] fields = ProcessStats.parse("4242 (scorer (stage) 0) S 1 4242 4242 0 -1 4194560 1234 0 56 0 789 12 0 0 20 0");

        assertNotNull(fields);
        assertEquals(4242, fields[1]);
        assertEquals(1234, fields[ProcessStats.MINOR_FAULTS]);
        assertEquals(56, fields[ProcessStats.MAJOR_FAULTS]);
        assertEquals(789, fields[ProcessStats.USER_TICKS]);
        assertEquals(12, fields[ProcessStats.SYSTEM_TICKS]);
    }

    @Test
    void shouldServeThisProcesssPageFaultsAndWindowedLatencyOnTheMetricsPage() throws Exception
    {
        assumeTrue(Files.isReadable(Paths.get("/proc/self/stat")), "Linux only: /proc/self/stat");
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            Servers.post(server, "/events", "{\"bad\":1}\n{\"bad\":2}\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            final long before = ProcessStats.read(Paths.get("/proc/self/stat"))[ProcessStats.MINOR_FAULTS];

            final String body = Servers.get(server, "/metrics").body();

            final long after = ProcessStats.read(Paths.get("/proc/self/stat"))[ProcessStats.MINOR_FAULTS];
            final long served = (long)value(body, "scoreline_process_minor_faults_total");
            assertTrue(before <= served && served <= after, before + " <= " + served + " <= " + after);
            assertTrue(body.contains("# TYPE scoreline_process_major_faults_total counter\n"), body);
            assertTrue(value(body, "scoreline_process_cpu_seconds_total") > 0, body);
            assertTrue(body.contains("scoreline_result_latency_seconds_count 2\n"), body);
            assertTrue(body.contains("scoreline_result_latency_window_seconds_count 2\n"), body);
            // The two results of one request: one flush, or two when the sink handed them over in two
            // batches (CI saw 2); each flush's wait timed, none more.
            final double flushes = value(body, "scoreline_result_flush_wait_seconds_count");
            assertTrue(flushes == 1 || flushes == 2, body);
            assertTrue(body.contains("scoreline_events_total{status=\"rejected\"} 2.0\n"), body);
            // JVM metrics from the client's instrumentation: heap in use, a collector, threads.
            assertTrue(value(body, "jvm_memory_used_bytes{area=\"heap\"}") > 0, body);
            assertTrue(body.contains("# TYPE jvm_gc_collection_seconds summary\n"), body);
            assertTrue(value(body, "jvm_threads_current") > 0, body);
        }
    }

    @Test
    void shouldServeTheBytesOfEachPartBesideTheResidentSet() throws Exception
    {
        assumeTrue(Files.isReadable(Paths.get("/proc/self/status")), "Linux only: /proc/self/status");
        try (ScorerServer server = Servers.started(Servers.config(journal))) // 100,000 players
        {
            String body = Servers.get(server, "/metrics").body();
            // Records 100,000 x 103 bytes (the shipped rulebook) + id index ceil(100,000 / 0.875) = 114,286 ints
            // + finders (1,000,000 + 1) x 3 ints.
            assertEquals(10_300_000 + 114_286 * 4 + 12_000_012, value(body, "scoreline_memory_bytes{part=\"state\"}"));
            assertTrue(value(body, "scoreline_memory_bytes{part=\"boards\"}") >= 100_000 * (8 + 4), body); // a total and a leaf a player
            assertTrue(value(body, "scoreline_memory_bytes{part=\"push_copy\"}") >= 100_000 * (8 + 4 + 8 + 4), body);
            assertTrue(value(body, "scoreline_memory_bytes{part=\"journal_window\"}") >= 1 << 20, body); // the pretouched MiB
            assertEquals(0, value(body, "scoreline_memory_bytes{part=\"snapshot\"}")); // nothing before the first snapshot
            assertEquals(0, value(body, "scoreline_memory_bytes{part=\"undo_log\"}")); // the test config holds no undo log
            final double heap = value(body, "scoreline_memory_bytes{part=\"heap_committed\"}");
            final double rss = value(body, "scoreline_process_resident_bytes{kind=\"total\"}");
            assertTrue(rss >= value(body, "scoreline_process_resident_bytes{kind=\"anon\"}"), body);
            assertTrue(rss > 0 && heap > 0, body);

            assertEquals(200, Servers.post(server, "/admin/snapshot", new byte[0]).statusCode());
            body = Servers.get(server, "/metrics").body();
            // The record pool: 8 MiB of 412-byte chunks (4 records of 103 bytes) = 20,360 chunks.
            assertEquals(20_360 * 412, value(body, "scoreline_snapshot_cow_pool_bytes"));
            // Pools, their tables and 20 bytes a player of board-order scratch: no copy of the 10.3 MB of records.
            final double snapshot = value(body, "scoreline_memory_bytes{part=\"snapshot\"}");
            assertTrue(snapshot >= 20_360 * 412 + 100_000 * 20 && snapshot < 20_360 * 412 + 100_000 * 20 + (3 << 20), body);
            assertEquals(0, value(body, "scoreline_snapshot_cow_pool_waits_total"));
        }
    }

    /** The /metrics text of these counters alone (no pipeline, no events), through the Prometheus client. */
    private static String render(final Metrics metrics)
    {
        return new String(new PrometheusMetrics(metrics, null).scrape(new MetricsQuery(null)), StandardCharsets.UTF_8);
    }

    private static double quantile(final String body, final String q)
    {
        return value(body, "scoreline_result_latency_window_seconds{quantile=\"" + q + "\"}");
    }

    private static double value(final String body, final String series)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertTrue(m.find(), series + " in\n" + body);
        return Double.parseDouble(m.group(1));
    }
}
