package io.scoreline.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The parsing of perf/kafka-latency.sh, run on pages saved from real nodes (src/test/resources:
 * a journal-mode /metrics page after a short load, a Kafka follower's page, a Kafka primary's page
 * after perf/kafka-latency.sh's 20k events/s (append-in-flight 0, answers on the acknowledgment), and Kafka's own
 * ProducerPerformance output against bin/kafka-local). Expected figures are read off those files
 * by hand (seconds to milliseconds, three decimals).
 */
final class KafkaLatencyParsingTest
{
    private static final Path PERF = Path.of("").toAbsolutePath(); // surefire runs in the module's folder
    private static final Path RESOURCES = PERF.resolve("src/test/resources");

    @Test
    void theServiceWindowSummaryBecomesMilliseconds() throws Exception
    {
        final Run run = run("metrics-quantiles.sh", "metrics-page.txt", "scoreline_result_latency_window_seconds");
        assertEquals(0, run.status, run.err);
        assertEquals("p50_ms=0.073 p99_ms=67.633 p999_ms=103.809 max_ms=105.906", run.out.strip());
    }

    @Test
    void theFollowersLagSummaryBecomesMilliseconds() throws Exception
    {
        final Run run = run("metrics-quantiles.sh", "metrics-page-follower.txt", "scoreline_log_lag_seconds");
        assertEquals(0, run.status, run.err);
        assertEquals("p50_ms=36.438 p99_ms=467.665 p999_ms=467.665 max_ms=570.425", run.out.strip());
    }

    /** A labelled series of a Kafka primary's page: one stage of the append, the other stages left out. */
    @Test
    void oneStageOfThePrimarysAppendBecomesMilliseconds() throws Exception
    {
        final Run run = run("metrics-quantiles.sh", "metrics-page-primary.txt", "scoreline_log_append_stage_seconds{stage=\"queued\"}");
        assertEquals(0, run.status, run.err);
        assertEquals("p50_ms=0.031 p99_ms=4.784 p999_ms=13.763 max_ms=184.549", run.out.strip());
    }

    /** The series the script once grepped became a histogram: asking for a summary of it must fail, not print nothing. */
    @Test
    void aSeriesThatIsNoSummaryFailsLoudly() throws Exception
    {
        final Run run = run("metrics-quantiles.sh", "metrics-page.txt", "scoreline_result_latency_seconds");
        assertEquals(1, run.status);
        assertEquals("", run.out);
        assertEquals("no summary series scoreline_result_latency_seconds on the page", run.err.strip());
    }

    @Test
    void producerPerformancesLastLineGivesTheBrokersOwnFigures() throws Exception
    {
        final Run run = run("producer-perf-summary.sh", "producer-performance.txt");
        assertEquals(0, run.status, run.err);
        assertEquals("sent=3000 rate=992.4 p50_ms=7 p99_ms=104 p999_ms=119 max_ms=1125.00", run.out.strip());
    }

    @Test
    void aProducerThatPrintedNoSummaryFails() throws Exception
    {
        final Run run = run("producer-perf-summary.sh", "metrics-page.txt");
        assertEquals(1, run.status);
        assertEquals("no ProducerPerformance summary line", run.err.strip());
    }

    private record Run(int status, String out, String err) {}

    private static Run run(final String script, final String input, final String... args) throws IOException, InterruptedException
    {
        final String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = PERF.resolve(script).toString();
        System.arraycopy(args, 0, command, 2, args.length);
        final Path err = Files.createTempFile("parse", ".err");
        try
        {
            final Process p = new ProcessBuilder(command)
                .redirectInput(RESOURCES.resolve(input).toFile())
                .redirectError(err.toFile())
                .start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out, Files.readString(err));
        }
        finally
        {
            Files.deleteIfExists(err);
        }
    }
}
