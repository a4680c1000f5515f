package io.scoreline.replication;

import io.scoreline.ingest.ScorerServer;
import io.scoreline.ingest.ServerConfig;
import io.scoreline.pipeline.Replay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Primary, followers, promotion and fencing on a real single-node broker (one per class,
 * started with bin/kafka-local). Expected values are GAME.md's golden sample-101 (its results,
 * standings and teams), not this code's own output.
 */
class ReplicationTest
{
    private static final int CHUNK = 250;
    private static final java.util.regex.Pattern GOLDEN_LINE = java.util.regex.Pattern.compile("\\{\"seq\":(\\d+),\"player\":(\\d+),");
    private static final java.util.regex.Pattern GOLDEN_OK = java.util.regex.Pattern.compile("\\{\"seq\":(\\d+),\"player\":(\\d+),\"status\":\"ok\"");

    @TempDir
    static Path brokerDir;
    @TempDir
    Path work;

    private static KafkaBroker broker;
    private static List<byte[]> events;
    private static List<String> results;

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaBroker.start(brokerDir);
        events = Nodes.goldenEvents();
        results = Nodes.goldenResults();
        assertEquals(results.size(), events.size());
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    @Test
    void followerScoresWhatThePrimaryAnsweredAndBothEndWithTheGoldenStandings() throws Exception
    {
        try (ScorerServer primary = Nodes.primary(broker.bootstrap(), "golden");
             ScorerServer follower = Nodes.follower(broker.bootstrap(), "golden"))
        {
            Nodes.awaitRole(follower.port(), "follower");
            assertEquals(results, sendAll(primary.port(), 0, events.size()));

            Nodes.awaitMetric(follower.port(), "scoreline_log_applied_ordinal", events.size() - 1);
            assertEquals(Nodes.goldenText("standings.csv"), Nodes.standings(follower.port()));
            assertEquals(Nodes.goldenText("teams.csv"), Nodes.teams(follower.port()));
            assertEquals(Nodes.goldenText("standings.csv"), Nodes.standings(primary.port()));

            final HttpResponse<String> refused = Nodes.post(follower.port(), "/events", Nodes.body(events, 0, 1));
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("follower"), refused.body());
            final String frame = Nodes.webSocketAnswer(follower.port(), new String(Nodes.body(events, 0, 1), StandardCharsets.UTF_8));
            assertTrue(frame.startsWith("{\"error\":\"this node is a follower"), frame);
        }

        // replay --kafka over the log equals replay --journal over a journal of the same events.
        final Path journal = work.resolve("journal");
        try (ScorerServer journalNode = ScorerServer.start(new ServerConfig().port(0).journalDir(journal)
            .maxPlayers(100_000).ringSize(1024)))
        {
            journalNode.awaitRecovered(Duration.ofSeconds(10));
            assertEquals(results, sendAll(journalNode.port(), 0, events.size()));
        }
        final long fromKafka = replay(new Replay().source(new KafkaReplaySource(new KafkaSettings(broker.bootstrap(), "golden"))), "kafka");
        final long fromJournal = replay(new Replay().journal(journal), "journal");
        assertEquals(events.size(), fromKafka);
        assertEquals(events.size(), fromJournal);
        for (final String file : new String[] {"results", "standings", "teams"})
        {
            assertEquals(Files.readString(work.resolve("journal." + file)), Files.readString(work.resolve("kafka." + file)), file);
        }
        assertEquals(Nodes.goldenText("standings.csv"), Files.readString(work.resolve("kafka.standings")));
    }

    @Test
    void fencedPrimaryCannotAppendAndThePromotedFollowerContinuesTheOrdinals() throws Exception
    {
        final int first = 100;
        final int second = 150;
        try (ScorerServer zombie = Nodes.primary(broker.bootstrap(), "zombie");
             ScorerServer follower = Nodes.follower(broker.bootstrap(), "zombie"))
        {
            assertEquals(results.subList(0, first), sendAll(zombie.port(), 0, first));
            Nodes.awaitMetric(follower.port(), "scoreline_log_applied_ordinal", first - 1);

            final HttpResponse<String> promoted = Nodes.post(follower.port(), "/admin/promote", new byte[0]);
            assertEquals(200, promoted.statusCode(), promoted.body());
            assertTrue(promoted.body().contains("\"nextOrdinal\":" + first), promoted.body());

            // The zombie scores the request, its commit is fenced, the client is told to go elsewhere.
            final HttpResponse<String> fenced = Nodes.post(zombie.port(), "/events", Nodes.body(events, first, second));
            assertEquals(503, fenced.statusCode(), fenced.body());
            assertTrue(fenced.body().contains("fenced"), fenced.body());
            final HttpResponse<String> again = Nodes.post(zombie.port(), "/events", Nodes.body(events, first, second));
            assertEquals(503, again.statusCode());
            assertTrue(again.body().contains("fenced"), again.body());
            assertEquals(503, Nodes.get(zombie.port(), "/health").statusCode());

            assertEquals(results.subList(first, second), sendAll(follower.port(), first, second));
            assertEquals(second - 1, Nodes.metric(follower.port(), "scoreline_log_committed_ordinal"));
        }
        assertEquals(second, replay(new Replay().source(new KafkaReplaySource(new KafkaSettings(broker.bootstrap(), "zombie"))), "zombie"),
            "the log holds the zombie's first events and the new primary's, none of what the zombie scored after it was fenced");
    }

    @Test
    void primaryAndFollowerSurviveABrokerRestartWhileIdle() throws Exception
    {
        final int first = 1_000;
        final int second = 2_000;
        try (ScorerServer primary = Nodes.primary(broker.bootstrap(), "restart");
             ScorerServer follower = Nodes.follower(broker.bootstrap(), "restart"))
        {
            assertEquals(results.subList(0, first), sendAll(primary.port(), 0, first));
            Nodes.awaitMetric(follower.port(), "scoreline_log_applied_ordinal", first - 1);

            broker.stop();
            broker.restart();

            assertEquals(results.subList(first, second), sendAll(primary.port(), first, second));
            Nodes.awaitMetric(follower.port(), "scoreline_log_applied_ordinal", second - 1);
            assertEquals(Nodes.standings(primary.port()), Nodes.standings(follower.port()));
            assertEquals(Nodes.teams(primary.port()), Nodes.teams(follower.port()));
        }
    }

    @Test
    void killedPrimaryLosesNoAnsweredEventAndThePromotedFollowerEndsWithTheGoldenStandings() throws Exception
    {
        final int port = freePort();
        final Process primary = startPrimary(port, "crash");
        try (ScorerServer follower = Nodes.follower(broker.bootstrap(), "crash"))
        {
            Nodes.awaitRole(port, "primary");
            final int chunks = (events.size() + CHUNK - 1) / CHUNK;
            final List<List<String>> answered = new ArrayList<>();
            final AtomicInteger failedAt = new AtomicInteger(-1);
            final Thread client = new Thread(() ->
            {
                for (int c = 0; c < chunks; c++)
                {
                    try
                    {
                        final HttpResponse<String> r = Nodes.post(port, "/events", chunkBody(c));
                        if (r.statusCode() != 200)
                        {
                            failedAt.set(c);
                            return;
                        }
                        synchronized (answered)
                        {
                            answered.add(lines(r.body()));
                        }
                    }
                    catch (final UncheckedIOException e)
                    {
                        failedAt.set(c); // killed mid-request: this chunk has no answer
                        return;
                    }
                }
            });
            client.start();
            while (true)
            {
                synchronized (answered)
                {
                    if (answered.size() >= chunks / 3)
                    {
                        break;
                    }
                }
                Thread.sleep(1);
            }
            primary.destroyForcibly(); // SIGKILL
            primary.waitFor();
            client.join(60_000);
            final int resendFrom = failedAt.get();
            assertTrue(resendFrom > 0 && resendFrom < chunks, "killed mid-stream, at chunk " + resendFrom + " of " + chunks);
            synchronized (answered)
            {
                assertEquals(resendFrom, answered.size());
                for (int c = 0; c < resendFrom; c++)
                {
                    assertEquals(results.subList(c * CHUNK, Math.min(events.size(), (c + 1) * CHUNK)), answered.get(c),
                        "answered before the kill: chunk " + c);
                }
            }

            final HttpResponse<String> promoted = Nodes.post(follower.port(), "/admin/promote", new byte[0]);
            assertEquals(200, promoted.statusCode(), promoted.body());
            for (int c = resendFrom; c < chunks; c++)
            {
                final HttpResponse<String> r = Nodes.post(follower.port(), "/events", chunkBody(c));
                assertEquals(200, r.statusCode(), r.body());
                final List<String> golden = results.subList(c * CHUNK, Math.min(events.size(), (c + 1) * CHUNK));
                if (c == resendFrom)
                {
                    assertFirstResentChunk(golden, lines(r.body()));
                }
                else
                {
                    assertEquals(golden, lines(r.body()));
                }
            }
            assertEquals(Nodes.goldenText("standings.csv"), Nodes.standings(follower.port()));
            assertEquals(Nodes.goldenText("teams.csv"), Nodes.teams(follower.port()));
        }
        finally
        {
            primary.destroyForcibly();
        }
        final Path standings = work.resolve("crash.standings");
        replay(new Replay().source(new KafkaReplaySource(new KafkaSettings(broker.bootstrap(), "crash"))), "crash");
        assertEquals(Nodes.goldenText("standings.csv"), Files.readString(standings), "the log itself, replayed");
    }

    /**
     * A Kafka follower with auth on refuses every route of the router's table (RouteAuth, from
     * the ingest module's tests), admin ones included, but GET /health and GET /metrics; with the
     * token every route answers, and POST /admin/promote (last) promotes it.
     */
    @Test
    void aFollowerWithAuthOnRefusesEveryRouteButHealthAndMetricsWithoutTheToken() throws Exception
    {
        final String token = "f0llower-Token";
        try (ScorerServer follower = ScorerServer.start(
            Nodes.config(KafkaLog.follower(new KafkaSettings(broker.bootstrap(), "auth"))).authToken(token)))
        {
            follower.awaitRecovered(Duration.ofSeconds(30));
            Nodes.awaitRole(follower.port(), "follower");
            final int refused = io.scoreline.ingest.RouteAuth.assertEveryRequestButTheOpenOnesIsRefused(follower.port(), token);
            assertTrue(refused > 500, "requests refused: " + refused);
            assertEquals(refused, Nodes.metric(follower.port(), "scoreline_requests_unauthorized_total"));
            io.scoreline.ingest.RouteAuth.assertEveryRouteAnswersWithTheToken(follower.port(), token);
            Nodes.awaitRole(follower.port(), "primary");
        }
    }

    /**
     * The first chunk resent to the promoted follower may hold events the dead primary committed
     * to the log without answering: those, and only a leading run of them, come back
     * {@code duplicate} (GAME.md section 5) where the golden result is {@code ok}; every other
     * line is the golden one. Before, this chunk was not checked at all. Where the kill falls
     * decides which branch runs: in the runs seen here, before any of the chunk was committed
     * (the test prints how many lines were), so every line had to equal the golden one.
     */
    private static void assertFirstResentChunk(final List<String> golden, final List<String> got)
    {
        assertEquals(golden.size(), got.size(), "one result per resent event: " + got);
        int committed = 0; // 1 + the last line that differs from the golden one
        for (int i = 0; i < got.size(); i++)
        {
            committed = got.get(i).equals(golden.get(i)) ? committed : i + 1;
        }
        System.out.println("first resent chunk: " + committed + " of " + got.size() + " lines up to the last one committed before the kill");
        for (int i = 0; i < got.size(); i++)
        {
            final java.util.regex.Matcher ok = GOLDEN_OK.matcher(golden.get(i));
            if (i < committed && (ok.lookingAt() || acceptedLaterInPrefix(golden, i, committed)))
            {
                final java.util.regex.Matcher line = GOLDEN_LINE.matcher(golden.get(i));
                assertTrue(line.lookingAt(), golden.get(i));
                assertEquals("{\"seq\":" + line.group(1) + ",\"player\":" + line.group(2) + ",\"status\":\"duplicate\"}", got.get(i),
                    "line " + i + " of the first resent chunk: committed before the kill (a later line is), so a duplicate");
            }
            else
            {
                assertEquals(golden.get(i), got.get(i), "line " + i + " of the first resent chunk");
            }
        }
    }

    /**
     * Line i was refused after the duplicate check (overflow, bad_void: GAME.md 1.2 orders the
     * checks), and a line of the same player (0: the match feed) with a seq at least its own was
     * accepted later in the prefix committed before the kill: resent, its seq is under that
     * high-water mark, so it is a duplicate now (a CI run's kill fell just so: an overflow line).
     */
    private static boolean acceptedLaterInPrefix(final List<String> golden, final int i, final int committed)
    {
        final java.util.regex.Matcher refused = GOLDEN_LINE.matcher(golden.get(i));
        if (!refused.lookingAt() || !golden.get(i).contains("\"status\":\"rejected\"") ||
            !(golden.get(i).contains("\"error\":\"overflow\"") || golden.get(i).contains("\"error\":\"bad_void\"")))
        {
            return false;
        }
        final long seq = Long.parseLong(refused.group(1));
        for (int j = i + 1; j < committed; j++)
        {
            final java.util.regex.Matcher ok = GOLDEN_OK.matcher(golden.get(j));
            if (ok.lookingAt() && ok.group(2).equals(refused.group(2)) && Long.parseLong(ok.group(1)) >= seq)
            {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] chunkBody(final int chunk)
    {
        return Nodes.body(events, chunk * CHUNK, Math.min(events.size(), (chunk + 1) * CHUNK));
    }

    /** POSTs events [from, to) in chunks and returns every result line, asserting each request is answered 200. */
    private static List<String> sendAll(final int port, final int from, final int to)
    {
        final List<String> out = new ArrayList<>();
        for (int start = from; start < to; start += CHUNK)
        {
            final HttpResponse<String> r = Nodes.post(port, "/events", Nodes.body(events, start, Math.min(to, start + CHUNK)));
            assertEquals(200, r.statusCode(), r.body());
            out.addAll(lines(r.body()));
        }
        return out;
    }

    private static List<String> lines(final String body)
    {
        return body.isEmpty() ? List.of() : Arrays.asList(body.split("\n"));
    }

    private long replay(final Replay replay, final String name) throws Exception
    {
        return replay.results(work.resolve(name + ".results").toString())
            .standings(work.resolve(name + ".standings").toString())
            .teams(work.resolve(name + ".teams").toString())
            .maxPlayers(100_000)
            .run();
    }

    private Process startPrimary(final int port, final String topic) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        for (final String flag : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle"))
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KafkaServeMain.class.getName());
        command.addAll(List.of("--port", Integer.toString(port), "--kafka", broker.bootstrap(), "--topic", topic));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(work.resolve("primary.log").toFile()).start();
        return process;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
