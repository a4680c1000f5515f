package io.scoreline.ingest;

import io.scoreline.pipeline.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenResultsTest
{
    @TempDir
    Path journal;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Topology.class, names = {"FUSED", "STAGED", "INLINE"})
    void webSocketClientGetsTheScenarioResultsByteForByte(final Topology topology) throws Exception
    {
        final byte[] events = Golden.bytes("scenario", "events.ndjson");
        final byte[] expected = Golden.bytes("scenario", "results.ndjson");
        try (ScorerServer server = Servers.started(Servers.config(journal).topology(topology));
            RawWebSocket ws = RawWebSocket.connect(server.port()))
        {
            // Three text frames cut at line ends: a frame carries whole NDJSON lines.
            final int first = lineEndAfter(events, events.length / 3);
            final int second = lineEndAfter(events, 2 * events.length / 3);
            ws.sendText(Arrays.copyOfRange(events, 0, first));
            ws.sendText(Arrays.copyOfRange(events, first, second));
            ws.sendText(Arrays.copyOfRange(events, second, events.length));

            final byte[] results = ws.readLines(Golden.resultLines("scenario").size());

            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(results, StandardCharsets.UTF_8));
            assertTrue(Arrays.equals(expected, results));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Topology.class, names = {"FUSED", "STAGED", "INLINE"})
    void postEventsAnswersTheValidationFileByteForByte(final Topology topology) throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).topology(topology)))
        {
            final HttpResponse<String> response = Servers.post(server, "/events", Golden.bytes("validation", "events.ndjson"));

            assertEquals(200, response.statusCode());
            assertEquals("application/x-ndjson", response.headers().firstValue("content-type").orElse(""));
            assertEquals(Golden.text("validation", "results.ndjson"), response.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Topology.class, names = {"FUSED", "STAGED", "INLINE"})
    void postEventsAnswersTheScenarioAndTheReadsShowTheGoldenStandings(final Topology topology) throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).topology(topology)))
        {
            final HttpResponse<String> response = Servers.post(server, "/events", Golden.bytes("scenario", "events.ndjson"));
            assertEquals(Golden.text("scenario", "results.ndjson"), response.body());

            final HttpResponse<String> players = Servers.get(server, "/leaderboard?limit=1000");
            assertEquals(200, players.statusCode());
            assertEquals(Golden.text("scenario", "standings.csv"), Golden.toCsv(players.body(), "player"));
            final HttpResponse<String> teams = Servers.get(server, "/leaderboard/teams?limit=1000");
            assertEquals(Golden.text("scenario", "teams.csv"), Golden.toCsv(teams.body(), "team"));

            final List<String> standings = List.of(Golden.text("scenario", "standings.csv").split("\n"));
            final HttpResponse<String> page = Servers.get(server, "/leaderboard?limit=2&offset=1");
            assertEquals("rank,player,score\n" + standings.get(2) + "\n" + standings.get(3) + "\n",
                Golden.toCsv(page.body(), "player"));
            assertTrue(page.body().startsWith("{\"size\":" + (standings.size() - 1) + ",\"players\":["), page.body());
        }
    }

    @Test
    void playerReadShowsTotalRankAndTheIdsAround() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            Servers.post(server, "/events", Golden.bytes("scenario", "events.ndjson"));
            final String[] standings = Golden.text("scenario", "standings.csv").split("\n");
            final String[] second = standings[2].split(","); // rank 2: around=1 shows ranks 1..3

            final HttpResponse<String> player = Servers.get(server, "/players/" + second[1] + "?around=1");

            assertEquals(200, player.statusCode());
            assertEquals("{\"player\":" + second[1] + ",\"total\":" + second[2] + ",\"rank\":2,\"around\":[" +
                entry(standings[1]) + "," + entry(standings[2]) + "," + entry(standings[3]) + "]}", player.body());
            assertEquals(404, Servers.get(server, "/players/999999").statusCode());
        }
    }

    @Test
    void metricsCountEventsByStatusAndError() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            Servers.post(server, "/events", Golden.bytes("validation", "events.ndjson"));
            final List<String> results = Golden.resultLines("validation");
            final long ok = results.stream().filter(r -> r.contains("\"status\":\"ok\"")).count();
            final long rejected = results.stream().filter(r -> r.contains("\"status\":\"rejected\"")).count();
            final long malformed = results.stream().filter(r -> r.contains("\"error\":\"malformed\"")).count();

            final HttpResponse<String> metrics = Servers.get(server, "/metrics");

            assertEquals(200, metrics.statusCode());
            final String body = metrics.body();
            assertTrue(body.contains("scoreline_events_total{status=\"ok\"} " + ok + ".0\n"), body);
            assertTrue(body.contains("scoreline_events_total{status=\"rejected\"} " + rejected + ".0\n"), body);
            assertTrue(body.contains("scoreline_events_rejected_total{error=\"malformed\"} " + malformed + ".0\n"), body);
            assertTrue(body.contains("scoreline_result_latency_seconds_count " + results.size() + "\n"), body);
            assertTrue(body.contains("scoreline_connections 1.0\n"), body);
            // journal/README.md: a 256-byte file header, then per event 28 bytes of framing and the line
            // (the pipeline keeps at most 4097 bytes of it), padded to 8.
            long journalBytes = 256;
            for (final byte[] line : Golden.eventLines(Golden.bytes("validation", "events.ndjson")))
            {
                journalBytes += (28 + Math.min(line.length, 4097) + 7) / 8 * 8;
            }
            assertTrue(body.contains("scoreline_journal_bytes " + journalBytes + ".0\n"), body);
            assertTrue(body.contains("scoreline_ring_size 1024.0\n"), body);
        }
    }

    private static String entry(final String csvLine)
    {
        final String[] f = csvLine.split(",");
        return "{\"rank\":" + f[0] + ",\"player\":" + f[1] + ",\"score\":" + f[2] + "}";
    }

    private static int lineEndAfter(final byte[] bytes, final int from)
    {
        int i = from;
        while (bytes[i] != '\n')
        {
            i++;
        }
        return i + 1;
    }
}
