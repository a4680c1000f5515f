package io.scoreline.pipeline;

import io.scoreline.journal.JournalRetention;
import io.scoreline.rules.EngineCapture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Takes snapshots of a running pipeline, on a thread of its own ({@code scoreline-snapshot}):
 *
 * <pre>
 *   snapshot thread                 ring (between ordinal N and N+1)       snapshot thread
 *   reserve (once)       --query--> score: capture (arm copy on write)  -->  stream the records out as captured,
 *                                   board: counters, release       ---->   sort the board order, write, force,
 *                                                                          rename, prune old snapshots + journal
 * </pre>
 *
 * The stages only arm a capture (copying the 1 MiB team table); this thread streams the records
 * and finders into the file, the stage saving a 512-byte chunk into a bounded pool only when it
 * is about to write into one not yet streamed (EngineCapture): no second copy of the state. The
 * snapshots kept are the newest {@code keep}; with journal retention on, journal files wholly
 * before the oldest kept snapshot are deleted or archived.
 */
public final class Snapshots implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("scoreline.snapshot");
    private static final long RING_TIMEOUT_SECONDS = 60;

    private final ScoringState state;
    private final Path dir;
    private final int keep;
    private final Path journalDir;
    private final JournalRetain retain;
    private final long rulebook;
    private final ExecutorService thread;
    /** Created by the snapshot thread at the first snapshot; read by /metrics. */
    private volatile EngineCapture capture;

    /** What happens to journal files no kept snapshot needs. */
    public enum JournalRetain
    {
        /** Keep every journal file (the default). */
        ALL,
        /** Delete them. */
        DELETE,
        /** Move them to {@code JOURNAL/archive}. */
        ARCHIVE;

        public static JournalRetain parse(final String value)
        {
            for (final JournalRetain r : values())
            {
                if (r.name().equalsIgnoreCase(value))
                {
                    return r;
                }
            }
            throw new IllegalArgumentException("journal retention must be all, delete or archive, got '" + value + "'");
        }
    }

    /** A snapshot on disk: the ordinal it was taken after, its size, and the time from request to rename. */
    public static final class Taken
    {
        public final long ordinal;
        public final long bytes;
        public final long millis;
        public final Path file;

        Taken(final long ordinal, final long bytes, final long millis, final Path file)
        {
            this.ordinal = ordinal;
            this.bytes = bytes;
            this.millis = millis;
            this.file = file;
        }

        /** {@code {"ordinal":N,"bytes":B,"millis":T}}. */
        public String toJson()
        {
            return "{\"ordinal\":" + ordinal + ",\"bytes\":" + bytes + ",\"millis\":" + millis + "}";
        }
    }

    /** Where a snapshot request enters the ring: the ring's producer, or a hand-off to it. */
    @FunctionalInterface
    public interface Publisher
    {
        void publish(BoardQuery query);
    }

    Snapshots(final ScoringState state, final long rulebook, final Path dir, final int keep,
        final Path journalDir, final JournalRetain retain)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("snapshots to keep must be >= 1, got " + keep);
        }
        this.state = state;
        this.rulebook = rulebook;
        this.dir = dir;
        this.keep = keep;
        this.journalDir = journalDir;
        this.retain = retain;
        thread = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "scoreline-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /** Any thread: takes a snapshot on the snapshot thread; the future completes when it is on disk. */
    public CompletableFuture<Taken> request(final Publisher publisher)
    {
        final CompletableFuture<Taken> done = new CompletableFuture<>();
        try
        {
            thread.execute(() ->
            {
                try
                {
                    done.complete(take(publisher));
                }
                catch (final Throwable t)
                {
                    LOG.log(System.Logger.Level.ERROR, "snapshot failed: " + t, t);
                    done.completeExceptionally(t);
                }
            });
        }
        catch (final java.util.concurrent.RejectedExecutionException e)
        {
            done.completeExceptionally(new IllegalStateException("snapshots are closed"));
        }
        return done;
    }

    /**
     * Takes a snapshot on the calling thread; the publisher is called on it too (offline use,
     * where the caller is the ring's producer).
     */
    public Taken take(final Publisher publisher) throws IOException, InterruptedException
    {
        return take(publisher, null);
    }

    /** {@link #take(Publisher)} into {@code target} (no pruning), or into the directory when null. */
    public Taken take(final Publisher publisher, final Path target) throws IOException, InterruptedException
    {
        final long start = System.nanoTime();
        if (capture == null)
        {
            capture = state.engine.newCapture();
        }
        // Once: the pools and the board-order scratch for every player there can be (state.memory() counts them).
        capture.reserve(state.engine.playerCapacity());
        final SnapshotRequest request = new SnapshotRequest(capture);
        publisher.publish(request);
        final Path file;
        final long bytes;
        try
        {
            if (!request.await(RING_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("snapshot: the stage could not capture " + state.engine.playerCount() + " players");
            }
            file = target != null ? target : dir.resolve(SnapshotFile.fileName(capture.ordinal()));
            Files.createDirectories(file.toAbsolutePath().getParent());
            bytes = SnapshotFile.write(file, capture, request.counters(), rulebook, state.engine.playerCapacity());
        }
        finally
        {
            capture.release(); // a failed write must not leave the stage saving chunks nobody reads
        }
        final long millis = (System.nanoTime() - start) / 1_000_000;
        if (target == null)
        {
            prune();
        }
        LOG.log(System.Logger.Level.INFO, "snapshot: " + file.getFileName() + " after ordinal " + capture.ordinal() + ", " +
            capture.playerCount() + " players, " + bytes + " bytes in " + millis + " ms");
        return new Taken(capture.ordinal(), bytes, millis, file);
    }

    /** Bytes the snapshot machinery holds (copy-on-write pools, board-order scratch); 0 before the first snapshot. */
    public long reservedBytes()
    {
        final EngineCapture c = capture;
        return c == null ? 0 : c.reservedBytes(0);
    }

    /** Bytes of the record copy-on-write pool (allocated at the first snapshot). */
    public long poolBytes()
    {
        final EngineCapture c = capture;
        return c == null ? 0 : (long)c.poolChunks() * c.chunkBytes();
    }

    /** Record chunks the score stage saved into the pool while snapshots streamed, since start. */
    public long savedChunks()
    {
        final EngineCapture c = capture;
        return c == null ? 0 : c.savedChunks();
    }

    /** The most bytes of record chunks held in the pool at once, since start. */
    public long peakPoolBytes()
    {
        final EngineCapture c = capture;
        return c == null ? 0 : (long)c.peakPoolChunks() * c.chunkBytes();
    }

    /** Times the score stage found a pool full and waited for the snapshot's stream, since start. */
    public long poolWaits()
    {
        final EngineCapture c = capture;
        return c == null ? 0 : c.poolWaits();
    }

    /** Deletes snapshots past the newest {@code keep}, then journal files before the oldest kept one (per retention). */
    private void prune() throws IOException
    {
        final List<Path> all = SnapshotFile.list(dir);
        for (int i = keep; i < all.size(); i++)
        {
            Files.deleteIfExists(all.get(i));
        }
        if (retain == JournalRetain.ALL || journalDir == null || all.isEmpty())
        {
            return;
        }
        final Path oldest = all.get(Math.min(keep, all.size()) - 1);
        final long keepFrom = SnapshotFile.eventsIn(oldest.getFileName().toString());
        try
        {
            final List<Path> removed = JournalRetention.prune(journalDir, keepFrom,
                retain == JournalRetain.ARCHIVE ? journalDir.resolve("archive") : null);
            if (!removed.isEmpty())
            {
                LOG.log(System.Logger.Level.INFO, "journal retention: " + (retain == JournalRetain.ARCHIVE ? "archived " : "deleted ") +
                    removed.size() + " file(s) before ordinal " + keepFrom);
            }
        }
        catch (final UncheckedIOException e)
        {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    /**
     * Stops the snapshot thread, interrupting a snapshot under way (a half-written file keeps its
     * temporary name and is removed at the next start). After this, {@link #take} may be called
     * by the ring's producer.
     */
    @Override
    public void close()
    {
        thread.shutdownNow();
        try
        {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
