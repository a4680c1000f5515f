package io.scoreline.pipeline;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GAME.md section 7 on the golden inputs: a stream with voids inserted ends exactly as its rewrite
 * in which the voided events are rejected and the voids are full_times. Results before the void
 * are the untouched stream's; results after it, standings and teams are the rewrite's.
 */
class CorrectionEquivalenceTest
{
    @TempDir
    Path dir;
    /** The undo log of the stream with voids (the streams without voids never roll back). */
    private long undoEvents;

    /**
     * {@code undo}: the undo log's entries. 0 scores again from ordinal 0; 100,000 holds the whole
     * stream, so the void rolls back to its target; 100 holds less than the 200 and 500 events back
     * of some targets, which then score from 0 too (and the 1 and 5 of others, which roll back).
     */
    @ParameterizedTest(name = "{0} #{1}, void {2} events later, {3}, undo {4}")
    @CsvSource({
        "goal, 0, 40, FUSED, 0", "goal, 0, 40, STAGED, 0", "goal, 0, 40, INLINE, 0",
        "goal, 3, 1, FUSED, 0", "goal, 7, 500, FUSED, 0",
        "penalty_saved, 0, 30, FUSED, 0", "penalty_saved, 2, 200, STAGED, 0",
        "half_time, 0, 60, FUSED, 0", "half_time, 1, 5, INLINE, 0",
        "goal, 0, 40, FUSED, 100000", "goal, 0, 40, STAGED, 100000", "goal, 0, 40, INLINE, 100000",
        "goal, 3, 1, FUSED, 100000", "goal, 7, 500, FUSED, 100000",
        "penalty_saved, 0, 30, FUSED, 100000", "penalty_saved, 2, 200, STAGED, 100000",
        "half_time, 0, 60, FUSED, 100000", "half_time, 1, 5, INLINE, 100000",
        "goal, 3, 1, FUSED, 100", "goal, 7, 500, FUSED, 100", "penalty_saved, 2, 200, STAGED, 100", "half_time, 1, 5, INLINE, 100",
    })
    void shouldEndAsIfTheVoidedEventWereRejectedAndTheVoidAFullTime(
        final String kind, final int nth, final int later, final Topology topology, final long undo) throws Exception
    {
        undoEvents = undo;
        final List<String> base = sample();
        final int target = VoidStreams.acceptedMatchEvent(base, goldenResults(), kind, nth);
        assertTrue(target >= 0, "the sample has an accepted " + kind + " #" + nth);
        final int at = target + later; // the void is inserted before this line: its ordinal M
        final long seq = VoidStreams.seqBefore(base, at);
        final long ts = VoidStreams.tsOf(base.get(target));

        final List<String> voided = new ArrayList<>(base);
        voided.add(at, VoidStreams.voidLine(seq, ts, VoidStreams.seqOf(base.get(target))));
        final List<String> rewritten = new ArrayList<>(base);
        rewritten.set(target, VoidStreams.rejectedLine(base.get(target)));
        rewritten.add(at, VoidStreams.fullTimeLine(seq, ts));

        checkEquivalent(base, voided, rewritten, new int[] {at}, new long[] {VoidStreams.seqOf(base.get(target))},
            List.of(base.subList(0, at), rewritten.subList(0, at + 1)), topology);
    }

    @ParameterizedTest(name = "undo {0}")
    @ValueSource(longs = {0, 100_000, 20})
    void shouldComposeTwoVoidsInARow(final long undo) throws Exception
    {
        undoEvents = undo;
        final List<String> base = sample();
        final List<String> results = goldenResults();
        final int goal = VoidStreams.acceptedMatchEvent(base, results, "goal", 1);
        final int save = VoidStreams.acceptedMatchEvent(base, results, "penalty_saved", 1);
        final int at = Math.max(goal, save) + 25;
        final long seq = VoidStreams.seqBefore(base, at);
        final long ts = VoidStreams.tsOf(base.get(at - 1));

        final List<String> voided = new ArrayList<>(base);
        voided.add(at, VoidStreams.voidLine(seq, ts, VoidStreams.seqOf(base.get(goal))));
        voided.add(at + 1, VoidStreams.voidLine(seq + 1, ts, VoidStreams.seqOf(base.get(save))));
        final List<String> rewritten = new ArrayList<>(base);
        rewritten.set(goal, VoidStreams.rejectedLine(base.get(goal)));
        rewritten.set(save, VoidStreams.rejectedLine(base.get(save)));
        rewritten.add(at, VoidStreams.fullTimeLine(seq, ts));
        rewritten.add(at + 1, VoidStreams.fullTimeLine(seq + 1, ts));

        final List<String> firstApplied = new ArrayList<>(base.subList(0, at));
        firstApplied.set(goal, VoidStreams.rejectedLine(base.get(goal)));
        firstApplied.add(VoidStreams.fullTimeLine(seq, ts));
        checkEquivalent(base, voided, rewritten, new int[] {at, at + 1},
            new long[] {VoidStreams.seqOf(base.get(goal)), VoidStreams.seqOf(base.get(save))},
            List.of(base.subList(0, at), firstApplied, rewritten.subList(0, at + 2)), Topology.FUSED);
    }

    /**
     * @param voids line indexes of the voids in {@code voided} (ascending, all after every target);
     * @param seqs  the seq each voids;
     * @param stages  the streams whose end states are the ones before the first void, then after each (voids rewritten).
     */
    private void checkEquivalent(
        final List<String> base, final List<String> voided, final List<String> rewritten, final int[] voids, final long[] seqs,
        final List<List<String>> stages, final Topology topology) throws Exception
    {
        final Run original = run("original", base, topology);
        final Run withVoids = run("voided", voided, topology, undoEvents);
        final Run expected = run("rewritten", rewritten, topology);

        final int first = VoidStreams.ordinalOf(voided, voids[0]);
        assertEquals(original.results.subList(0, first), withVoids.results.subList(0, first), "results before the void");
        for (int i = 0; i < voids.length; i++)
        {
            final int m = VoidStreams.ordinalOf(voided, voids[i]);
            // C from the standings before and after the void, each from a stream without voids.
            final Run before = run("before" + i, stages.get(i), topology);
            final Run after = run("after" + i, stages.get(i + 1), topology);
            final long changed = VoidStreams.changed(VoidStreams.scores(before.standings), VoidStreams.scores(after.standings));
            final String fullTime = expected.results.get(m);
            assertEquals(fullTime.substring(0, fullTime.length() - 1) + ",\"voided\":" + seqs[i] + ",\"changed\":" + changed + "}",
                withVoids.results.get(m), "the void's result");
        }
        final int last = VoidStreams.ordinalOf(voided, voids[voids.length - 1]);
        assertEquals(expected.results.subList(last + 1, expected.results.size()),
            withVoids.results.subList(last + 1, withVoids.results.size()), "results after the void");
        assertEquals(Files.readString(expected.standings), Files.readString(withVoids.standings), "standings");
        assertEquals(Files.readString(expected.teams), Files.readString(withVoids.teams), "teams");
        assertNotEquals(Files.readString(original.standings), Files.readString(withVoids.standings),
            "the void changed the standings (else this case tests little)");
        if (undoEvents > 0)
        {
            // The reference path (roll back, score everything from the target) gives every byte the default one gives.
            VoidStreams.replay(dir, "fromTarget", voided, topology, 100_000, undoEvents, false);
            assertEquals(withVoids.results, Files.readAllLines(dir.resolve("fromTarget.results")), "results, from the target");
            assertEquals(Files.readString(withVoids.standings), Files.readString(dir.resolve("fromTarget.standings")), "standings");
            assertEquals(Files.readString(withVoids.teams), Files.readString(dir.resolve("fromTarget.teams")), "teams");
        }
    }

    static List<String> sample() throws Exception
    {
        return VoidStreams.spreadMatchSeqs(VoidStreams.readLines(ReplayGoldenTest.golden("sample-101").resolve("events.ndjson")));
    }

    static List<String> goldenResults() throws Exception
    {
        return Files.readAllLines(ReplayGoldenTest.golden("sample-101").resolve("results.ndjson"));
    }

    /** One replay's outputs. */
    static final class Run
    {
        final List<String> results;
        final Path standings;
        final Path teams;

        Run(final List<String> results, final Path standings, final Path teams)
        {
            this.results = results;
            this.standings = standings;
            this.teams = teams;
        }
    }

    private Run run(final String name, final List<String> lines, final Topology topology) throws Exception
    {
        return run(name, lines, topology, 0);
    }

    private Run run(final String name, final List<String> lines, final Topology topology, final long undo) throws Exception
    {
        VoidStreams.replay(dir, name, lines, topology, 100_000, undo);
        return new Run(Files.readAllLines(dir.resolve(name + ".results")), dir.resolve(name + ".standings"), dir.resolve(name + ".teams"));
    }
}
