package io.scoreline.pipeline;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GAME.md section 7 through the undo log, on generated streams: rolling back to the target and
 * scoring from there gives every result, standing and team total that scoring again from ordinal
 * 0 gives (the path {@link CorrectionEquivalenceTest} holds to the spec's rewrite). The streams
 * mix every event type with voids of recent and old targets, voids of voids, of unknown seqs and
 * of targets voided already, and late match events that are duplicates until a void makes them
 * accepted, so that a void met while scoring again becomes voidable and sends the scoring back
 * to its own target. A small undo log makes some voids fall back to ordinal 0 and wraps.
 */
class UndoEquivalenceTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"1, FUSED", "2, STAGED", "3, INLINE", "4, FUSED", "5, FUSED"})
    void shouldGiveWhatScoringFromZeroGives(final long seed, final Topology topology) throws Exception
    {
        final Stream stream = stream(seed);
        assertTrue(stream.voids >= 30 && stream.nested >= 3, "voids " + stream.voids + ", nested cases " + stream.nested);
        final String fromZero = run("zero", stream.lines, topology, 0);
        final List<String> results = Files.readAllLines(dir.resolve("zero.results"));
        final long applied = results.stream().filter(r -> r.contains("\"voided\":")).count();
        final long refused = results.stream().filter(r -> r.contains("\"bad_void\"")).count();
        assertTrue(applied >= 15 && refused >= 5, "voids applied " + applied + ", refused " + refused);
        assertEquals(fromZero, run("whole", stream.lines, topology, 1_000_000), "undo log holding the whole stream");
        BoardChanges.bucketBits = 2;
        try
        {
            assertEquals(fromZero, run("buckets", stream.lines, topology, 1_000_000),
                "board changes ranked with 4 buckets of totals (most players in a bucket with a moved player's total)");
        }
        finally
        {
            BoardChanges.bucketBits = 16;
        }
        BoardChanges.searchOnly = true;
        try
        {
            assertEquals(fromZero, run("searched", stream.lines, topology, 1_000_000),
                "board changes ranked by a search among the moved players for every player");
        }
        finally
        {
            BoardChanges.searchOnly = false;
        }
        assertEquals(fromZero, run("small", stream.lines, topology, 700), "undo log of 700 events (falls back, wraps)");
        assertEquals(fromZero, run("file", stream.lines, topology, 1_000_000, dir.resolve("undo.ring")),
            "undo log in a file (its pages dropped 1 MiB behind the writer, read back by the roll-backs)");
        VoidStreams.replay(dir, "target", stream.lines, topology, 10_000, 1_000_000, false);
        assertEquals(fromZero, Files.readString(dir.resolve("target.results")) + Files.readString(dir.resolve("target.standings")) +
            Files.readString(dir.resolve("target.teams")), "the reference path: roll back, score everything from the target");
    }

    /**
     * One void of a goal thousands of events back, on a generated stream of 1,500 players: with
     * the undo log, the results after it, the standings (the board, changed in place, not rebuilt)
     * and the teams equal those of the rewrite in which the goal is rejected and the void is a
     * full_time (GAME.md section 7, stated directly).
     */
    @ParameterizedTest(name = "seed {0}, {1} lines back")
    @CsvSource({"11, 3000", "12, 8000", "13, 600", "14, 500", "15, 1500"})
    void shouldEqualTheRewriteOnAGeneratedStream(final long seed, final int back) throws Exception
    {
        final List<String> base = new ArrayList<>();
        for (final byte[] e : SnapshotReplayTest.generated(20_000, 1_500, seed))
        {
            base.add(new String(e, StandardCharsets.US_ASCII));
        }
        final List<String> lines = VoidStreams.spreadMatchSeqs(base);
        final int at = lines.size() - 2_000;
        int target = at - back;
        while (!lines.get(target).contains("\"kind\":\"goal\""))
        {
            target--;
        }
        final long seq = VoidStreams.seqBefore(lines, at);
        final long ts = VoidStreams.tsOf(lines.get(at - 1));
        final List<String> voided = new ArrayList<>(lines);
        voided.add(at, VoidStreams.voidLine(seq, ts, VoidStreams.seqOf(lines.get(target))));
        final List<String> rewritten = new ArrayList<>(lines);
        rewritten.set(target, VoidStreams.rejectedLine(lines.get(target)));
        rewritten.add(at, VoidStreams.fullTimeLine(seq, ts));

        VoidStreams.replay(dir, "voided", voided, Topology.FUSED, 10_000, 1_000_000);
        VoidStreams.replay(dir, "target", voided, Topology.FUSED, 10_000, 1_000_000, false);
        VoidStreams.replay(dir, "rewritten", rewritten, Topology.FUSED, 10_000, 0);
        final int m = VoidStreams.ordinalOf(voided, at);
        final List<String> got = Files.readAllLines(dir.resolve("voided.results"));
        final List<String> expected = Files.readAllLines(dir.resolve("rewritten.results"));
        assertTrue(got.get(m).contains("\"voided\":") && !got.get(m).contains("\"changed\":0"), "an applied void that changed totals: " + got.get(m));
        assertEquals(expected.subList(m + 1, expected.size()), got.subList(m + 1, got.size()), "results after the void");
        assertEquals(Files.readString(dir.resolve("rewritten.standings")), Files.readString(dir.resolve("voided.standings")), "standings");
        assertEquals(Files.readString(dir.resolve("rewritten.teams")), Files.readString(dir.resolve("voided.teams")), "teams");
        assertEquals(Files.readString(dir.resolve("target.results")), Files.readString(dir.resolve("voided.results")),
            "every result, as the reference path (from the target) gives them");
        assertEquals(Files.readString(dir.resolve("target.standings")), Files.readString(dir.resolve("voided.standings")), "standings");
    }

    /** Results, standings and teams of one replay, as one string. */
    private String run(final String name, final List<String> lines, final Topology topology, final long undo) throws Exception
    {
        return run(name, lines, topology, undo, null);
    }

    private String run(final String name, final List<String> lines, final Topology topology, final long undo, final Path undoFile)
        throws Exception
    {
        VoidStreams.replay(dir, name, lines, topology, 10_000, undo, undoFile);
        return Files.readString(dir.resolve(name + ".results")) + Files.readString(dir.resolve(name + ".standings")) +
            Files.readString(dir.resolve(name + ".teams"));
    }

    static final class Stream
    {
        final List<String> lines = new ArrayList<>();
        int voids;
        int nested;
    }

    /**
     * 20,000 generated events (match seqs spread by 10) with inserted lines: about one void in 300
     * lines, and after some match events a late goal whose seq lies below it (a duplicate until
     * that match event is voided), later voided itself.
     */
    static Stream stream(final long seed)
    {
        final List<String> base = new ArrayList<>();
        for (final byte[] e : SnapshotReplayTest.generated(20_000, 1_500, seed))
        {
            base.add(new String(e, StandardCharsets.US_ASCII));
        }
        final Random random = new Random(seed * 31);
        final Stream out = new Stream();
        final List<Long> matchSeqs = new ArrayList<>();
        final List<Long> voidSeqs = new ArrayList<>();
        final List<Long> voided = new ArrayList<>();
        long lastSeq = 0;
        long ts = 1;
        for (final String line : VoidStreams.spreadMatchSeqs(base))
        {
            if (!VoidStreams.isBlank(line) && line.startsWith("{") && line.contains("\"ts\":"))
            {
                ts = VoidStreams.tsOf(line);
            }
            out.lines.add(line);
            if (!line.contains("\"match_event\""))
            {
                if (random.nextInt(300) == 0 && !matchSeqs.isEmpty())
                {
                    final long target = target(random, matchSeqs, voidSeqs, voided);
                    out.lines.add(VoidStreams.voidLine(++lastSeq, ts, target));
                    voidSeqs.add(lastSeq);
                    voided.add(target);
                    out.voids++;
                }
                continue;
            }
            final long seq = VoidStreams.seqOf(line);
            if (seq > lastSeq)
            {
                lastSeq = seq;
                matchSeqs.add(seq);
            }
            if (random.nextInt(40) == 0 && seq % 10 == 0 && seq > 10)
            {
                // A late goal: a duplicate while this match event stands; a void of it, some lines later, refused until then.
                final long late = seq - 5;
                out.lines.add("{\"type\":\"match_event\",\"seq\":" + late + ",\"ts\":" + ts + ",\"player\":0,\"kind\":\"goal\"}");
                out.lines.add(VoidStreams.voidLine(++lastSeq, ts, late));
                out.lines.add(VoidStreams.voidLine(++lastSeq, ts, seq));
                voidSeqs.add(lastSeq - 1);
                voidSeqs.add(lastSeq);
                out.voids += 2;
                out.nested++;
            }
        }
        return out;
    }

    /** Mostly a recent match event; sometimes an old one, a void, one voided already, or an unknown seq. */
    private static long target(final Random random, final List<Long> matchSeqs, final List<Long> voidSeqs, final List<Long> voided)
    {
        final int n = matchSeqs.size();
        switch (random.nextInt(10))
        {
            case 0: return matchSeqs.get(random.nextInt(n));
            case 1: return voidSeqs.isEmpty() ? 3 : voidSeqs.get(random.nextInt(voidSeqs.size()));
            case 2: return voided.isEmpty() ? 3 : voided.get(random.nextInt(voided.size()));
            case 3: return 3; // no match event has it
            default: return matchSeqs.get(Math.max(0, n - 1 - random.nextInt(Math.min(n, 60))));
        }
    }
}
