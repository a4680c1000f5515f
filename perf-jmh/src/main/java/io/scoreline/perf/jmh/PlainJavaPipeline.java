package io.scoreline.perf.jmh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.Rulebook;
import io.scoreline.rules.Score;
import io.scoreline.rules.ScoringEngine;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Baseline for {@link io.scoreline.pipeline.ScoringPipeline}: the same three stages as a Java team
 * would build them without the Disruptor, a thread each, {@link ArrayBlockingQueue}s between them,
 * an object per event per hop:
 *
 * <pre>
 *   producer --byte[]--> parse (Jackson databind) --JacksonEvent--> score --Scored--> board --> result bytes
 * </pre>
 *
 * The score stage copies each {@link JacksonEvent} into a {@link GameEvent} and calls the project's
 * {@link ScoringEngine}, so the 47 rules are the same code in both pipelines and the comparison
 * measures transport, parsing and boards. The board stage keeps both boards in
 * {@link MapBoard#skipList()} and writes each result with Jackson; in the benchmark it does <em>not</em>
 * compute the player's rank ({@code headMap().size()} is O(n), ~100k steps at 100k players), which
 * favours the baseline: the project's pipeline ranks every event. Given a {@link ResultListener}
 * (the equivalence test), it ranks every accepted event too and hands over each result.
 */
public final class PlainJavaPipeline implements AutoCloseable
{
    public static final int QUEUE_CAPACITY = 4096;

    /** What the score stage hands to the board stage. */
    record Scored(long seq, long player, byte status, byte error, long delta, long total, long rules,
        boolean playerMoved, long playerReachedAt, int team, boolean teamMoved, long teamTotal, long teamReachedAt)
    {
    }

    /** The result line, written with Jackson as a Java service would. */
    record Result(long seq, long player, String status, long delta, long total, long rules, int rank)
    {
    }

    private static final String[] STATUS = {"", "ok", "duplicate", "rejected"};

    /** Each event's result, on the board thread, in order. */
    public interface ResultListener
    {
        void onResult(long seq, long player, byte status, byte error, long delta, long total, long rules, int rank);
    }

    private final BlockingQueue<byte[]> lines = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<JacksonEvent> parsed = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<Scored> scored = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final ScoringEngine engine;
    private final MapBoard players = MapBoard.skipList();
    private final MapBoard teams = MapBoard.skipList();
    private final AtomicLong done = new AtomicLong();
    private final Thread[] threads;
    private final ResultListener listener;
    private long submitted;
    private long accepted;
    private long resultBytes;

    public PlainJavaPipeline(final int maxPlayers)
    {
        this(maxPlayers, null);
    }

    /** @param listener null for the benchmark (no ranks); else it gets every result, with the player's rank. */
    public PlainJavaPipeline(final int maxPlayers, final ResultListener listener)
    {
        this.listener = listener;
        final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        reader = mapper.readerFor(JacksonEvent.class);
        writer = mapper.writerFor(Result.class);
        engine = new ScoringEngine(Rulebook.defaults(), maxPlayers, PipelineConfig.MAX_TREASURE);
        threads = new Thread[] {
            new Thread(this::parseLoop, "plain-parse"),
            new Thread(this::scoreLoop, "plain-score"),
            new Thread(this::boardLoop, "plain-board")};
        for (final Thread t : threads)
        {
            t.setDaemon(true);
            t.start();
        }
    }

    /** Producer thread only; blocks while the first queue is full. */
    public void submit(final byte[] line) throws InterruptedException
    {
        lines.put(line);
        submitted++;
    }

    /** Producer thread only: waits until every submitted line has a result. */
    public boolean awaitDrained(final long timeout, final TimeUnit unit)
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (done.get() < submitted)
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /** Read after {@link #awaitDrained}. */
    public MapBoard players()
    {
        return players;
    }

    /** Events scored OK; read after {@link #awaitDrained}. */
    public long accepted()
    {
        return accepted;
    }

    public long resultBytes()
    {
        return resultBytes;
    }

    @Override
    public void close() throws InterruptedException
    {
        for (final Thread t : threads)
        {
            t.interrupt();
        }
        for (final Thread t : threads)
        {
            t.join(5_000);
        }
    }

    private void parseLoop()
    {
        try
        {
            while (true)
            {
                final byte[] line = lines.take();
                JacksonEvent event;
                try
                {
                    event = reader.readValue(line);
                }
                catch (final IOException e)
                {
                    event = new JacksonEvent();
                    event.malformed = true;
                }
                parsed.put(event);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void scoreLoop()
    {
        final GameEvent event = new GameEvent();
        final Score score = new Score();
        long ordinal = 0;
        try
        {
            while (true)
            {
                parsed.take().copyTo(event);
                engine.score(event, ordinal++, score);
                scored.put(new Scored(event.seq, event.player, score.status, score.error, score.delta, score.total,
                    score.rules, score.playerMoved, score.playerReachedAt, score.team, score.teamMoved,
                    score.teamTotal, score.teamReachedAt));
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void boardLoop()
    {
        try
        {
            while (true)
            {
                final Scored s = scored.take();
                if (s.status() == Score.OK)
                {
                    accepted++;
                    if (s.playerMoved())
                    {
                        players.update(s.player(), s.total(), s.playerReachedAt());
                    }
                    if (s.teamMoved())
                    {
                        teams.update(s.team(), s.teamTotal(), s.teamReachedAt());
                    }
                }
                final int rank = listener != null && s.status() == Score.OK ? players.rank(s.player()) : 0;
                if (listener != null)
                {
                    listener.onResult(s.seq(), s.player(), s.status(), s.error(), s.delta(), s.total(), s.rules(), rank);
                }
                try
                {
                    resultBytes += writer.writeValueAsBytes(new Result(
                        s.seq(), s.player(), STATUS[s.status()], s.delta(), s.total(), s.rules(), rank)).length;
                }
                catch (final IOException e)
                {
                    throw new IllegalStateException(e);
                }
                done.lazySet(done.get() + 1);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
