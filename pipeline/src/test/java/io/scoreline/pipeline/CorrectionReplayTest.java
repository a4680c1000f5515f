package io.scoreline.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GAME.md section 7 offline: bad_void and the void's own fields, hand-worked, from an input file
 * and from a journal; and a replay from a snapshot taken before, between or after voids giving
 * what the whole replay gives.
 */
class CorrectionReplayTest
{
    /** With a reach of 3 ordinals (the default, 4,000,000, is GAME.md's; a test cannot stream that far). */
    private static final String[] EVENTS = {
        "{\"type\":\"join\",\"seq\":1,\"ts\":1000,\"player\":7,\"team\":1}",
        "{\"type\":\"match_event\",\"seq\":10,\"ts\":2000,\"player\":0,\"kind\":\"goal\"}",
        "{\"type\":\"clue_solved\",\"seq\":2,\"ts\":3000,\"player\":7,\"team\":1,\"clue\":1,\"solveMs\":60000,\"hints\":1}",
        "{\"type\":\"match_event\",\"seq\":11,\"ts\":3100,\"player\":0,\"kind\":\"void\",\"voids\":99}",
        "{\"type\":\"match_event\",\"seq\":11,\"ts\":3200,\"player\":0,\"kind\":\"void\",\"voids\":10}",
        "{\"type\":\"match_event\",\"seq\":12,\"ts\":3300,\"player\":0,\"kind\":\"void\",\"voids\":10}",
        "{\"type\":\"match_event\",\"seq\":13,\"ts\":3400,\"player\":0,\"kind\":\"void\",\"voids\":11}",
        "{\"type\":\"match_event\",\"seq\":11,\"ts\":3500,\"player\":0,\"kind\":\"void\",\"voids\":10}",
        "{\"type\":\"match_event\",\"seq\":20,\"ts\":5000,\"player\":0,\"kind\":\"goal\"}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":6000,\"player\":8,\"team\":2}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":7000,\"player\":9,\"team\":2}",
        "{\"type\":\"match_event\",\"seq\":21,\"ts\":7100,\"player\":0,\"kind\":\"void\",\"voids\":20}",
        "{\"type\":\"match_event\",\"seq\":30,\"ts\":8000,\"player\":0,\"kind\":\"goal\"}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":100000,\"player\":10,\"team\":3}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":100001,\"player\":11,\"team\":3}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":100002,\"player\":12,\"team\":3}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":100003,\"player\":0,\"kind\":\"void\",\"voids\":30}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":100004,\"player\":0,\"kind\":\"void\",\"voids\":0}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":100005,\"player\":0,\"kind\":\"void\"}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":100006,\"player\":0,\"kind\":\"void\",\"voids\":\"30\"}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":100007,\"player\":0,\"kind\":\"void\",\"voids\":9223372036854775808}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":100008,\"player\":0,\"kind\":\"void\",\"voids\":30.0}",
        "{\"type\":\"match_event\",\"seq\":31,\"ts\":9000,\"player\":0,\"kind\":\"goal\",\"voids\":\"ignored\"}",
    };

    private static final String[] RESULTS = {
        "{\"seq\":1,\"player\":7,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":1,\"rules\":[\"R01\",\"R47\"]}",
        "{\"seq\":10,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[\"R40\"]}",
        // R02 20 + R03 100 (R07 -10), P = 120 doubled by the goal's golden minute: 240 - 10.
        "{\"seq\":2,\"player\":7,\"status\":\"ok\",\"delta\":230,\"total\":330,\"rank\":1,\"rules\":[\"R02\",\"R03\",\"R07\",\"R40\",\"R47\"]}",
        "{\"seq\":11,\"player\":0,\"status\":\"rejected\",\"error\":\"bad_void\"}", // no match event 99
        // 4 - 1 = 3 ordinals back: within reach. Player 7: 330 -> 100 + 120 - 10 = 210. A bad_void raised no seq mark.
        "{\"seq\":11,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[],\"voided\":10,\"changed\":1}",
        "{\"seq\":12,\"player\":0,\"status\":\"rejected\",\"error\":\"bad_void\"}", // 10 is voided already
        "{\"seq\":13,\"player\":0,\"status\":\"rejected\",\"error\":\"bad_void\"}", // 11 is a void
        "{\"seq\":11,\"player\":0,\"status\":\"duplicate\"}", // a void is a match event: seq 11 was accepted
        "{\"seq\":20,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[\"R40\"]}",
        "{\"seq\":1,\"player\":8,\"status\":\"ok\",\"delta\":200,\"total\":200,\"rank\":2,\"rules\":[\"R01\",\"R40\",\"R47\"]}",
        "{\"seq\":1,\"player\":9,\"status\":\"ok\",\"delta\":200,\"total\":200,\"rank\":3,\"rules\":[\"R01\",\"R40\",\"R47\"]}",
        // 11 - 8 = 3: within reach. Players 8 and 9 lose their doubling: 200 -> 100.
        "{\"seq\":21,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[],\"voided\":20,\"changed\":2}",
        "{\"seq\":30,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[\"R40\"]}",
        "{\"seq\":1,\"player\":10,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":4,\"rules\":[\"R01\",\"R47\"]}",
        "{\"seq\":1,\"player\":11,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":5,\"rules\":[\"R01\",\"R47\"]}",
        "{\"seq\":1,\"player\":12,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":6,\"rules\":[\"R01\",\"R47\"]}",
        "{\"seq\":31,\"player\":0,\"status\":\"rejected\",\"error\":\"bad_void\"}", // 16 - 12 = 4: beyond the reach of 3
        "{\"seq\":31,\"player\":0,\"status\":\"rejected\",\"error\":\"out_of_range\"}",
        "{\"seq\":31,\"player\":0,\"status\":\"rejected\",\"error\":\"missing_field\"}",
        "{\"seq\":31,\"player\":0,\"status\":\"rejected\",\"error\":\"bad_type\"}",
        "{\"seq\":31,\"player\":0,\"status\":\"rejected\",\"error\":\"out_of_range\"}",
        "{\"seq\":31,\"player\":0,\"status\":\"rejected\",\"error\":\"bad_type\"}",
        "{\"seq\":31,\"player\":0,\"status\":\"ok\",\"delta\":0,\"rules\":[\"R40\"]}", // voids is no field of a goal
    };

    private static final String STANDINGS = "rank,player,score\n1,7,210\n2,8,100\n3,9,100\n4,10,100\n5,11,100\n6,12,100\n";
    private static final String TEAMS = "rank,team,score\n1,3,300\n2,1,210\n3,2,200\n";

    @TempDir
    Path dir;

    @Test
    void shouldRejectUnvoidableTargetsWithBadVoidAndGiveAnAcceptedVoidsFields() throws Exception
    {
        final Path input = dir.resolve("events.ndjson");
        Files.writeString(input, String.join("\n", EVENTS) + "\n");
        replay(new Replay().input(input), "input");
        assertOutputs("input");
    }

    @Test
    void shouldShowAPlayersTotalBeforeAndAfterEachVoidThatChangedIt() throws Exception
    {
        final List<byte[]> events = new ArrayList<>();
        for (final String e : EVENTS)
        {
            events.add(e.getBytes(StandardCharsets.UTF_8));
        }
        final Path journal = journal("audit", events, events.size());
        replay(new Replay().journal(journal).player(7), "journal-p7");
        assertEquals(List.of(RESULTS[0], RESULTS[2],
                "{\"correction\":11,\"voided\":10,\"player\":7,\"before\":330,\"after\":210,\"rank\":1}"),
            Files.readAllLines(dir.resolve("journal-p7.results")), "the second void left player 7 at 210: no line");
        replay(new Replay().journal(journal).player(9), "journal-p9");
        assertEquals(List.of(RESULTS[10], "{\"correction\":21,\"voided\":20,\"player\":9,\"before\":200,\"after\":100,\"rank\":3}"),
            Files.readAllLines(dir.resolve("journal-p9.results")));
    }

    @Test
    void shouldGiveTheSameFromAJournal() throws Exception
    {
        final List<byte[]> events = new ArrayList<>();
        for (final String e : EVENTS)
        {
            events.add(e.getBytes(StandardCharsets.UTF_8));
        }
        replay(new Replay().journal(journal("journal", events, events.size())), "journal");
        assertOutputs("journal");
    }

    @Test
    void shouldGiveFromASnapshotBeforeBetweenOrAfterVoidsWhatTheWholeReplayGives() throws Exception
    {
        final List<String> base = CorrectionEquivalenceTest.sample();
        final List<String> golden = CorrectionEquivalenceTest.goldenResults();
        final int goal = VoidStreams.acceptedMatchEvent(base, golden, "goal", 2);
        final int half = VoidStreams.acceptedMatchEvent(base, golden, "half_time", 1);
        final int first = goal + 300;
        final int second = half + 40;
        final List<String> lines = new ArrayList<>(base);
        lines.add(second, VoidStreams.voidLine(VoidStreams.seqBefore(base, second), 1, VoidStreams.seqOf(base.get(half))));
        lines.add(first, VoidStreams.voidLine(VoidStreams.seqBefore(base, first), 1, VoidStreams.seqOf(base.get(goal))));
        final List<byte[]> events = new ArrayList<>();
        for (final String line : lines)
        {
            if (!VoidStreams.isBlank(line))
            {
                events.add(line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        final Path full = journal("full", events, events.size());
        replay(new Replay().journal(full), "all");
        final List<String> all = Files.readAllLines(dir.resolve("all.results"));
        final int m1 = VoidStreams.ordinalOf(lines, first);
        final int m2 = VoidStreams.ordinalOf(lines, second + 1);
        assertEquals(true, all.get(m1).contains("\"voided\":"), all.get(m1));
        assertEquals(true, all.get(m2).contains("\"voided\":"), all.get(m2));

        for (final int cut : new int[] {VoidStreams.ordinalOf(lines, goal), m1 - 1, m1, m1 + 1, m2 - 5, m2 + 1, events.size() - 1})
        {
            final Path snapshot = dir.resolve("cut" + cut + ".snap");
            new Replay().journal(journal("prefix" + cut, events, cut + 1)).maxPlayers(100_000).snapshotOut(snapshot).run();
            replay(new Replay().journal(full).snapshot(snapshot), "cut" + cut);
            assertEquals(all.subList(cut + 1, all.size()), Files.readAllLines(dir.resolve("cut" + cut + ".results")), "cut " + cut);
            assertEquals(Files.readString(dir.resolve("all.standings")), Files.readString(dir.resolve("cut" + cut + ".standings")));
            assertEquals(Files.readString(dir.resolve("all.teams")), Files.readString(dir.resolve("cut" + cut + ".teams")));
        }
    }

    /**
     * Snapshots requested while events and voids stream through the ring (small copy chunks, so a
     * capture is often still copying when a void empties the engine): a replay from each equals
     * the whole replay.
     */
    @Test
    void shouldTakeConsistentSnapshotsWhileVoidsAreApplied() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (final byte[] e : SnapshotReplayTest.generated(30_000, 2_000, 5))
        {
            lines.add(new String(e, StandardCharsets.US_ASCII));
        }
        final List<String> stream = withVoids(VoidStreams.spreadMatchSeqs(lines), 1_500);
        final Path journal = dir.resolve("live");
        final java.util.concurrent.ConcurrentLinkedQueue<BoardQuery> handed = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final List<java.util.concurrent.CompletableFuture<Snapshots.Taken>> pending = new ArrayList<>();
        final PipelineConfig config = new PipelineConfig().journalDir(journal).maxPlayers(100_000).snapshotChunkBytes(2048);
        try (ScoringPipeline pipeline = new ScoringPipeline(config, (slot, end) -> { });
             Snapshots snapshots = pipeline.snapshots(journal.resolve("snapshots"), 100, journal, Snapshots.JournalRetain.ALL))
        {
            for (int i = 0; i < stream.size(); i++)
            {
                if (i % 1_500 == 1_499)
                {
                    pending.add(snapshots.request(handed::add)); // the void comes right after it asks
                }
                BoardQuery query;
                while ((query = handed.poll()) != null)
                {
                    pipeline.publishQuery(query, null);
                }
                final byte[] e = stream.get(i).getBytes(StandardCharsets.US_ASCII);
                pipeline.publishEvent(e, 0, e.length, e.length, 0, null);
            }
            for (final java.util.concurrent.CompletableFuture<Snapshots.Taken> p : pending)
            {
                while (!p.isDone())
                {
                    BoardQuery query;
                    while ((query = handed.poll()) != null)
                    {
                        pipeline.publishQuery(query, null);
                    }
                    Thread.onSpinWait();
                }
            }
            pipeline.awaitDrained(1, java.util.concurrent.TimeUnit.MINUTES);
        }
        replay(new Replay().journal(journal), "all");
        final List<String> all = Files.readAllLines(dir.resolve("all.results"));
        assertEquals(true, all.stream().filter(r -> r.contains("\"voided\":")).count() >= 15, "voids applied");
        for (final java.util.concurrent.CompletableFuture<Snapshots.Taken> p : pending)
        {
            final Snapshots.Taken t = p.get();
            replay(new Replay().journal(journal).snapshot(t.file), "at" + t.ordinal);
            assertEquals(all.subList((int)t.ordinal + 1, all.size()), Files.readAllLines(dir.resolve("at" + t.ordinal + ".results")),
                "snapshot " + t.ordinal);
            assertEquals(Files.readString(dir.resolve("all.standings")), Files.readString(dir.resolve("at" + t.ordinal + ".standings")));
        }
    }

    /** Every {@code every} events, a void of the newest match event not voided yet (a void's seq just above the feed's). */
    private static List<String> withVoids(final List<String> lines, final int every)
    {
        final List<String> out = new ArrayList<>();
        long lastSeq = 0;
        long target = -1;
        for (final String line : lines)
        {
            if (out.size() % every == every - 1 && target > 0)
            {
                out.add(VoidStreams.voidLine(++lastSeq, 1, target));
                target = -1;
            }
            out.add(line);
            if (line.contains("\"match_event\""))
            {
                lastSeq = VoidStreams.seqOf(line);
                target = lastSeq;
            }
        }
        return out;
    }

    private void assertOutputs(final String name) throws Exception
    {
        assertEquals(List.of(RESULTS), Files.readAllLines(dir.resolve(name + ".results")));
        assertEquals(STANDINGS, Files.readString(dir.resolve(name + ".standings")));
        assertEquals(TEAMS, Files.readString(dir.resolve(name + ".teams")));
    }

    private void replay(final Replay replay, final String name) throws Exception
    {
        replay.voidReach(name.startsWith("input") || name.startsWith("journal") ? 3 : ScoringEngineReach.DEFAULT)
            .results(dir.resolve(name + ".results").toString())
            .standings(dir.resolve(name + ".standings").toString())
            .teams(dir.resolve(name + ".teams").toString())
            .maxPlayers(100_000)
            .run();
    }

    private Path journal(final String name, final List<byte[]> events, final int count)
    {
        return SnapshotReplayTest.writeJournal(dir.resolve(name), events, count);
    }

    /** GAME.md's reach. */
    private static final class ScoringEngineReach
    {
        static final long DEFAULT = io.scoreline.rules.ScoringEngine.DEFAULT_VOID_REACH;
    }
}
