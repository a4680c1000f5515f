package io.scoreline.perf;

import io.scoreline.ingest.ScorerServer;
import io.scoreline.ingest.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadGeneratorTest
{
    private static final String SUMMARY =
        "sent=\\d+ acked=\\d+ rejected=\\d+ acked/s=\\d+(\\.\\d+)? p50_us=\\d+ p99_us=\\d+ p999_us=\\d+ max_us=\\d+ hiccup_p99_us=\\d+";

    @TempDir
    Path journal;
    @TempDir
    Path out;
    private ScorerServer server;

    @BeforeEach
    void startServer() throws Exception
    {
        server = ScorerServer.start(new ServerConfig().host("127.0.0.1").port(0).journalDir(journal).maxPlayers(20_000));
        server.awaitRecovered(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopServer()
    {
        server.close();
    }

    @Test
    void shouldHaveEveryEventOfAShortOpenLoopRunAnsweredAndEndWithTheSummaryLine() throws Exception
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final LoadGenerator.Report report = LoadGenerator.run(new LoadConfig()
            .url("ws://127.0.0.1:" + server.port() + "/ws")
            .rate(2_000).durationSeconds(2).connections(4).batch(4).players(10_000).out(out),
            new PrintStream(text, true, StandardCharsets.UTF_8));

        // 2000 events/s for 2 s: 4000 events due, all sent, all answered, none rejected. Each connection
        // owns its players, whose seqs rise; only the match feed (player 0) is shared, so a match event can
        // come back "duplicate" when another connection's match event with that seq got there first.
        // Speed is for the benchmarks, not this test.
        assertEquals(4_000, report.scheduled);
        assertEquals(4_000, report.sent);
        assertEquals(4_000, report.acked);
        assertEquals(0, report.rejected);
        assertEquals(4_000, report.histogram().getTotalCount(), "one latency per acked event");
        assertTrue(report.p50Micros <= report.p99Micros && report.p99Micros <= report.maxMicros);
        long matchEvents = 0;
        for (int c = 0; c < 4; c++)
        {
            // LoadGenerator's streams: connection c has players / connections players, seed 42 + c, 1000 events.
            final SyntheticEvents events = new SyntheticEvents(10_000 / 4, 42 + c, 4, c);
            final byte[] line = new byte[512];
            for (int i = 0; i < 1_000; i++)
            {
                matchEvents += new String(line, 0, events.next(line), StandardCharsets.US_ASCII)
                    .startsWith("{\"type\":\"match_event\"") ? 1 : 0;
            }
        }
        assertTrue(report.duplicates <= matchEvents, report.duplicates + " duplicates of " + matchEvents + " match events");
        // The service's own counts agree: exactly the 4000 events sent were scored, none rejected.
        final String metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\nscoreline_events_total{status=\"ok\"} " + (4_000 - report.duplicates) + ".0\n"), metrics);
        assertTrue(metrics.contains("\nscoreline_events_total{status=\"duplicate\"} " + report.duplicates + ".0\n"), metrics);
        assertTrue(metrics.contains("\nscoreline_events_total{status=\"rejected\"} 0.0\n"), metrics);

        final String[] lines = text.toString(StandardCharsets.UTF_8).split("\n");
        final String last = lines[lines.length - 1];
        assertTrue(last.matches(SUMMARY), last);
        assertEquals(report.summaryLine(), last);
        assertTrue(last.startsWith("sent=4000 acked=4000 rejected=0 "), last);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("Value     Percentile TotalCount 1/(1-Percentile)"));

        assertTrue(Files.readString(out.resolve("latency.hgrm")).contains("#[Max     ="));
        final Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(out.resolve("latency.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertEquals(1, svg.getElementsByTagName("polyline").getLength());
    }

    @Test
    void shouldHaveEveryEventAnsweredWhenTheLoopsSpinAndSendTheirOwnEvents() throws Exception
    {
        final LoadGenerator.Report report = LoadGenerator.run(new LoadConfig()
            .url("ws://127.0.0.1:" + server.port() + "/ws")
            .rate(2_000).durationSeconds(1).warmupSeconds(1).connections(4).batch(1).players(10_000).spin(true),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // 2000 events/s for 1 s measured after 1 s of warm-up: 2000 measured events, all sent by the loop itself.
        assertEquals(2_000, report.scheduled);
        assertEquals(2_000, report.sent);
        assertEquals(2_000, report.acked);
        assertEquals(0, report.rejected);
    }

    @Test
    void shouldFailWithAOneLineReasonWhenNothingListens()
    {
        final int port = server.port();
        server.close();

        final IllegalStateException failure = assertThrows(IllegalStateException.class, () -> LoadGenerator.run(
            new LoadConfig().url("ws://127.0.0.1:" + port + "/ws").rate(10).durationSeconds(1).connections(1),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(failure.getMessage().startsWith("cannot connect to ws://127.0.0.1:" + port + "/ws"), failure.getMessage());
    }

    @Test
    void shouldRejectABadConfigNamingTheSetting()
    {
        final IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
            () -> new LoadConfig().batch(0).validate());
        assertEquals("batch must be 1..10000, got 0", failure.getMessage());
    }
}
