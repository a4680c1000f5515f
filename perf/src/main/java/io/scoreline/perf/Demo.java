package io.scoreline.perf;

import io.scoreline.ingest.ScorerServer;
import io.scoreline.ingest.ServerConfig;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bin/scorer demo}: the service on its embedded defaults, ten seconds of open-loop load,
 * a short latency table (p50 .. max, throughput) and the top 10, then a clean stop. The whole
 * percentile distribution and its plot go to files ({@code latency.hgrm}, {@code latency.svg})
 * whose paths are printed last.
 *
 * <p>Isolated (where there are 2 cores or more, {@code bin/scorer} arranges it): the service runs
 * in a child JVM under {@code taskset -c SERVE_CPUS} and this JVM, the load generator, on other
 * CPUs, so the latency printed is the service's and not the load generator's fight for a core.
 * Shared: the service runs inside this JVM, on the same cores as the load.
 *
 * <p>The journal goes to a fresh temporary directory, deleted at the end, not to
 * {@code ./data/journal}: a demo should start from an empty board every time and must never
 * append synthetic players to a journal someone's {@code serve} recovers from.
 */
public final class Demo
{
    static final String HOST = ServerConfig.DEFAULT_HOST;
    private static final Pattern PLAYER_ROW =
        Pattern.compile("\\{\"rank\":(\\d+),\"player\":(\\d+),\"score\":(-?\\d+)}");

    private Demo()
    {
    }

    /**
     * @param serveCpus the service's CPUs (a child JVM under taskset), or null for the service in this JVM
     * @return 0 on success, 1 with a one-line reason on failure
     */
    public static int run(final PrintStream out, final String serveCpus)
    {
        final LoadConfig load = new LoadConfig()
            .rate(20_000).warmupSeconds(2).durationSeconds(8).connections(8).batch(1).players(100_000);
        return serveCpus == null ? run(out, ServerConfig.DEFAULT_PORT, load) :
            runIsolated(out, ServerConfig.DEFAULT_PORT, load, serveCpus);
    }

    /** The service in a child JVM on {@code serveCpus}, the load here; {@code load}'s url is set here. */
    static int runIsolated(final PrintStream out, final int port, final LoadConfig load, final String serveCpus)
    {
        CpuList.parse("--serve-cpus", serveCpus);
        return withJournal(out, port, journal ->
        {
            try (ServiceProcess service = ServiceProcess.start(
                serveCpus, HOST, port, journal, Math.max(1, load.players()) + 1, 60))
            {
                final BitSet own = CpuList.allowed();
                out.println("demo: service up on " + HOST + ":" + service.port() + " (pid " + service.pid() + ", CPUs " +
                    serveCpus + "; the load generator on CPUs " + (own == null ? "unknown" : CpuList.format(own)) +
                    "; temporary journal " + journal + ")");
                return drive(out, service.port(), load);
            }
        });
    }

    /** {@code load}'s url is set here, to the started service. */
    static int run(final PrintStream out, final int port, final LoadConfig load)
    {
        return withJournal(out, port, journal ->
        {
            try (ScorerServer server = ScorerServer.start(
                new ServerConfig().host(HOST).port(port).journalDir(journal).maxPlayers(Math.max(1, load.players()) + 1)))
            {
                server.awaitRecovered(Duration.ofSeconds(30));
                out.println("demo: service up on " + HOST + ":" + server.port() + " in this JVM, sharing its cores with the" +
                    " load generator (temporary journal " + journal + ")");
                return drive(out, server.port(), load);
            }
        });
    }

    /** A demo run against a service on a throw-away journal. */
    private interface JournalRun
    {
        int run(Path journal) throws Exception;
    }

    /** Checks the port, makes the throw-away journal, runs, reports a failure in one line, deletes the journal. */
    private static int withJournal(final PrintStream out, final int port, final JournalRun body)
    {
        if (port != 0 && !isFree(port))
        {
            out.println("demo: port " + port + " on " + HOST + " is already in use; stop what listens there and retry");
            return 1;
        }
        Path journal = null;
        try
        {
            journal = Files.createTempDirectory("scoreline-demo-journal");
            return body.run(journal);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            out.println("demo: interrupted");
            return 1;
        }
        catch (final Exception ex)
        {
            out.println("demo: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        }
        finally
        {
            deleteQuietly(journal);
        }
    }

    /**
     * Waits for health, runs the load, prints the short latency table and the top 10, and where
     * the .hgrm and .svg went (a fresh temporary directory unless {@code load} names one);
     * @return the exit status.
     */
    private static int drive(final PrintStream out, final int port, final LoadConfig load) throws Exception
    {
        final String base = "http://" + HOST + ":" + port;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        awaitHealthy(http, base);
        if (load.out() == null)
        {
            load.out(Files.createTempDirectory("scoreline-demo-"));
        }
        out.println("demo: open-loop load for " + (load.warmupSeconds() + load.durationSeconds()) + " s ...");
        final LoadGenerator.Report report =
            LoadGenerator.run(load.url("ws://" + HOST + ":" + port + "/ws").distribution(false), out);
        out.println();
        printLatency(out, load, report);
        printFloor(out, serviceHiccupP99Micros(get(http, base + "/metrics")), report.hiccupP99Micros);
        out.println();
        printTop(out, get(http, base + "/leaderboard?limit=10"));
        out.println();
        out.println("latency distribution: " + load.out().resolve("latency.hgrm"));
        out.println("latency plot:         " + load.out().resolve("latency.svg"));
        if (report.sent == 0 || report.acked != report.sent)
        {
            out.println("demo: only " + report.acked + " of " + report.sent + " events were answered");
            return 1;
        }
        return 0;
    }

    /**
     * The short table: result latency from each event's intended send time at p50, p90, p99,
     * p99.9 and max, in microseconds, and the answered events a second over the measured part.
     */
    static void printLatency(final PrintStream out, final LoadConfig load, final LoadGenerator.Report report)
    {
        final Histogram h = report.histogram();
        final boolean empty = h.getTotalCount() == 0;
        out.println("Latency in us from each event's intended send time (" + LoadGenerator.title(load) + ")");
        out.printf(Locale.ROOT, "%9s %9s %9s %9s %9s %12s%n", "p50", "p90", "p99", "p99.9", "max", "events/s");
        out.printf(Locale.ROOT, "%9d %9d %9d %9d %9d %12d%n",
            empty ? 0 : h.getValueAtPercentile(50.0), empty ? 0 : h.getValueAtPercentile(90.0),
            empty ? 0 : h.getValueAtPercentile(99.0), empty ? 0 : h.getValueAtPercentile(99.9),
            empty ? 0 : h.getMaxValue(), Math.round(report.ackedPerSecond));
        out.println("answered " + report.acked + " of " + report.sent + " events (" + report.rejected + " rejected)");
    }

    private static final Pattern HICCUP_P99 = Pattern.compile("(?m)^scoreline_hiccup_seconds\\{quantile=\"0\\.99\"} (\\S+)$");

    /** The service's hiccup p99 over its last 10 s in microseconds, from its /metrics text; -1 when absent. */
    static long serviceHiccupP99Micros(final String metrics)
    {
        final Matcher m = HICCUP_P99.matcher(metrics);
        if (!m.find())
        {
            return -1;
        }
        final double seconds = Double.parseDouble(m.group(1));
        return Double.isNaN(seconds) ? -1 : Math.round(seconds * 1e6);
    }

    /**
     * The floor under the table: how late a thread that blocks for 0.5 ms woke at p99, in the
     * service (its last 10 s) and in the load generator (the measured part), in the same run.
     */
    static void printFloor(final PrintStream out, final long serviceMicros, final long loadMicros)
    {
        out.printf(Locale.ROOT, "floor: hiccup p99 (a thread that sleeps 0.5 ms wakes this late) service %s us, load %d us%n",
            serviceMicros < 0 ? "n/a" : Long.toString(serviceMicros), loadMicros);
    }

    /** Prints the leaderboard body as a table; @return the rows printed. */
    static int printTop(final PrintStream out, final String leaderboardJson)
    {
        out.println("Top 10");
        out.printf("%4s  %10s  %12s%n", "rank", "player", "score");
        final Matcher row = PLAYER_ROW.matcher(leaderboardJson);
        int rows = 0;
        while (row.find())
        {
            out.printf("%4s  %10s  %12s%n", row.group(1), row.group(2), row.group(3));
            rows++;
        }
        return rows;
    }

    private static boolean isFree(final int port)
    {
        try (ServerSocket probe = new ServerSocket())
        {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(HOST, port));
            return true;
        }
        catch (final BindException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void awaitHealthy(final HttpClient http, final String base) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true)
        {
            final int status = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200)
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("service not healthy after 30 s (GET /health = " + status + ")");
            }
            Thread.sleep(50);
        }
    }

    private static String get(final HttpClient http, final String url) throws Exception
    {
        final HttpResponse<String> response =
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static void deleteQuietly(final Path dir)
    {
        if (dir == null)
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // A leftover temporary directory is harmless; the demo's result stands.
        }
    }
}
