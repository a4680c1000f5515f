package io.scoreline.replication;

import io.scoreline.ingest.ScorerServer;
import io.scoreline.pipeline.Replay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GAME.md section 7 on a replicated log (a real single-node broker): a follower applies the voids
 * the primary accepted and ends with the boards of the rewrite (targets rejected, voids
 * full_times) that an offline replay of the rewrite gives; replay --kafka equals replay --input.
 */
class CorrectionReplicationTest
{
    @TempDir
    static Path brokerDir;
    @TempDir
    Path work;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaBroker.start(brokerDir);
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
    void followerAndReplayOfTheLogEndAsTheRewriteWithoutVoids() throws Exception
    {
        final List<String> scenario = Files.readAllLines(Paths.get(System.getProperty("scoreline.golden"), "scenario", "events.ndjson"));
        final int goal = 36;
        assertTrue(scenario.get(goal).contains("\"seq\":1,") && scenario.get(goal).contains("goal"), scenario.get(goal));
        final String join = "{\"type\":\"join\",\"seq\":1,\"ts\":1749898200000,\"player\":11,\"team\":11}";
        final List<String> voided = new ArrayList<>(scenario);
        voided.add("{\"type\":\"match_event\",\"seq\":5,\"ts\":1749898150000,\"player\":0,\"kind\":\"void\",\"voids\":1}");
        voided.add(join);
        final List<String> rewritten = new ArrayList<>(scenario);
        rewritten.set(goal, scenario.get(goal).replace("\"kind\":\"goal\"", "\"kind\":\"voided\""));
        rewritten.add("{\"type\":\"match_event\",\"seq\":5,\"ts\":1749898150000,\"player\":0,\"kind\":\"full_time\"}");
        rewritten.add(join);

        final String expectedStandings;
        final String expectedTeams;
        replay(new Replay().input(write("rewritten", rewritten)), "rewritten");
        expectedStandings = Files.readString(work.resolve("rewritten.standings"));
        expectedTeams = Files.readString(work.resolve("rewritten.teams"));

        try (ScorerServer primary = Nodes.primary(broker.bootstrap(), "voids");
             ScorerServer follower = Nodes.follower(broker.bootstrap(), "voids"))
        {
            Nodes.awaitRole(follower.port(), "follower");
            final HttpResponse<String> answer = Nodes.post(primary.port(), "/events",
                (String.join("\n", voided) + "\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, answer.statusCode(), answer.body());
            final String[] results = answer.body().split("\n");
            assertTrue(results[results.length - 2].startsWith(
                "{\"seq\":5,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[],\"voided\":1,\"changed\":"), answer.body());

            Nodes.awaitMetric(follower.port(), "scoreline_log_applied_ordinal", voided.size() - 1);
            assertEquals(expectedStandings, Nodes.standings(follower.port()));
            assertEquals(expectedTeams, Nodes.teams(follower.port()));
            assertEquals(expectedStandings, Nodes.standings(primary.port()));
        }

        replay(new Replay().source(new KafkaReplaySource(new KafkaSettings(broker.bootstrap(), "voids"))), "kafka");
        replay(new Replay().input(write("voided", voided)), "input");
        for (final String file : new String[] {"results", "standings", "teams"})
        {
            assertEquals(Files.readString(work.resolve("input." + file)), Files.readString(work.resolve("kafka." + file)), file);
        }
        assertEquals(expectedStandings, Files.readString(work.resolve("kafka.standings")));
    }

    private Path write(final String name, final List<String> lines) throws Exception
    {
        final Path file = work.resolve(name + ".ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private void replay(final Replay replay, final String name) throws Exception
    {
        replay.results(work.resolve(name + ".results").toString())
            .standings(work.resolve(name + ".standings").toString())
            .teams(work.resolve(name + ".teams").toString())
            .maxPlayers(100_000)
            .run();
    }
}
