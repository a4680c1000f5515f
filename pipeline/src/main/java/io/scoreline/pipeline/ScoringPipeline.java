package io.scoreline.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.scoreline.journal.JournalReader;
import io.scoreline.journal.JournalWriter;
import io.scoreline.rules.ScoringEngine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline, wired in one place. One ring, one producer, preallocated slots:
 *
 * <pre>
 *   producer --ring--> journal --> parse --> score --> board --> ResultSink
 *   (I/O thread)
 * </pre>
 *
 * Each stage runs on its own thread and owns what it writes: journal the file, parse the event
 * fields, score the game state, board the leaderboards; the board stage hands each finished
 * slot to the sink, so a result leaves only after the journal and the board have passed it.
 * The journal goes first rather than beside parse: on two cores a fifth thread (an emit stage
 * joining the two branches) cost more in scheduling than the append it would overlap.
 * Without a journal (replay, bench) the chain starts at parse. Queries ride the same ring to
 * the board stage.
 */
public final class ScoringPipeline implements AutoCloseable
{
    private final Disruptor<EventSlot> disruptor;
    private final RingBuffer<EventSlot> ring;
    private final StageThreads threads;
    private final StageExceptionHandler exceptionHandler = new StageExceptionHandler();
    private final ScoringEngine engine;
    private final Boards boards;
    private final JournalWriter journal;
    private long nextOrdinal;

    public ScoringPipeline(final PipelineConfig config, final ResultSink sink)
    {
        config.validate();
        engine = new ScoringEngine(config.rulebook(), config.maxPlayers(), PipelineConfig.MAX_TREASURE);
        boards = new Boards(config.maxPlayers(), engine::playerId);
        journal = config.journalDir() == null ? null : JournalWriter.open(config.journalDir(), config.journalConfig());
        nextOrdinal = journal == null ? 0 : journal.nextOrdinal();
        threads = new StageThreads(config.pinThreads());
        disruptor = new Disruptor<>(
            EventSlot::new, config.ringSize(), threads, ProducerType.SINGLE, WaitStrategies.named(config.waitStrategy()));
        disruptor.setDefaultExceptionHandler(exceptionHandler);

        final ParseHandler parse = new ParseHandler();
        final ScoreHandler score = new ScoreHandler(engine);
        final BoardHandler board = new BoardHandler(boards, sink, exceptionHandler);
        if (journal == null)
        {
            disruptor.handleEventsWith(parse).then(score).then(board);
        }
        else
        {
            disruptor.handleEventsWith(new JournalHandler(journal)).then(parse).then(score).then(board);
        }
        ring = disruptor.start();
        score.lookahead.ring(ring);
        board.lookahead.ring(ring);
    }

    /** Claims the next slot, waiting while the ring is full. Producer thread only. */
    public long next()
    {
        return ring.next();
    }

    /** Claims the next {@code n} slots, waiting while the ring is full; @return the highest. Producer thread only. */
    public long next(final int n)
    {
        return ring.next(n);
    }

    /** Publishes slots [low, high] at once. Producer thread only. */
    public void publish(final long low, final long high)
    {
        ring.publish(low, high);
    }

    /** Claims the next slot, or returns -1 when the ring is full (back-pressure). Producer thread only. */
    public long tryNext()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException e)
        {
            return -1; // a preallocated singleton: no allocation on this path
        }
    }

    public EventSlot slot(final long sequence)
    {
        return ring.get(sequence);
    }

    public void publish(final long sequence)
    {
        ring.publish(sequence);
    }

    /** The next GAME.md ordinal, for an event slot about to be published. Producer thread only. */
    public long takeOrdinal()
    {
        return nextOrdinal++;
    }

    /** Ordinal the next received event gets. */
    public long nextOrdinal()
    {
        return nextOrdinal;
    }

    /**
     * Copies one event line into the next slot and publishes it, waiting for room. The line's
     * {@code trueLength} may exceed the {@code stored} bytes given (a too-long line keeps only
     * its head). Producer thread only.
     */
    public void publishEvent(
        final byte[] src, final int offset, final int stored, final int trueLength, final long receivedNanos, final Object context)
    {
        final long sequence = ring.next();
        try
        {
            final EventSlot slot = ring.get(sequence);
            slot.reset(EventSlot.EVENT, context);
            slot.storedLength = Math.min(stored, EventSlot.LINE_CAPACITY);
            slot.trueLength = trueLength;
            System.arraycopy(src, offset, slot.line, 0, slot.storedLength);
            slot.ordinal = nextOrdinal++;
            slot.receivedNanos = receivedNanos;
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /**
     * Publishes one journal record as an already-journaled event (recovery, journal replay): it
     * keeps its ordinal and is not appended again. Producer thread only.
     */
    public void publishJournaled(
        final long ordinal, final long receivedNanos, final byte[] src, final int offset, final int stored, final int trueLength)
    {
        final long sequence = ring.next();
        try
        {
            final EventSlot slot = ring.get(sequence);
            slot.reset(EventSlot.EVENT, null);
            System.arraycopy(src, offset, slot.line, 0, stored);
            slot.storedLength = stored;
            slot.trueLength = trueLength;
            slot.ordinal = ordinal;
            slot.receivedNanos = receivedNanos;
            slot.journaled = true;
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /**
     * Rebuilds the state from a journal: every record goes through the same stages as it did
     * live (so the state is exactly what it was), then waits until all are scored. Sinks see
     * these slots with a null context. The calling thread is the producer meanwhile; hand the
     * role over (through a volatile write) only after this returns.
     *
     * @return the number of events replayed.
     */
    public long recover(final Path journalDir) throws InterruptedException
    {
        long count = 0;
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            while (reader.next(this::publishJournaled))
            {
                count++;
            }
        }
        if (!awaitDrained(1, TimeUnit.HOURS))
        {
            throw new IllegalStateException("recovery did not drain");
        }
        return count;
    }

    /** Sends a query to the board stage, waiting for room. Producer thread only. */
    public void publishQuery(final BoardQuery query, final Object context)
    {
        final long sequence = ring.next();
        try
        {
            final EventSlot slot = ring.get(sequence);
            slot.reset(EventSlot.QUERY, context);
            slot.query = query;
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /**
     * Waits until every slot published so far has passed every stage. Producer thread only. The
     * sink sees the barrier slot; sinks pass slots they do not know through untouched.
     */
    public boolean awaitDrained(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final CountDownLatch latch = new CountDownLatch(1);
        final long sequence = ring.next();
        try
        {
            final EventSlot slot = ring.get(sequence);
            slot.reset(EventSlot.QUERY, null);
            slot.query = (boards, handle) -> latch.countDown();
        }
        finally
        {
            ring.publish(sequence);
        }
        // The board stage is the last: once it answered this query, every earlier slot was handed to the sink.
        return latch.await(timeout, unit);
    }

    /**
     * Bytes of preallocated state per player slot: the engine's record and id index plus the
     * player board's share. Fixed-size tables (treasure finders, teams) are not per player.
     */
    public double bytesPerPlayer()
    {
        return engine.bytesPerPlayer() + (double)boards.players().allocatedBytes() / boards.players().capacity();
    }

    /** The stage threads, for allocation accounting. */
    public List<Thread> stageThreads()
    {
        return threads.threads();
    }

    /** Slots published but not yet past every stage. */
    public long backlog()
    {
        return ring.getCursor() - ring.getMinimumGatingSequence();
    }

    public int ringSize()
    {
        return ring.getBufferSize();
    }

    public long stageFailures()
    {
        return exceptionHandler.failures();
    }

    public long journalBytes()
    {
        return journal == null ? 0 : journal.bytesWritten();
    }

    /** Drains what was published, stops the stages and closes the journal. */
    @Override
    public void close()
    {
        disruptor.shutdown();
        if (journal != null)
        {
            journal.close();
        }
    }
}
