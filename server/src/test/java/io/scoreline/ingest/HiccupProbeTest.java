package io.scoreline.ingest;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HiccupProbeTest
{
    @TempDir
    Path journal;

    @Test
    void shouldRecordOneLatenessAWaitOfHalfAMillisecondAndCountAgainFromTheMark() throws Exception
    {
        final HiccupProbe probe = HiccupProbe.shared();
        final Histogram since = HiccupProbe.newHistogram();
        probe.mark();
        final long start = System.nanoTime();
        Thread.sleep(300);
        probe.sinceMark(since);
        final long elapsed = System.nanoTime() - start;

        // Each sample is one wait of >= 0.5 ms plus its lateness: no more samples than 0.5 ms fit in the time.
        final long samples = since.getTotalCount();
        assertTrue(samples > 0 && samples <= elapsed / HiccupProbe.WAIT_NANOS, samples + " samples in " + elapsed + " ns");
        probe.mark();
        probe.sinceMark(since);
        assertTrue(since.getTotalCount() <= 1, "the mark starts the count afresh: " + since.getTotalCount());
        final Histogram window = HiccupProbe.newHistogram();
        probe.window(window);
        assertTrue(window.getTotalCount() >= samples, "the window holds at least the last 0.3 s");
    }

    @Test
    void shouldServeTheHiccupQuantilesOnTheServicesMetricsPage() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            Thread.sleep(200);
            final String body = Servers.get(server, "/metrics").body();

            assertTrue(body.contains("# TYPE scoreline_hiccup_seconds summary\n"), body);
            for (final String q : new String[]{"0.5", "0.9", "0.99", "0.999", "1.0"})
            {
                final double seconds = value(body, "scoreline_hiccup_seconds{quantile=\"" + q + "\"}");
                assertTrue(seconds >= 0 && seconds < 60, q + ": " + seconds);
            }
            assertTrue(value(body, "scoreline_hiccup_seconds_count") > 0, body);
            assertEquals(1, threadsNamed("scoreline-hiccup"), "one probe per JVM, however many servers");
        }
    }

    @Test
    void shouldWakeAtMostEveryTwentyMillisecondsWhileTheServiceIsIdle() throws Exception
    {
        final HiccupProbe probe = HiccupProbe.shared();
        final Metrics metrics = new Metrics();
        final Histogram since = HiccupProbe.newHistogram();
        try
        {
            metrics.tick(); // a second without events: the idle pace
            Thread.sleep(50); // the wait under way when it changed ends
            probe.mark();
            final long start = System.nanoTime();
            Thread.sleep(400);
            probe.sinceMark(since);
            final long elapsed = System.nanoTime() - start;

            // Each sample is a wait of at least 20 ms: at most elapsed / 20 ms of them (a spinning or
            // 0.5 ms probe would give hundreds).
            assertTrue(since.getTotalCount() <= elapsed / HiccupProbe.IDLE_WAIT_NANOS + 1,
                since.getTotalCount() + " samples in " + elapsed + " ns");
        }
        finally
        {
            metrics.recordLatency(1_000);
            metrics.tick(); // events again: back to 0.5 ms for the other tests
        }
    }

    @Test
    void shouldAllocateNothingWhileItRuns() throws Exception
    {
        HiccupProbe.shared();
        final Thread probe = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("scoreline-hiccup")).findFirst().orElseThrow();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        Thread.sleep(500); // past its first wake-ups (class loading, the JIT)
        final long before = threads.getThreadAllocatedBytes(probe.getId());
        Thread.sleep(1_000);
        final long allocated = threads.getThreadAllocatedBytes(probe.getId()) - before;

        // About 1,000-2,000 wake-ups: one 16-byte object each would be 16,000 bytes or more; the bound
        // leaves room for a one-off deoptimisation, as PipelineAllocationTest does.
        assertTrue(allocated < 1_000, "the probe thread allocated " + allocated + " bytes in 1 s");
    }

    private static long threadsNamed(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).count();
    }

    private static double value(final String body, final String series)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertTrue(m.find(), series + " in\n" + body);
        return Double.parseDouble(m.group(1));
    }
}
