package io.scoreline.ingest;

import io.scoreline.pipeline.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GAME.md section 7 in the running service, on loopback: voids POSTed to /events leave the
 * boards, and the results after them, as the same stream with each target rejected and each void
 * a full_time (computed by an offline replay of that rewrite, which has no void). Again after a
 * restart on the journal alone, from a snapshot taken before the voids, and from one after them.
 */
class CorrectionServiceTest
{
    /** Scenario lines (0-based) of the first goal (seq 1, whose duplicate at line 39 becomes accepted) and the penalty save. */
    private static final int GOAL = 36;
    private static final int SAVE = 41;
    private static final int LATER_GOAL = 50;
    private static final String TAIL_JOIN = "{\"type\":\"join\",\"seq\":1,\"ts\":1749898200000,\"player\":11,\"team\":11}";
    private static final String TAIL_QUIZ =
        "{\"type\":\"quiz_answer\",\"seq\":6,\"ts\":1749898200001,\"player\":10,\"team\":10,\"quiz\":2,\"correct\":true,\"answerMs\":100}";

    @TempDir
    Path dir;

    @Test
    void shouldScoreVoidsLiveAndAfterARestartOnTheJournal() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            final List<String> results = post(server, voided());
            final List<String> golden = Golden.resultLines("scenario");
            assertEquals(golden, results.subList(0, golden.size()), "results before the voids");
            assertAfterVoids(results.subList(golden.size(), results.size()), rewritten(false));
            assertBoards(server, rewritten(false));

            // Two voids, at ordinals 64 and 65 of the scenario's 64 events: 64 + 65 events scored again.
            assertEquals(64, golden.size());
            post(server, List.of("{\"type\":\"match_event\",\"seq\":7,\"ts\":1,\"player\":0,\"kind\":\"void\",\"voids\":70}"));
            final String metrics = Servers.get(server, "/metrics").body();
            assertTrue(metrics.contains("scoreline_voids_applied_total 2.0\n"), metrics);
            assertTrue(metrics.contains("scoreline_events_rescored_total 129.0\n"), metrics);
            assertTrue(metrics.contains("scoreline_events_rejected_total{error=\"bad_void\"} 1.0\n"), metrics);
        }
        try (ScorerServer restarted = Servers.started(Servers.config(journal)))
        {
            assertBoards(restarted, rewritten(false));
        }
    }

    @Test
    void shouldRestartExactlyFromASnapshotTakenBeforeTheVoids() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final List<String> all = voided();
        final int cut = Golden.resultLines("scenario").size();
        try (ScorerServer server = Servers.started(withUndoLog(journal)))
        {
            post(server, all.subList(0, cut));
            assertEquals(200, Servers.post(server, "/admin/snapshot", new byte[0]).statusCode());
            post(server, all.subList(cut, all.size()));
        }
        try (ScorerServer restarted = Servers.started(withUndoLog(journal)))
        {
            assertBoards(restarted, rewritten(false));
        }
    }

    @Test
    void shouldRestartExactlyFromASnapshotTakenAfterTheVoidsAndVoidAgain() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (ScorerServer server = Servers.started(withUndoLog(journal)))
        {
            post(server, voided());
            assertEquals(200, Servers.post(server, "/admin/snapshot", new byte[0]).statusCode());
        }
        try (ScorerServer restarted = Servers.started(withUndoLog(journal)))
        {
            assertBoards(restarted, rewritten(false));
            final List<String> third = post(restarted, List.of(
                "{\"type\":\"match_event\",\"seq\":8,\"ts\":1749898300000,\"player\":0,\"kind\":\"void\",\"voids\":3}", TAIL_JOIN));
            assertTrue(third.get(0).startsWith("{\"seq\":8,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[],\"voided\":3,\"changed\":"),
                third.get(0));
            assertEquals("{\"seq\":1,\"player\":11,\"status\":\"duplicate\"}", third.get(1));
            assertBoards(restarted, rewritten(true));
        }
    }

    /** GAME.md section 7 with an undo log: live voids roll back; after a restart the log is empty, so older targets score from 0. */
    private static io.scoreline.ingest.ServerConfig withUndoLog(final Path journal)
    {
        final io.scoreline.ingest.ServerConfig config = Servers.config(journal);
        config.pipeline().undoEvents(10_000);
        return config;
    }

    /** The scenario, then: void of the goal seq 1, void of the save seq 2, a join and a quiz answer. */
    private static List<String> voided()
    {
        final List<String> lines = scenario();
        lines.add("{\"type\":\"match_event\",\"seq\":5,\"ts\":1749898150000,\"player\":0,\"kind\":\"void\",\"voids\":1}");
        lines.add("{\"type\":\"match_event\",\"seq\":6,\"ts\":1749898150001,\"player\":0,\"kind\":\"void\",\"voids\":2}");
        lines.add(TAIL_JOIN);
        lines.add(TAIL_QUIZ);
        return lines;
    }

    /** {@link #voided} with the targets rejected (kind unknown, same ordinal) and the voids as full_times; with a third void of seq 3. */
    private static List<String> rewritten(final boolean third)
    {
        final List<String> lines = scenario();
        lines.set(GOAL, lines.get(GOAL).replace("\"kind\":\"goal\"", "\"kind\":\"voided\""));
        lines.set(SAVE, lines.get(SAVE).replace("\"kind\":\"penalty_saved\"", "\"kind\":\"voided\""));
        lines.add("{\"type\":\"match_event\",\"seq\":5,\"ts\":1749898150000,\"player\":0,\"kind\":\"full_time\"}");
        lines.add("{\"type\":\"match_event\",\"seq\":6,\"ts\":1749898150001,\"player\":0,\"kind\":\"full_time\"}");
        lines.add(TAIL_JOIN);
        lines.add(TAIL_QUIZ);
        if (third)
        {
            lines.set(LATER_GOAL, lines.get(LATER_GOAL).replace("\"kind\":\"goal\"", "\"kind\":\"voided\""));
            lines.add("{\"type\":\"match_event\",\"seq\":8,\"ts\":1749898300000,\"player\":0,\"kind\":\"full_time\"}");
            lines.add(TAIL_JOIN);
        }
        return lines;
    }

    private static List<String> scenario()
    {
        final List<String> lines = new ArrayList<>();
        for (final byte[] line : Golden.eventLines(Golden.bytes("scenario", "events.ndjson")))
        {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        assertTrue(lines.get(GOAL).contains("\"seq\":1,") && lines.get(GOAL).contains("goal"), lines.get(GOAL));
        assertTrue(lines.get(SAVE).contains("penalty_saved"), lines.get(SAVE));
        assertTrue(lines.get(LATER_GOAL).contains("\"seq\":3,") && lines.get(LATER_GOAL).contains("goal"), lines.get(LATER_GOAL));
        return lines;
    }

    /** The voids' results are the rewrite's full_time results plus voided and changed; every other result is the rewrite's. */
    private void assertAfterVoids(final List<String> live, final List<String> rewritten) throws Exception
    {
        final List<String> expected = replay(rewritten, "tail").results;
        final List<String> tail = expected.subList(expected.size() - live.size(), expected.size());
        for (int i = 0; i < live.size(); i++)
        {
            if (tail.get(i).contains("\"status\":\"ok\",\"delta\":0,\"rules\":[]}") && tail.get(i).contains("\"player\":0,"))
            {
                final String prefix = tail.get(i).substring(0, tail.get(i).length() - 1) + ",\"voided\":";
                assertTrue(live.get(i).startsWith(prefix), live.get(i) + " after " + prefix);
            }
            else
            {
                assertEquals(tail.get(i), live.get(i));
            }
        }
    }

    private void assertBoards(final ScorerServer server, final List<String> rewritten) throws Exception
    {
        final Offline expected = replay(rewritten, "boards");
        assertEquals(expected.standings, Golden.toCsv(Servers.get(server, "/leaderboard?limit=100000").body(), "player"));
        assertEquals(expected.teams, Golden.toCsv(Servers.get(server, "/leaderboard/teams?limit=100000").body(), "team"));
    }

    private static List<String> post(final ScorerServer server, final List<String> lines)
    {
        final String body = Servers.post(server, "/events", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)).body();
        final List<String> results = new ArrayList<>(Arrays.asList(body.split("\n")));
        assertEquals(lines.size(), results.size(), body);
        return results;
    }

    /** An offline replay's outputs. */
    private static final class Offline
    {
        List<String> results;
        String standings;
        String teams;
    }

    private Offline replay(final List<String> lines, final String name) throws Exception
    {
        final Path input = dir.resolve(name + ".ndjson");
        Files.writeString(input, String.join("\n", lines) + "\n");
        new Replay().input(input).maxPlayers(100_000)
            .results(dir.resolve(name + ".results").toString())
            .standings(dir.resolve(name + ".standings").toString())
            .teams(dir.resolve(name + ".teams").toString())
            .run();
        final Offline out = new Offline();
        out.results = Files.readAllLines(dir.resolve(name + ".results"));
        out.standings = Files.readString(dir.resolve(name + ".standings"));
        out.teams = Files.readString(dir.resolve(name + ".teams"));
        return out;
    }
}
