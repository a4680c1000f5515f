package io.scoreline.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27: the undo log kept in a file of the journal directory, mapped, holds only a window
 * around its writer in the process's resident set (read from {@code /proc/self/smaps}, the
 * kernel's count for that mapping), and a void far behind that window rolls back through the
 * dropped pages exactly: the standings and teams then equal the rewrite's (the target rejected,
 * the void a full_time: GAME.md section 7, scored from ordinal 0 with no undo log).
 */
class UndoFileTest
{
    private static final int ENTRIES = 100_000;
    /** UndoLog's entry for the default rulebook: 88 header bytes (with the event, issue 23) and a 103-byte record, 8-aligned. */
    private static final long STRIDE = 192;
    /** The window: 2 MiB touched ahead, up to 2 MiB behind not yet dropped, and the odd page at either end. */
    private static final long WINDOW_BYTES = (4L << 20) + 2 * 4096;

    /** A mapping's first line in smaps: its address range. */
    private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    @TempDir
    Path dir;

    @Test
    void shouldKeepOnlyAWindowResidentAndRollBackThroughDroppedPages() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (final byte[] e : SnapshotReplayTest.generated(60_000, 3_000, 27))
        {
            lines.add(new String(e, StandardCharsets.US_ASCII));
        }
        final List<String> stream = VoidStreams.spreadMatchSeqs(lines);
        final int at = stream.size();
        int target = at - 50_000; // ~7 MB of entries behind the writer: far past the window, dropped
        while (!stream.get(target).contains("\"kind\":\"goal\""))
        {
            target--;
        }
        final String voidLine = VoidStreams.voidLine(VoidStreams.seqBefore(stream, at), VoidStreams.tsOf(stream.get(at - 1)),
            VoidStreams.seqOf(stream.get(target)));

        final Path journal = dir.resolve("journal");
        final PipelineConfig config = new PipelineConfig().journalDir(journal).maxPlayers(10_000).undoEvents(ENTRIES)
            .topology(Topology.FUSED);
        final String[] voidResult = {null};
        final String standings;
        try (ScoringPipeline pipeline = new ScoringPipeline(config, (slot, end) ->
        {
            if (slot.command == EventSlot.EVENT && slot.score.voidTarget >= 0)
            {
                voidResult[0] = new String(slot.result, 0, slot.resultLength, StandardCharsets.US_ASCII);
            }
        }))
        {
            for (final String line : stream)
            {
                final byte[] e = line.getBytes(StandardCharsets.US_ASCII);
                pipeline.publishEvent(e, 0, e.length, e.length, 0, null);
            }
            assertTrue(pipeline.awaitDrained(1, TimeUnit.MINUTES));

            final Path file = journal.resolve(PipelineConfig.UNDO_FILE);
            final long[] sizeAndRss = mapping(file);
            assertEquals((ENTRIES * STRIDE + 4095) / 4096 * 4, sizeAndRss[0], "kB mapped: the whole ring, in pages");
            assertTrue(sizeAndRss[1] * 1024 <= WINDOW_BYTES,
                "resident " + sizeAndRss[1] + " kB of the ring's mapping after " + stream.size() + " events (~"
                    + stream.size() * STRIDE / 1024 + " kB written)");
            assertTrue(pipeline.undoLogResidentBytes() <= WINDOW_BYTES, "resident as /metrics says: " + pipeline.undoLogResidentBytes());
            assertEquals(ENTRIES * STRIDE, pipeline.undoLogBytes());
            assertTrue(pipeline.state().engine.canRollBack(VoidStreams.ordinalOf(stream, target)), "the log reaches the target");

            final byte[] v = voidLine.getBytes(StandardCharsets.US_ASCII);
            pipeline.publishEvent(v, 0, v.length, v.length, 0, null);
            assertTrue(pipeline.awaitDrained(1, TimeUnit.MINUTES));
            standings = boards(pipeline);

            // The void walked ~50k entries (~9 MB) back into the mapping; the next run of events drops them again.
            final byte[] after = stream.get(at - 1).getBytes(StandardCharsets.US_ASCII); // a duplicate: an entry, no change
            pipeline.publishEvent(after, 0, after.length, after.length, 0, null);
            assertTrue(pipeline.awaitDrained(1, TimeUnit.MINUTES));
            final long residentAfter = mapping(file)[1];
            assertTrue(residentAfter * 1024 <= WINDOW_BYTES, "resident " + residentAfter + " kB of the ring's mapping after the void");
        }
        assertTrue(voidResult[0] != null && voidResult[0].contains("\"voided\":") && !voidResult[0].contains("\"changed\":0"),
            "an applied void that changed totals: " + voidResult[0]);

        final List<String> rewritten = new ArrayList<>(stream);
        rewritten.set(target, VoidStreams.rejectedLine(stream.get(target)));
        rewritten.add(VoidStreams.fullTimeLine(VoidStreams.seqBefore(stream, at), VoidStreams.tsOf(stream.get(at - 1))));
        VoidStreams.replay(dir, "rewritten", rewritten, Topology.FUSED, 10_000, 0);
        assertEquals(Files.readString(dir.resolve("rewritten.standings")) + Files.readString(dir.resolve("rewritten.teams")),
            standings, "standings and teams after the roll-back");
    }

    /** Size and Rss (kB) of every mapping of {@code file} in this process, summed. */
    private static long[] mapping(final Path file) throws IOException
    {
        final String name = file.toRealPath().toString();
        long size = 0;
        long rss = 0;
        boolean in = false;
        for (final String line : Files.readAllLines(Path.of("/proc/self/smaps")))
        {
            if (HEADER.matcher(line).lookingAt())
            {
                in = line.endsWith(name);
            }
            else if (in && line.startsWith("Size:"))
            {
                size += kiloBytes(line);
            }
            else if (in && line.startsWith("Rss:"))
            {
                rss += kiloBytes(line);
            }
        }
        return new long[] {size, rss};
    }

    private static long kiloBytes(final String line)
    {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** The player standings and the teams, as Replay writes them. */
    private static String boards(final ScoringPipeline pipeline) throws InterruptedException
    {
        final ByteArrayOutputStream players = new ByteArrayOutputStream();
        final ByteArrayOutputStream teams = new ByteArrayOutputStream();
        final CountDownLatch done = new CountDownLatch(1);
        pipeline.publishQuery((boards, handle) ->
        {
            Standings.write(boards.players(), "player", players);
            Standings.write(boards.teams(), "team", teams);
            done.countDown();
        }, null);
        assertTrue(done.await(1, TimeUnit.MINUTES));
        return players.toString(StandardCharsets.US_ASCII) + teams.toString(StandardCharsets.US_ASCII);
    }
}
