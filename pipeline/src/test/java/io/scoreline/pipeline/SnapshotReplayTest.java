package io.scoreline.pipeline;

import io.scoreline.journal.JournalConfig;
import io.scoreline.journal.JournalWriter;
import io.scoreline.rules.Rulebook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replay from a snapshot plus the journal after it gives, byte for byte, what a full replay gives:
 * the results of the events after the snapshot, and the standings. On the golden inputs (whose
 * files say what a full replay gives) and on a generated stream, at several cut points; with a
 * snapshot taken offline and one taken while events stream through the ring.
 */
class SnapshotReplayTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} cut at {1}")
    @CsvSource({
        "validation, 0", "validation, 17", "validation, 48",
        "scenario, 1", "scenario, 40", "scenario, 64",
        "sample-101, 1", "sample-101, 6000", "sample-101, 13331", "sample-101, 19999",
    })
    void shouldReproduceTheGoldenTailAndStandingsFromASnapshot(final String name, final int cut) throws Exception
    {
        final Path golden = ReplayGoldenTest.golden(name);
        final List<byte[]> events = lines(Files.readAllBytes(golden.resolve("events.ndjson")));
        final Path full = journal("full", events, events.size());
        final Path snapshot = offlineSnapshot(journal("prefix", events, cut));

        final long replayed = replay(full, snapshot, "tail");

        assertEquals(events.size() - cut, replayed);
        final List<String> results = Files.readAllLines(golden.resolve("results.ndjson"));
        assertEquals(String.join("", results.subList(cut, results.size()).stream().map(l -> l + "\n").toArray(String[]::new)),
            Files.readString(dir.resolve("tail.results")));
        assertArrayEquals(Files.readAllBytes(golden.resolve("standings.csv")), Files.readAllBytes(dir.resolve("tail.standings")));
        assertArrayEquals(Files.readAllBytes(golden.resolve("teams.csv")), Files.readAllBytes(dir.resolve("tail.teams")));
    }

    @Test
    void shouldMatchAFullReplayOfAGeneratedStreamAtEveryCut() throws Exception
    {
        final List<byte[]> events = generated(40_000, 3_000, 7);
        final Path full = journal("full", events, events.size());
        replay(full, null, "all");
        final List<String> all = Files.readAllLines(dir.resolve("all.results"));
        assertEquals(events.size(), all.size());

        for (final int cut : new int[] {1, 999, 20_000, 39_999})
        {
            final Path snapshot = offlineSnapshot(journal("prefix" + cut, events, cut));
            replay(full, snapshot, "cut" + cut);
            assertEquals(all.subList(cut, all.size()), Files.readAllLines(dir.resolve("cut" + cut + ".results")), "cut " + cut);
            assertArrayEquals(Files.readAllBytes(dir.resolve("all.standings")), Files.readAllBytes(dir.resolve("cut" + cut + ".standings")));
            assertArrayEquals(Files.readAllBytes(dir.resolve("all.teams")), Files.readAllBytes(dir.resolve("cut" + cut + ".teams")));
        }
    }

    @Test
    void shouldTakeAConsistentSnapshotWhileEventsKeepComing() throws Exception
    {
        final List<byte[]> events = generated(60_000, 5_000, 11);
        final Path journal = dir.resolve("live");
        final ConcurrentLinkedQueue<BoardQuery> handed = new ConcurrentLinkedQueue<>();
        final List<Snapshots.Taken> taken = new ArrayList<>();
        final PipelineConfig config = new PipelineConfig().journalDir(journal).maxPlayers(100_000).snapshotChunkBytes(2048);
        try (ScoringPipeline pipeline = new ScoringPipeline(config, (slot, end) -> { });
             Snapshots snapshots = pipeline.snapshots(journal.resolve("snapshots"), 10, journal, Snapshots.JournalRetain.ALL))
        {
            final List<CompletableFuture<Snapshots.Taken>> pending = new ArrayList<>();
            for (int i = 0; i < events.size(); i++)
            {
                if (i % 15_000 == 7_000)
                {
                    pending.add(snapshots.request(handed::add)); // the snapshot thread hands its query to this producer
                }
                BoardQuery query;
                while ((query = handed.poll()) != null)
                {
                    pipeline.publishQuery(query, null);
                }
                final byte[] e = events.get(i);
                pipeline.publishEvent(e, 0, e.length, e.length, 0, null);
            }
            for (final CompletableFuture<Snapshots.Taken> p : pending)
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
                taken.add(p.get(1, TimeUnit.MINUTES));
            }
            assertTrue(pipeline.awaitDrained(1, TimeUnit.MINUTES));
        }
        assertEquals(4, taken.size());

        replay(journal, null, "all");
        final List<String> all = Files.readAllLines(dir.resolve("all.results"));
        for (final Snapshots.Taken t : taken)
        {
            final String name = "at" + t.ordinal;
            replay(journal, t.file, name);
            final int from = (int)t.ordinal + 1;
            assertEquals(all.subList(from, all.size()), Files.readAllLines(dir.resolve(name + ".results")), "snapshot " + t.ordinal);
            assertArrayEquals(Files.readAllBytes(dir.resolve("all.standings")), Files.readAllBytes(dir.resolve(name + ".standings")));
            assertArrayEquals(Files.readAllBytes(dir.resolve("all.teams")), Files.readAllBytes(dir.resolve(name + ".teams")));
        }
    }

    @Test
    void shouldSkipCorruptTruncatedAndMismatchedSnapshotsForTheNextOlderOne() throws Exception
    {
        final Path golden = ReplayGoldenTest.golden("sample-101");
        final List<byte[]> events = lines(Files.readAllBytes(golden.resolve("events.ndjson")));
        final Path journal = journal("full", events, events.size());
        final Path snapshots = withSnapshotAt4999(journal, events, "p5000");
        final Path good = snapshots.resolve(SnapshotFile.fileName(4_999));
        final Path corrupt = snapshots.resolve(SnapshotFile.fileName(7_999));
        Files.copy(offlineSnapshot(journal("p8000", events, 8_000)), corrupt);
        flipByte(corrupt, Files.size(corrupt) / 2);
        final Path truncated = snapshots.resolve(SnapshotFile.fileName(8_999));
        Files.copy(offlineSnapshot(journal("p9000", events, 9_000)), truncated);
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw"))
        {
            f.setLength(f.length() - 100);
        }
        final Path otherRules = snapshots.resolve(SnapshotFile.fileName(9_999));
        new Replay().journal(journal("p10000", events, 10_000)).maxPlayers(100_000).rulebook(tweakedRulebook())
            .snapshotOut(otherRules).run();
        final Path otherCapacity = snapshots.resolve(SnapshotFile.fileName(10_999));
        new Replay().journal(journal("p11000", events, 11_000)).maxPlayers(50_000).snapshotOut(otherCapacity).run();
        Files.writeString(snapshots.resolve(SnapshotFile.fileName(40_000) + ".tmp"), "a crash mid-write");

        final List<String> standings = new ArrayList<>();
        try (ScoringPipeline pipeline = new ScoringPipeline(new PipelineConfig().journalDir(journal).maxPlayers(100_000),
            (slot, end) -> { }))
        {
            assertEquals(4_999, pipeline.restoreNewest(snapshots, journal));
            assertEquals(events.size() - 5_000, pipeline.recover(journal, 5_000));
            standings.add(standings(pipeline));
        }
        assertEquals(Files.readString(golden.resolve("standings.csv")), standings.get(0));
        assertTrue(Files.notExists(snapshots.resolve(SnapshotFile.fileName(40_000) + ".tmp")), "the half-written file is removed");

        Files.delete(good);
        try (ScoringPipeline pipeline = new ScoringPipeline(new PipelineConfig().journalDir(journal).maxPlayers(100_000),
            (slot, end) -> { }))
        {
            assertEquals(-1, pipeline.restoreNewest(snapshots, journal)); // none usable: the whole journal
        }
    }

    /** Issue 22: a board copy takes the snapshot's players during the load, the same moves forEachRestoredPlayer gave after it. */
    @Test
    void shouldHandARestoredBoardToACopyDuringTheLoadAsForEachRestoredPlayerWouldAfterIt() throws Exception
    {
        final List<byte[]> events = lines(Files.readAllBytes(ReplayGoldenTest.golden("sample-101").resolve("events.ndjson")));
        final Path journal = journal("copy", events, events.size());
        final Path snapshots = withSnapshotAt4999(journal, events, "c5000");

        final List<String> after = new ArrayList<>();
        try (ScoringPipeline pipeline = new ScoringPipeline(new PipelineConfig().journalDir(journal).maxPlayers(100_000),
            (slot, end) -> { }))
        {
            assertEquals(4_999, pipeline.restoreNewest(snapshots, journal));
            pipeline.forEachRestoredPlayer((h, id, total, reachedAt) -> after.add(h + " " + id + " " + total + " " + reachedAt));
        }
        final List<String> during = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> left = new ArrayList<>();
        try (ScoringPipeline pipeline = new ScoringPipeline(new PipelineConfig().journalDir(journal).maxPlayers(100_000),
            (slot, end) -> { }))
        {
            pipeline.copyRestoredPlayersTo((h, id, total, reachedAt) -> during.add(h + " " + id + " " + total + " " + reachedAt));
            assertEquals(4_999, pipeline.restoreNewest(snapshots, journal));
            pipeline.forEachRestoredPlayer((h, id, total, reachedAt) -> left.add(h + " " + id));
        }
        assertTrue(after.size() > 100, "the sample's players by ordinal 4,999: " + after.size());
        assertEquals(after, during);
        assertTrue(left.isEmpty(), "handed on once: " + left.size());
        assertTrue(during.get(0).endsWith(" 0"), "the leader first, placed at 0: " + during.get(0));
    }

    /** {@code journal}'s snapshots directory holding a snapshot after its first 5,000 events (taken offline in {@code name}). */
    private Path withSnapshotAt4999(final Path journal, final List<byte[]> events, final String name) throws Exception
    {
        final Path snapshots = journal.resolve("snapshots");
        Files.createDirectories(snapshots);
        Files.copy(offlineSnapshot(journal(name, events, 5_000)), snapshots.resolve(SnapshotFile.fileName(4_999)));
        return snapshots;
    }

    @Test
    void shouldNameWhatIsWrongWithAnUnusableSnapshot() throws Exception
    {
        final List<byte[]> events = generated(2_000, 100, 3);
        final Path snapshot = offlineSnapshot(journal("p", events, 2_000));
        final long rulebook = Rulebook.defaults().fingerprint();
        final SnapshotFile.Header header = SnapshotFile.verify(snapshot, rulebook, 100_000, 103);
        assertEquals(1_999, header.ordinal);
        assertEquals(Files.size(snapshot), header.bytes);

        final SnapshotFile.BadSnapshotException capacity = assertThrows(SnapshotFile.BadSnapshotException.class,
            () -> SnapshotFile.verify(snapshot, rulebook, 50_000, 103));
        assertTrue(capacity.getMessage().contains("100000 players"), capacity.getMessage());
        final SnapshotFile.BadSnapshotException rules = assertThrows(SnapshotFile.BadSnapshotException.class,
            () -> SnapshotFile.verify(snapshot, tweakedRulebook().fingerprint(), 100_000, 103));
        assertTrue(rules.getMessage().contains("another rulebook"), rules.getMessage());
        flipByte(snapshot, 20);
        final SnapshotFile.BadSnapshotException crc = assertThrows(SnapshotFile.BadSnapshotException.class,
            () -> SnapshotFile.verify(snapshot, rulebook, 100_000, 103));
        assertEquals("checksum mismatch", crc.getMessage());
    }

    private long replay(final Path journal, final Path snapshot, final String prefix) throws Exception
    {
        return new Replay()
            .journal(journal)
            .snapshot(snapshot)
            .results(dir.resolve(prefix + ".results").toString())
            .standings(dir.resolve(prefix + ".standings").toString())
            .teams(dir.resolve(prefix + ".teams").toString())
            .maxPlayers(100_000)
            .run();
    }

    private Path offlineSnapshot(final Path journal) throws Exception
    {
        final Path out = dir.resolve(journal.getFileName() + ".snap");
        new Replay().journal(journal).maxPlayers(100_000).snapshotOut(out).run();
        return out;
    }

    /** A journal of the first {@code count} events, written as the service writes it (small files, so several). */
    private Path journal(final String name, final List<byte[]> events, final int count)
    {
        return writeJournal(dir.resolve(name), events, count);
    }

    /** The first {@code count} events into a journal at {@code journal}, in small files. */
    static Path writeJournal(final Path journal, final List<byte[]> events, final int count)
    {
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().rollBytes(256 * 1024)))
        {
            for (int i = 0; i < count; i++)
            {
                final byte[] e = events.get(i);
                writer.append(i, 1_000L * i, e, 0, Math.min(e.length, EventSlot.LINE_CAPACITY), e.length);
                writer.endOfBatch();
            }
        }
        return journal;
    }

    private static String standings(final ScoringPipeline pipeline) throws InterruptedException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        pipeline.publishQuery((boards, handle) ->
        {
            Standings.write(boards.players(), "player", out);
            done.countDown();
        }, null);
        assertTrue(done.await(1, TimeUnit.MINUTES));
        return out.toString(StandardCharsets.UTF_8);
    }

    static Rulebook tweakedRulebook() throws IOException
    {
        try (var in = Rulebook.class.getResourceAsStream(Rulebook.DEFAULT_RESOURCE))
        {
            final String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .replace("kind: first-join,        points: 100", "kind: first-join,        points: 101");
            return Rulebook.parse(yaml, "tweaked");
        }
    }

    private static void flipByte(final Path file, final long at) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.seek(at);
            final int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
    }

    /** Events as the service splits them: non-blank lines, without their '\n'. */
    static List<byte[]> lines(final byte[] input)
    {
        final List<byte[]> lines = new ArrayList<>();
        final LineSplitter splitter = new LineSplitter();
        final LineSplitter.LineConsumer add = (buffer, offset, stored, trueLength) ->
            lines.add(Arrays.copyOfRange(buffer, offset, offset + stored));
        splitter.feed(input, 0, input.length, add);
        splitter.finish(add);
        return lines;
    }

    /**
     * A seeded stream over every event type: players with rising seqs (and some duplicates and
     * rejects), treasures shared so first finders matter, match events opening windows.
     */
    static List<byte[]> generated(final int count, final int players, final long seed)
    {
        final Random random = new Random(seed);
        final long[] seq = new long[players + 1];
        long matchSeq = 0;
        long ts = 1_700_000_000_000L;
        final String[] channels = {"x", "facebook", "whatsapp", "instagram", "other"};
        final List<byte[]> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            ts += random.nextInt(2_000);
            final int p = 1 + random.nextInt(players);
            final int team = 1 + p % 40;
            final long s = random.nextInt(50) == 0 ? seq[p] : ++seq[p]; // 2% duplicates
            final String common = "\"seq\":" + s + ",\"ts\":" + ts + ",\"player\":" + p + ",\"team\":" + team;
            final String e;
            switch (random.nextInt(12))
            {
                case 0: e = "{\"type\":\"join\"," + common + "}"; break;
                case 1: e = "{\"type\":\"clue_solved\"," + common + ",\"clue\":" + (1 + random.nextInt(99)) + ",\"solveMs\":" +
                    random.nextInt(700_000) + ",\"hints\":" + random.nextInt(3) + "}"; break;
                case 2: e = "{\"type\":\"hint_used\"," + common + ",\"clue\":3}"; break;
                case 3: e = "{\"type\":\"treasure_found\"," + common + ",\"treasure\":" + (1 + random.nextInt(500)) + ",\"rarity\":" +
                    (1 + random.nextInt(5)) + ",\"zone\":" + (1 + random.nextInt(12)) + "}"; break;
                case 4: e = "{\"type\":\"checkpoint\"," + common + ",\"checkpoint\":" + (1 + random.nextInt(21)) + "}"; break;
                case 5: e = "{\"type\":\"quiz_answer\"," + common + ",\"quiz\":9,\"correct\":" + random.nextBoolean() +
                    ",\"answerMs\":" + random.nextInt(6_000) + "}"; break;
                case 6: e = "{\"type\":\"prediction_won\"," + common + ",\"stake\":" + (1 + random.nextInt(1_000)) + ",\"odds\":" +
                    (100 + random.nextInt(2_000)) + "}"; break;
                case 7: e = "{\"type\":\"share\"," + common + ",\"channel\":\"" + channels[random.nextInt(5)] + "\"}"; break;
                case 8: e = "{\"type\":\"powerup\"," + common + ",\"kind\":\"" + (random.nextBoolean() ? "double" : "shield") +
                    "\",\"durationMs\":" + (1_000 + random.nextInt(100_000)) + "}"; break;
                case 9: e = "{\"type\":\"cheat_flag\"," + common + ",\"severity\":" + (1 + random.nextInt(3)) + "}"; break;
                case 10:
                {
                    final String[] kinds = {"goal", "penalty_saved", "half_time", "full_time"};
                    e = "{\"type\":\"match_event\",\"seq\":" + (++matchSeq) + ",\"ts\":" + ts + ",\"player\":0,\"kind\":\"" +
                        kinds[random.nextInt(4)] + "\"}";
                    break;
                }
                default: e = random.nextBoolean() ? "{\"type\":\"share\"," + common + "}" : "not json"; break; // rejects
            }
            events.add(e.getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }
}
