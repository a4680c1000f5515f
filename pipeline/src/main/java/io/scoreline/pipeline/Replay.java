package io.scoreline.pipeline;

import io.scoreline.leaderboard.Ranking;
import io.scoreline.rules.Rulebook;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/scorer replay}: a deterministic offline run of the service's own pipeline over an
 * NDJSON file or a journal, writing results (NDJSON) and standings (CSV). Same stages, same
 * code: what it prints is what the service sent.
 */
public final class Replay
{
    private static final int CHUNK = 1 << 16;

    private Path input;
    private Path journal;
    private Source source;
    private String results;
    private String standings;
    private String teams;
    private long player;
    private Rulebook rulebook;
    private int maxPlayers = 2_000_000;
    private long undoEvents;
    private Path undoFile;
    private boolean touchedOnly = new PipelineConfig().touchedOnly();
    private boolean voidWarmup;
    private Topology topology = Topology.AUTO;
    private long voidReach = io.scoreline.rules.ScoringEngine.DEFAULT_VOID_REACH;
    private Path snapshot;
    private Path snapshotOut;
    private String note;

    /** NDJSON input file, "-" for standard input. */
    public Replay input(final Path input)
    {
        this.input = input;
        return this;
    }

    public Replay journal(final Path journal)
    {
        this.journal = journal;
        return this;
    }

    /**
     * Events from elsewhere (a replicated log): the source publishes them with
     * {@link ScoringPipeline#batchEvent} and {@link ScoringPipeline#flushBatch}, in ordinal order.
     */
    public interface Source
    {
        /** @return the number of events published. */
        long publish(ScoringPipeline pipeline) throws IOException, InterruptedException;
    }

    public Replay source(final Source source)
    {
        this.source = source;
        return this;
    }

    /** Output files, "-" for standard output, null for none. */
    public Replay results(final String results)
    {
        this.results = results;
        return this;
    }

    public Replay standings(final String standings)
    {
        this.standings = standings;
        return this;
    }

    public Replay teams(final String teams)
    {
        this.teams = teams;
        return this;
    }

    /** Keep only this player's result lines (0: all). */
    public Replay player(final long player)
    {
        this.player = player;
        return this;
    }

    public Replay rulebook(final Rulebook rulebook)
    {
        this.rulebook = rulebook;
        return this;
    }

    public Replay maxPlayers(final int maxPlayers)
    {
        this.maxPlayers = maxPlayers;
        return this;
    }

    /** GAME.md section 7's reach (tests give a short one). */
    public Replay voidReach(final long voidReach)
    {
        this.voidReach = voidReach;
        return this;
    }

    /** Committed events the undo log holds (GAME.md section 7: a void within them rolls back instead of scoring from 0). */
    public Replay undoEvents(final long undoEvents)
    {
        this.undoEvents = undoEvents;
        return this;
    }

    /** See {@link PipelineConfig#voidWarmup}. */
    public Replay voidWarmup(final boolean voidWarmup)
    {
        this.voidWarmup = voidWarmup;
        return this;
    }

    /** The undo log mapped from this file, as serve keeps it (default: direct memory). */
    public Replay undoFile(final Path undoFile)
    {
        this.undoFile = undoFile;
        return this;
    }

    /** GAME.md section 7: a void scores again only what it can change (default), or everything from its target. */
    public Replay touchedOnly(final boolean touchedOnly)
    {
        this.touchedOnly = touchedOnly;
        return this;
    }

    public Replay topology(final Topology topology)
    {
        this.topology = topology;
        return this;
    }

    /** Start from this snapshot (with {@link #journal}): only the journal's records after it are replayed. */
    public Replay snapshot(final Path snapshot)
    {
        this.snapshot = snapshot;
        return this;
    }

    /** After the replay, write a snapshot of the final state to this file ({@code bin/scorer snapshot}). */
    public Replay snapshotOut(final Path snapshotOut)
    {
        this.snapshotOut = snapshotOut;
        return this;
    }

    /** One line about where the replay started (a snapshot), or null: for the command to print on stderr. */
    public String note()
    {
        return note;
    }

    /** Where the service keeps the snapshots of a journal: {@code JOURNAL/snapshots}. */
    public static Path snapshotDirOf(final Path journal)
    {
        return journal.resolve("snapshots");
    }

    /** Runs the replay; @return the number of events replayed. */
    public long run() throws IOException, InterruptedException
    {
        if ((input == null ? 0 : 1) + (journal == null ? 0 : 1) + (source == null ? 0 : 1) != 1)
        {
            throw new IllegalArgumentException("give exactly one of --input FILE, --journal DIR or --kafka HOST:PORT");
        }
        if (snapshot != null && journal == null)
        {
            throw new IllegalArgumentException("--snapshot FILE needs --journal DIR");
        }
        final OutputStream resultOut = open(results);
        final long filter = player;
        final UncheckedIOException[] writeFailure = {null};
        final PlayerAudit audit = filter == 0 ? null : new PlayerAudit(filter);
        final ResultSink sink = (slot, endOfBatch) ->
        {
            if (resultOut == null || writeFailure[0] != null || slot.command != EventSlot.EVENT)
            {
                return;
            }
            final boolean own = filter == 0 || (slot.event.playerKnown && slot.event.player == filter && !slot.failed);
            final byte[] correction = audit != null && slot.rebuild != null && !slot.failed ? audit.onVoid(slot) : null;
            if (own || correction != null)
            {
                try
                {
                    if (own)
                    {
                        write(resultOut, slot.result, slot.resultLength);
                    }
                    if (audit != null && own)
                    {
                        audit.onResult(slot);
                    }
                    if (correction != null)
                    {
                        write(resultOut, correction, correction.length);
                    }
                }
                catch (final UncheckedIOException e)
                {
                    writeFailure[0] = e; // reported after the drain: a replay with lost output must not succeed
                }
            }
        };
        final PipelineConfig config = new PipelineConfig()
            .rulebook(rulebook)
            .maxPlayers(maxPlayers)
            .topology(topology)
            .voidReach(voidReach)
            .undoEvents(undoEvents)
            .voidWarmup(voidWarmup)
            .undoFile(undoFile)
            .touchedOnly(touchedOnly)
            // GAME.md 7: a void re-reads the events before it: from the journal replayed, else from a scratch journal.
            .history(journal)
            .scratchJournal(journal == null);
        final long events;
        try (ScoringPipeline pipeline = new ScoringPipeline(config, sink))
        {
            events = source != null ? source.publish(pipeline)
                : input != null ? replayInput(pipeline) : pipeline.recover(journal, startFrom(pipeline) + 1);
            if (!pipeline.awaitDrained(10, TimeUnit.MINUTES))
            {
                throw new IllegalStateException("pipeline did not drain");
            }
            writeStandings(pipeline);
            if (snapshotOut != null)
            {
                final Snapshots.Taken taken = pipeline.snapshots(snapshotOut.toAbsolutePath().getParent(), 1, null, Snapshots.JournalRetain.ALL)
                    .take(query -> pipeline.publishQuery(query, null), snapshotOut);
                note = "snapshot: " + snapshotOut + " after ordinal " + taken.ordinal + ", " + taken.bytes + " bytes";
            }
        }
        if (resultOut != null)
        {
            try
            {
                if (writeFailure[0] != null)
                {
                    throw writeFailure[0].getCause();
                }
                closeOrFlush(resultOut, results);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException("cannot write results to " + results + ": " + e.getMessage(), e);
            }
        }
        return events;
    }

    /**
     * Loads the snapshot to start from, if any: the one given, or for a journal whose first files
     * retention removed, the oldest usable snapshot in {@code JOURNAL/snapshots} that it covers.
     *
     * @return the snapshot's ordinal, -1 for none.
     */
    private long startFrom(final ScoringPipeline pipeline) throws IOException
    {
        if (snapshot != null)
        {
            try
            {
                final long ordinal = pipeline.restore(snapshot);
                checkCovered(ordinal, snapshot);
                note = "replay: started from snapshot " + snapshot + " after ordinal " + ordinal;
                return ordinal;
            }
            catch (final SnapshotFile.BadSnapshotException e)
            {
                throw new IllegalArgumentException("snapshot " + snapshot + ": " + e.getMessage());
            }
        }
        final long first = io.scoreline.journal.JournalReader.firstOrdinal(journal);
        if (first <= 0)
        {
            return -1;
        }
        final java.util.List<Path> all = SnapshotFile.list(snapshotDirOf(journal));
        java.util.Collections.reverse(all); // oldest first: the most results
        for (final Path file : all)
        {
            if (SnapshotFile.eventsIn(file.getFileName().toString()) < first)
            {
                continue;
            }
            try
            {
                final long ordinal = pipeline.restore(file);
                note = "replay: the journal starts at ordinal " + first + " (retained); started from snapshot " + file +
                    " after ordinal " + ordinal;
                return ordinal;
            }
            catch (final SnapshotFile.BadSnapshotException e)
            {
                System.err.println("replay: skipped snapshot " + file + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("journal " + journal + " starts at ordinal " + first +
            " and no snapshot in " + snapshotDirOf(journal) + " covers the events before it; give --snapshot FILE");
    }

    private void checkCovered(final long ordinal, final Path file)
    {
        final long first = io.scoreline.journal.JournalReader.firstOrdinal(journal);
        if (first > ordinal + 1)
        {
            throw new IllegalArgumentException("snapshot " + file + " is after ordinal " + ordinal + " but journal " + journal +
                " starts at " + first + ": events in between are missing");
        }
    }

    private long replayInput(final ScoringPipeline pipeline) throws IOException
    {
        final LineSplitter splitter = new LineSplitter();
        final long[] count = {0};
        final LineSplitter.LineConsumer publish = (buffer, offset, stored, trueLength) ->
        {
            pipeline.batchEvent(buffer, offset, stored, trueLength);
            count[0]++;
        };
        try (InputStream in = "-".equals(input.toString()) ? System.in : Files.newInputStream(input))
        {
            final byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.read(chunk)) > 0)
            {
                splitter.feed(chunk, 0, n, publish);
            }
            splitter.finish(publish);
        }
        pipeline.flushBatch();
        return count[0];
    }

    private void writeStandings(final ScoringPipeline pipeline) throws InterruptedException
    {
        if (standings == null && teams == null)
        {
            return;
        }
        final CountDownLatch done = new CountDownLatch(1);
        final RuntimeException[] failure = {null};
        final BoardQuery query = (boards, handle) ->
        {
            try
            {
                writeBoard(standings, "player", boards.players());
                writeBoard(teams, "team", boards.teams());
            }
            catch (final RuntimeException e)
            {
                failure[0] = e;
            }
            finally
            {
                done.countDown();
            }
        };
        pipeline.publishQuery(query, null);
        done.await();
        if (failure[0] != null)
        {
            throw failure[0];
        }
    }

    private static void writeBoard(final String target, final String column, final Ranking board)
    {
        if (target == null)
        {
            return;
        }
        final OutputStream out = open(target);
        Standings.write(board, column, out);
        try
        {
            closeOrFlush(out, target);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Standard output is flushed, never closed: several outputs may share it. */
    private static void closeOrFlush(final OutputStream out, final String target) throws IOException
    {
        if ("-".equals(target))
        {
            out.flush();
        }
        else
        {
            out.close();
        }
    }

    private static OutputStream open(final String target)
    {
        if (target == null)
        {
            return null;
        }
        try
        {
            final FileOutputStream file = "-".equals(target) ? new FileOutputStream(FileDescriptor.out) : new FileOutputStream(target);
            return new BufferedOutputStream(file, 1 << 16);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void write(final OutputStream out, final byte[] bytes, final int length)
    {
        try
        {
            out.write(bytes, 0, length);
            out.write('\n');
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
