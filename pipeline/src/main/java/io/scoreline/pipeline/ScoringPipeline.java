package io.scoreline.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.scoreline.journal.JournalConfig;
import io.scoreline.journal.JournalReader;
import io.scoreline.journal.JournalWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline, wired in one place. One ring, one producer, preallocated slots, and the
 * stages journal -> parse -> score -> board on one of three topologies ({@link Topology}):
 *
 * <pre>
 *   fused (auto on 2 cores up to stages):
 *     producer --ring--> [ journal -> parse -> score -> board ] --> ResultSink
 *     (I/O thread)         one consumer thread, groups of slots ({@link StageChain})
 *
 *   staged (auto with a core per stage and the producer; threads pinned):
 *     producer --ring--> journal --> parse --> score --> board --> ResultSink
 *                        each stage on its own thread ({@link StageHandler})
 *
 *   inline (auto on one core):
 *     producer --ring--> [ journal -> parse -> score -> board ] --> ResultSink
 *     (I/O thread)         the same chain, run by the producer ({@link InlineConsumer})
 * </pre>
 *
 * Each stage owns what it writes: journal the file, parse the event fields, score the game state,
 * board the leaderboards. A result leaves only after the journal and the board have passed its
 * slot: the sink is called after the board, and the journal forces before any slot of its run
 * goes on. Without a journal (replay, bench) the chain starts at parse. Queries ride the same
 * ring to the board stage, so the boards have one owner and no locks. On two cores fused wins:
 * a thread per stage means more runnable threads than cores (perf/README.md has the figures).
 *
 * <p>Over 600 lines: the wiring, the producer API, journal recovery, snapshot restore and the
 * diagnostics all act on the one ring and its stages this class owns. Recovery and restore are the
 * next to move out (issue 21), once the snapshot work in flight has landed.
 */
public final class ScoringPipeline implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("scoreline.pipeline");
    /** Slots a batching producer (replay, recovery) claims before it publishes them at once. */
    static final int PUBLISH_BATCH = 64;
    private static final long PROBE_POLL_NANOS = 50_000;

    private final Disruptor<EventSlot> disruptor;
    private final RingBuffer<EventSlot> ring;
    private final StageThreads threads;
    private final StageExceptionHandler exceptionHandler = new StageExceptionHandler();
    private final StageTimes times = new StageTimes();
    private final ScoringState state;
    private final JournalWriter journal;
    /** The temporary journal of {@link PipelineConfig#scratchJournal}, removed at close; null for none. */
    private final Path scratch;
    private final Topology topology;
    /** Non-null for {@link Topology#INLINE}: the producer runs the stages. */
    private final InlineConsumer inline;
    private final Probe probe = new Probe();
    private final ScoreStage scoreStage;
    private final long rulebook;
    private final int ringSlots;
    private long nextOrdinal;
    private long batchLow = -1;
    /** The journal this pipeline appends to and recovers from (null: none, or a scratch one). */
    private final Path ownJournal;
    private long batchHigh;
    /** Where a snapshot's players go while it is loaded ({@link #copyRestoredPlayersTo}); null: none. */
    private PlayerMoves restoredCopy;

    public ScoringPipeline(final PipelineConfig config, final ResultSink sink)
    {
        config.validate();
        state = new ScoringState(config);
        if (config.voidWarmup() && config.touchedOnly() && config.undoEvents() > 0)
        {
            VoidWarmup.once(config.rulebook());
        }
        scratch = config.journalDir() == null && config.scratchJournal() ? temporaryJournal() : null;
        final Path journalDir = scratch != null ? scratch : config.journalDir();
        ownJournal = config.journalDir();
        journal = journalDir == null ? null : scratch != null ? JournalWriter.open(journalDir, new JournalConfig())
            : JournalWriter.open(journalDir, config.journalConfig(), config.journalVerifyFrom());
        nextOrdinal = journal == null ? 0 : journal.nextOrdinal();

        final StageWrapper wrap = config.stageWrapper();
        final Stage journalStage = journal == null ? null : wrap.wrap(StageId.JOURNAL, new JournalStage(journal));
        final Stage parse = wrap.wrap(StageId.PARSE, new ParseStage());
        scoreStage = new ScoreStage(state.engine, config.history() != null ? config.history() : journalDir,
            config.touchedOnly());
        rulebook = config.rulebook().fingerprint();
        ringSlots = config.ringSize();
        final Stage score = wrap.wrap(StageId.SCORE, scoreStage);
        final BoardStage boardStage = new BoardStage(state.boards);
        final Stage board = wrap.wrap(StageId.BOARD, boardStage);

        final int stages = journal == null ? 3 : 4;
        topology = config.topology().resolve(stages, config.cores());
        final WaitStrategy waitStrategy = WaitStrategies.named(config.waitStrategy(), config.cores());
        threads = new StageThreads(topology == Topology.STAGED && (config.pinThreads() || config.topology() == Topology.AUTO), stages + 1);
        disruptor = new Disruptor<>(EventSlot::new, config.ringSize(), threads, ProducerType.SINGLE, waitStrategy);
        disruptor.setDefaultExceptionHandler(exceptionHandler);

        if (topology == Topology.INLINE)
        {
            final Stage[] chain = {parse, score, board};
            ring = disruptor.start(); // no consumer thread: the producer runs the chain
            inline = new InlineConsumer(new StageChain(journalStage, chain, boardStage, exceptionHandler, sink, times), ring);
        }
        else if (topology == Topology.FUSED)
        {
            final Stage[] chain = {parse, score, board};
            final FusedHandler fused = new FusedHandler(
                new StageChain(journalStage, chain, boardStage, exceptionHandler, sink, times), waitStrategy);
            disruptor.handleEventsWith(fused);
            ring = disruptor.start();
            fused.ring(ring);
            inline = null;
        }
        else
        {
            final StageHandler parseHandler = new StageHandler(parse, exceptionHandler, null, null, waitStrategy);
            final StageHandler scoreHandler = new StageHandler(score, exceptionHandler, null, null, waitStrategy);
            final StageHandler boardHandler = new StageHandler(board, exceptionHandler, boardStage, sink, waitStrategy);
            final StageHandler journalHandler =
                journalStage == null ? null : new StageHandler(journalStage, exceptionHandler, null, null, waitStrategy);
            if (journalHandler == null)
            {
                disruptor.handleEventsWith(parseHandler).then(scoreHandler).then(boardHandler);
            }
            else
            {
                disruptor.handleEventsWith(journalHandler).then(parseHandler).then(scoreHandler).then(boardHandler);
            }
            ring = disruptor.start();
            inline = null;
            for (final StageHandler handler : new StageHandler[] {journalHandler, parseHandler, scoreHandler, boardHandler})
            {
                if (handler != null)
                {
                    handler.ring(ring);
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "pipeline: topology=" + topology + " (" + config.topology() + ", " +
            config.cores() + " cores), wait=" + config.waitStrategy() + ", ring=" + config.ringSize());
    }

    private static Path temporaryJournal()
    {
        try
        {
            return java.nio.file.Files.createTempDirectory("scoreline-history");
        }
        catch (final IOException e)
        {
            throw new java.io.UncheckedIOException("cannot create a temporary journal: " + e.getMessage(), e);
        }
    }

    private void removeScratch()
    {
        if (scratch == null)
        {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(scratch))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the temporary journal " + scratch + ": " + e.getMessage());
        }
    }

    /** The topology in use, {@code auto} resolved. */
    public Topology topology()
    {
        return topology;
    }

    /** Claims the next slot, waiting while the ring is full. Producer thread only. */
    public long next()
    {
        return next(1);
    }

    /** Claims the next {@code n} slots, waiting while the ring is full; @return the highest. Producer thread only. */
    public long next(final int n)
    {
        if (inline != null && !ring.hasAvailableCapacity(n))
        {
            inline.run(); // inline, waiting would wait for ourselves
        }
        return ring.next(n);
    }

    /**
     * Inline topology: runs the stages over everything published so far, on this thread. Call it
     * when a read's lines are published. A no-op where the stages have threads. Producer thread only.
     */
    public void runPublished()
    {
        if (inline != null)
        {
            inline.run();
        }
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
            if (inline != null && !ring.hasAvailableCapacity(1))
            {
                inline.run();
            }
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
        final long sequence = next();
        try
        {
            fillEvent(ring.get(sequence), src, offset, stored, trueLength, nextOrdinal++, receivedNanos, context);
        }
        finally
        {
            ring.publish(sequence);
        }
        runPublished();
    }

    /**
     * Like {@link #publishEvent}, for a producer that has a stream to push (replay): the slot is
     * published with up to {@link #PUBLISH_BATCH} others, one publish (and one wake-up of a
     * parked consumer) per batch. Call {@link #flushBatch} at the end. Producer thread only.
     */
    public void batchEvent(final byte[] src, final int offset, final int stored, final int trueLength)
    {
        final long sequence = next();
        fillEvent(ring.get(sequence), src, offset, stored, trueLength, nextOrdinal++, 0, null);
        batched(sequence);
    }

    /**
     * Batches one journal record as an already-journaled event (recovery, journal replay): it
     * keeps its ordinal and is not appended again. Call {@link #flushBatch} at the end. Producer
     * thread only.
     */
    public void batchJournaled(
        final long ordinal, final long receivedNanos, final byte[] src, final int offset, final int stored, final int trueLength)
    {
        final long sequence = next();
        final EventSlot slot = ring.get(sequence);
        fillEvent(slot, src, offset, stored, trueLength, ordinal, receivedNanos, null);
        slot.journaled = true;
        batched(sequence);
    }

    /** Publishes what {@link #batchEvent} and {@link #batchJournaled} claimed. Producer thread only. */
    public void flushBatch()
    {
        if (batchLow >= 0)
        {
            ring.publish(batchLow, batchHigh);
            batchLow = -1;
        }
        runPublished();
    }

    private void batched(final long sequence)
    {
        if (batchLow < 0)
        {
            batchLow = sequence;
        }
        batchHigh = sequence;
        if (batchHigh - batchLow + 1 >= PUBLISH_BATCH)
        {
            flushBatch();
        }
    }

    private static void fillEvent(
        final EventSlot slot, final byte[] src, final int offset, final int stored, final int trueLength,
        final long ordinal, final long receivedNanos, final Object context)
    {
        slot.reset(EventSlot.EVENT, context);
        slot.storedLength = Math.min(stored, EventSlot.LINE_CAPACITY);
        slot.trueLength = trueLength;
        System.arraycopy(src, offset, slot.line, 0, slot.storedLength);
        slot.ordinal = ordinal;
        slot.receivedNanos = receivedNanos;
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
        return recover(journalDir, 0);
    }

    /** {@link #recover(Path)} from {@code fromOrdinal} on: the records after a restored snapshot. */
    public long recover(final Path journalDir, final long fromOrdinal) throws InterruptedException
    {
        long count = 0;
        try (JournalReader reader = JournalReader.open(journalDir, fromOrdinal))
        {
            while (reader.next(this::batchJournaled))
            {
                count++;
            }
        }
        flushBatch();
        if (!awaitDrained(1, TimeUnit.HOURS))
        {
            throw new IllegalStateException("recovery did not drain");
        }
        final long expected = journal == null || !journalDir.equals(ownJournal) ? count
            : journal.nextOrdinal() - Math.max(fromOrdinal, JournalReader.firstOrdinal(journalDir));
        if (count < expected)
        {
            // Only where opening the journal did not walk the records (before journalVerifyFrom): a
            // torn record there stopped the replay, and appending after it would break the history.
            throw new IllegalStateException("journal: replay from ordinal " + fromOrdinal + " stopped after " + count + " of " +
                expected + " events at a damaged record (logged above), in a file opening did not check record by record; " +
                "move that file and the ones after it aside, or restore a snapshot after it");
        }
        return count;
    }

    /**
     * Before any slot is published: loads the newest snapshot in {@code dir} that is whole, made
     * for this rulebook and capacity, and covered by the journal in {@code journalDir} (its
     * records run on from the snapshot's ordinal). Every snapshot skipped gets one warning line;
     * none usable means a full journal replay. Never fails because of a snapshot's content.
     *
     * @return the ordinal of the snapshot loaded (recover the journal after it), or -1 for none.
     */
    public long restoreNewest(final Path dir, final Path journalDir) throws IOException
    {
        SnapshotFile.removeTemporary(dir);
        final long journalFirst = JournalReader.firstOrdinal(journalDir);
        final long journalNext = journal != null ? journal.nextOrdinal() : Long.MAX_VALUE;
        for (final Path file : SnapshotFile.list(dir))
        {
            try
            {
                final long start = System.nanoTime();
                final SnapshotFile.Header header = verify(file);
                LOG.log(System.Logger.Level.INFO, "snapshot: " + file.getFileName() + " checked in " +
                    (System.nanoTime() - start) / 1_000_000 + " ms");
                if (header.ordinal >= journalNext)
                {
                    throw new SnapshotFile.BadSnapshotException("ahead of the journal, which ends before ordinal " + header.ordinal);
                }
                if (journalFirst > header.ordinal + 1)
                {
                    throw new SnapshotFile.BadSnapshotException("the journal starts at ordinal " + journalFirst + ", after it");
                }
                load(file, header);
                return header.ordinal;
            }
            catch (final SnapshotFile.BadSnapshotException e)
            {
                LOG.log(System.Logger.Level.WARNING, "snapshot: skipped " + file + ": " + e.getMessage() +
                    "; trying an older snapshot or the whole journal");
            }
        }
        if (journalFirst > 0)
        {
            LOG.log(System.Logger.Level.WARNING, "snapshot: none usable, and the journal starts at ordinal " + journalFirst +
                ": the state holds only the events from there on");
        }
        return -1;
    }

    /**
     * Before any slot is published: loads this snapshot (replay --snapshot).
     *
     * @return its ordinal.
     * @throws SnapshotFile.BadSnapshotException if it is unusable.
     */
    public long restore(final Path file) throws IOException, SnapshotFile.BadSnapshotException
    {
        final SnapshotFile.Header header = verify(file);
        load(file, header);
        return header.ordinal;
    }

    private SnapshotFile.Header verify(final Path file) throws SnapshotFile.BadSnapshotException
    {
        return SnapshotFile.verify(file, rulebook, state.engine.playerCapacity(), state.engine.recordBytes());
    }

    private void load(final Path file, final SnapshotFile.Header header) throws IOException
    {
        final long start = System.nanoTime();
        final String phases = SnapshotFile.load(file, state, restoredCopy);
        scoreStage.resumeAfter(header.ordinal);
        LOG.log(System.Logger.Level.INFO, "snapshot: loaded " + file + " (ordinal " + header.ordinal + ", " + header.players +
            " players) in " + (System.nanoTime() - start) / 1_000_000 + " ms (" + phases + ")");
    }

    /** One update of the player board: what a copy of the board must apply to stay equal to it. */
    @FunctionalInterface
    public interface PlayerMoves
    {
        void onMove(int handle, long id, long total, long reachedAt);
    }

    /**
     * After {@link #restoreNewest} or {@link #restore} and before any slot is published: the
     * updates the restore made to the player board, in order, once. A board copy kept from the
     * sinks' moves (push's shard copy) needs them, since a restore does not pass the sinks.
     */
    public void forEachRestoredPlayer(final PlayerMoves moves)
    {
        state.boards.forEachRestored(state.engine, moves);
    }

    /**
     * Before {@link #restoreNewest} or {@link #restore}: a snapshot's players go to {@code moves}
     * on a thread of their own while the boards are rebuilt (then {@link #forEachRestoredPlayer}
     * has nothing left to hand on). For a copy whose consumer is slow (push's shard copy, ~1 us a
     * player on its own thread): it no longer holds the restart up after the load.
     */
    public void copyRestoredPlayersTo(final PlayerMoves moves)
    {
        restoredCopy = moves;
    }

    /**
     * The snapshot taker for this pipeline. {@code journalDir} and {@code retain} say which journal
     * files retention may remove (null / ALL: none).
     */
    public Snapshots snapshots(final Path dir, final int keep, final Path journalDir, final Snapshots.JournalRetain retain)
    {
        return new Snapshots(state, rulebook, dir, keep, journalDir, retain);
    }

    /**
     * {@link #publishQuery}, claiming with {@link #tryNext} (spinning while the ring is full): for a
     * thread that took the producer role over from one that claimed with {@link #next} (the
     * Disruptor's single-producer check is on {@code next} only), e.g. a snapshot at shutdown.
     */
    public void offerQuery(final BoardQuery query, final Object context)
    {
        long sequence;
        while ((sequence = tryNext()) < 0)
        {
            Thread.onSpinWait();
        }
        publishQuery(sequence, query, context);
    }

    /** Sends a query to the board stage, waiting for room. Producer thread only. */
    public void publishQuery(final BoardQuery query, final Object context)
    {
        publishQuery(next(), query, context);
    }

    /** Fills the claimed slot with a query, publishes it and runs what is published (inline). */
    private void publishQuery(final long sequence, final BoardQuery query, final Object context)
    {
        try
        {
            ring.get(sequence).resetQuery(query, context);
        }
        finally
        {
            ring.publish(sequence);
        }
        runPublished();
    }

    /**
     * Waits until every slot published so far has passed every stage. Producer thread only. The
     * sink sees the barrier slot; sinks pass slots they do not know through untouched.
     */
    public boolean awaitDrained(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final CountDownLatch latch = new CountDownLatch(1);
        publishQuery(next(), (boards, handle) -> latch.countDown(), null);
        // The board stage is the last: once it answered this query, every earlier slot was handed to the sink.
        return latch.await(timeout, unit);
    }

    /**
     * Bytes the stage threads have allocated so far, each counted by the stage thread itself as a
     * probe passes every stage (exact, unlike reading other threads' counts). Waits for the probe,
     * so everything published before it has been handled. Producer thread only.
     */
    public long stageAllocatedBytes(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        probe.bytes = -1;
        final long sequence = next();
        try
        {
            final EventSlot slot = ring.get(sequence);
            slot.resetQuery(probe, null);
            slot.probe = true;
            probe.slot = slot;
        }
        finally
        {
            ring.publish(sequence);
        }
        runPublished();
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (probe.bytes < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("allocation probe not answered within " + timeout + " " + unit);
            }
            LockSupport.parkNanos(PROBE_POLL_NANOS);
        }
        return probe.bytes;
    }

    /** The allocation probe's answer, preallocated: probing allocates nothing on the caller either (inline, a stage thread). */
    private static final class Probe implements BoardQuery
    {
        EventSlot slot;
        volatile long bytes = -1;

        @Override
        public void answer(final Boards boards, final int playerHandle)
        {
            boards.players(); // the ordered board catches up first: what a query would wait for is in the run
            bytes = slot.probeBytes; // the board stage answers after every stage thread added its count
        }
    }

    /** Bytes of preallocated state per player slot (engine record, id index, board share). */
    public double bytesPerPlayer()
    {
        return state.bytesPerPlayer();
    }

    /**
     * Time spent in each stage, where the stages share one thread (fused). Staged stages are not
     * timed: their threads' CPU time says it.
     */
    public StageTimes stageTimes()
    {
        return times;
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

    /** Bytes of the engine's undo log (GAME.md section 7), fixed at start: its file's size, or its direct memory's. */
    public long undoLogBytes()
    {
        return state.engine.undoBytes();
    }

    /** Of {@link #undoLogBytes}, what may be resident: a file's window around the writer (a racy read), or all direct memory. */
    public long undoLogResidentBytes()
    {
        return state.engine.undoResidentBytes();
    }

    /** The engine and boards (tests in this package). */
    ScoringState state()
    {
        return state;
    }

    public long stageFailures()
    {
        return exceptionHandler.failures();
    }

    public long journalBytes()
    {
        return journal == null ? 0 : journal.bytesWritten();
    }

    /** Bytes of the engine's preallocated state: records, id index, treasure finders. */
    public long stateBytes()
    {
        return state.stateBytes();
    }

    /** Bytes of the preallocated player board. */
    public long boardBytes()
    {
        return state.boardBytes();
    }

    /** Bytes of the journal's current file mapped and touched: what of it can be resident (0: no journal). */
    public long journalWindowBytes()
    {
        return journal == null ? 0 : journal.windowBytes();
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
        removeScratch();
    }

    /** {@link #close()}, forcing the journal to the device first whatever the fsync policy (a graceful drain). */
    public void closeForced()
    {
        disruptor.shutdown();
        if (journal != null)
        {
            journal.force();
            journal.close();
        }
        removeScratch();
    }
}
