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
    private Topology topology = Topology.AUTO;

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

    public Replay topology(final Topology topology)
    {
        this.topology = topology;
        return this;
    }

    /** Runs the replay; @return the number of events replayed. */
    public long run() throws IOException, InterruptedException
    {
        if ((input == null ? 0 : 1) + (journal == null ? 0 : 1) + (source == null ? 0 : 1) != 1)
        {
            throw new IllegalArgumentException("give exactly one of --input FILE, --journal DIR or --kafka HOST:PORT");
        }
        final OutputStream resultOut = open(results);
        final long filter = player;
        final UncheckedIOException[] writeFailure = {null};
        final ResultSink sink = (slot, endOfBatch) ->
        {
            if (resultOut != null && writeFailure[0] == null && slot.command == EventSlot.EVENT &&
                (filter == 0 || (slot.event.playerKnown && slot.event.player == filter && !slot.failed)))
            {
                try
                {
                    write(resultOut, slot.result, slot.resultLength);
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
            .topology(topology);
        final long events;
        try (ScoringPipeline pipeline = new ScoringPipeline(config, sink))
        {
            events = source != null ? source.publish(pipeline) : input != null ? replayInput(pipeline) : pipeline.recover(journal);
            if (!pipeline.awaitDrained(10, TimeUnit.MINUTES))
            {
                throw new IllegalStateException("pipeline did not drain");
            }
            writeStandings(pipeline);
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
