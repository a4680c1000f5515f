package io.scoreline.pipeline;

import io.scoreline.rules.EngineCapture;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The snapshot file: the whole scoring state after one ordinal. Big-endian ({@link DataOutputStream}):
 *
 * <pre>
 *   header   magic "SCORSNAP" (8) | version int | ordinal long | rulebook fingerprint long
 *            | player capacity int | record bytes int | players int | created epoch ms long   (48 bytes)
 *   engine   record bytes int | players int | records (players x record bytes)
 *            | finder slots int | n int | n x (slot int, handle + 1 int)
 *            | teams int | teams x (team u16, total long, reachedAt long) | 7 match-feed longs
 *            | match events int | n x (seq long, ordinal long, kind byte)       (GAME.md 7: accepted, for voids)
 *            | overrides int | n x (ordinal long, action byte)                 (1 = voided, 2 = a void, as full_time)
 *   boards   counters int | counters x long (by status, by error, internal) | players int | handles in rank order
 *   trailer  length long (bytes before the trailer) | crc32c int (over every byte before it)
 * </pre>
 *
 * Written to {@code NAME.tmp}, forced, renamed, then the directory forced: a crash at any moment
 * leaves either the whole file under its name or none. A reader checks the trailer's length and
 * checksum over the whole file before it trusts a byte of it ({@link #verify}).
 */
public final class SnapshotFile
{
    public static final int VERSION = 2;
    static final byte[] MAGIC = {'S', 'C', 'O', 'R', 'S', 'N', 'A', 'P'};
    static final int HEADER_BYTES = 48;
    static final int TRAILER_BYTES = 12;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    private static final int BUFFER = 1 << 20;

    private SnapshotFile()
    {
    }

    /** What a snapshot's header says. */
    public static final class Header
    {
        public final int version;
        public final long ordinal;
        public final long rulebook;
        public final int capacity;
        public final int recordBytes;
        public final int players;
        public final long createdMillis;
        public final long bytes;

        Header(final int version, final long ordinal, final long rulebook, final int capacity, final int recordBytes,
            final int players, final long createdMillis, final long bytes)
        {
            this.version = version;
            this.ordinal = ordinal;
            this.rulebook = rulebook;
            this.capacity = capacity;
            this.recordBytes = recordBytes;
            this.players = players;
            this.createdMillis = createdMillis;
            this.bytes = bytes;
        }

        @Override
        public String toString()
        {
            return "version=" + version + " ordinal=" + ordinal + " rulebook=" + String.format("%016x", rulebook) +
                " capacity=" + capacity + " recordBytes=" + recordBytes + " players=" + players +
                " created=" + java.time.Instant.ofEpochMilli(createdMillis) + " bytes=" + bytes;
        }
    }

    /** A snapshot that cannot be used: unreadable, corrupt, truncated, or made for another rulebook or capacity. */
    public static final class BadSnapshotException extends Exception
    {
        BadSnapshotException(final String message)
        {
            super(message);
        }
    }

    /** The file name of the snapshot after {@code ordinal}: the count of events it holds, so name order is age order. */
    static String fileName(final long ordinal)
    {
        return String.format("%s%019d%s", PREFIX, ordinal + 1, SUFFIX);
    }

    /** Events a snapshot holds (its ordinal + 1), from its file name; -1 if the name is not a snapshot's. */
    static long eventsIn(final String name)
    {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    /** Deletes what a crash mid-write left ({@code *.snap.tmp}): never renamed, so never trusted. */
    static void removeTemporary(final Path dir) throws IOException
    {
        if (dir == null || !Files.isDirectory(dir))
        {
            return;
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            for (final Path p : (Iterable<Path>)entries::iterator)
            {
                final String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX + ".tmp"))
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Events the newest snapshot in {@code dir} holds, by its name (0: none); a restart replays from there. */
    public static long newestEvents(final Path dir)
    {
        final List<Path> files = list(dir);
        return files.isEmpty() ? 0 : eventsIn(files.get(0).getFileName().toString());
    }

    /** Snapshot files of a directory, newest first (temporary files are not listed). */
    public static List<Path> list(final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir))
        {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            entries.filter(p ->
                {
                    final String name = p.getFileName().toString();
                    return eventsIn(name) >= 0 && Files.isRegularFile(p);
                })
                .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                .forEach(files::add);
        }
        catch (final IOException e)
        {
            throw new java.io.UncheckedIOException("cannot list snapshot directory " + dir, e);
        }
        return files;
    }

    /**
     * Writes a captured state to {@code target} (temporary name, force, rename, directory force).
     *
     * @return the file's length in bytes.
     */
    static long write(
        final Path target, final EngineCapture capture, final long[] counters, final long rulebook, final int capacity)
        throws IOException
    {
        final Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        final long length;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final CrcOutput crc = new CrcOutput(java.nio.channels.Channels.newOutputStream(channel));
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(crc, BUFFER));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(capture.ordinal());
            out.writeLong(rulebook);
            out.writeInt(capacity);
            out.writeInt(capture.recordBytes());
            out.writeInt(capture.playerCount());
            out.writeLong(System.currentTimeMillis());
            capture.writeEngine(out);
            out.writeInt(counters.length);
            for (final long c : counters)
            {
                out.writeLong(c);
            }
            capture.writeRankOrder(out);
            out.flush();
            final long body = crc.count;
            out.writeLong(body + 8);
            out.flush();
            final int checksum = (int)crc.crc.getValue();
            out.writeInt(checksum);
            out.flush();
            channel.force(true);
            length = channel.size();
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.toAbsolutePath().getParent());
        return length;
    }

    /**
     * Reads the header and checks the whole file (length and checksum) and that it fits this
     * rulebook and capacity (pass 0 for either to skip that check, as {@code --inspect} does).
     */
    public static Header verify(final Path file, final long rulebook, final int capacity, final int recordBytes)
        throws BadSnapshotException
    {
        final Header header;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_BYTES + TRAILER_BYTES)
            {
                throw new BadSnapshotException("truncated: " + size + " bytes");
            }
            final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
            final CRC32C crc = new CRC32C();
            final long checked = size - 4;
            long position = 0;
            while (position < checked)
            {
                buffer.clear();
                buffer.limit((int)Math.min(BUFFER, checked - position));
                final int n = channel.read(buffer, position);
                if (n <= 0)
                {
                    throw new BadSnapshotException("short read at byte " + position);
                }
                buffer.flip();
                crc.update(buffer);
                position += n;
            }
            final ByteBuffer tail = ByteBuffer.allocate(TRAILER_BYTES);
            channel.read(tail, size - TRAILER_BYTES);
            tail.flip();
            final long length = tail.getLong();
            final int stored = tail.getInt();
            if (length != size - 4)
            {
                throw new BadSnapshotException("truncated or extended: trailer says " + (length + 4) + " bytes, file has " + size);
            }
            if (stored != (int)crc.getValue())
            {
                throw new BadSnapshotException("checksum mismatch");
            }
            final ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
            channel.read(head, 0);
            head.flip();
            final byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC))
            {
                throw new BadSnapshotException("not a snapshot (bad magic)");
            }
            header = new Header(head.getInt(), head.getLong(), head.getLong(), head.getInt(), head.getInt(), head.getInt(),
                head.getLong(), size);
        }
        catch (final NoSuchFileException e)
        {
            throw new BadSnapshotException("no such file");
        }
        catch (final IOException e)
        {
            throw new BadSnapshotException("cannot read: " + e.getMessage());
        }
        if (header.version != VERSION)
        {
            throw new BadSnapshotException("format version " + header.version + ", this build reads " + VERSION +
                (header.version < 2 ? " (version 2 adds the match feed and the voids of GAME.md section 7)" : ""));
        }
        if (rulebook != 0 && header.rulebook != rulebook)
        {
            throw new BadSnapshotException(String.format("made with another rulebook (%016x, this one %016x)", header.rulebook, rulebook));
        }
        if (capacity != 0 && (header.capacity != capacity || header.recordBytes != recordBytes))
        {
            throw new BadSnapshotException("made for " + header.capacity + " players of " + header.recordBytes +
                " bytes, this service has " + capacity + " of " + recordBytes);
        }
        return header;
    }

    /**
     * Loads a {@link #verify verified} snapshot into a fresh state (engine, then boards), before any
     * event; hands the restored players to {@code copy} (null: none) beside the boards' rebuild.
     */
    static String load(final Path file, final ScoringState state, final ScoringPipeline.PlayerMoves copy) throws IOException
    {
        final long start = System.nanoTime();
        try (InputStream raw = Files.newInputStream(file))
        {
            final DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER));
            in.skipNBytes(HEADER_BYTES);
            state.engine.restore(in);
            final int counterCount = in.readInt();
            if (counterCount != Boards.counterCount())
            {
                throw new IOException("snapshot has " + counterCount + " counters, this build " + Boards.counterCount());
            }
            final long[] counters = new long[counterCount];
            for (int i = 0; i < counterCount; i++)
            {
                counters[i] = in.readLong();
            }
            final int players = in.readInt();
            if (players > state.engine.playerCount()) // fewer: handles a correction left without an event are not ranked
            {
                throw new IOException("snapshot ranks " + players + " players, holds " + state.engine.playerCount());
            }
            final int[] order = new int[players];
            final byte[] bytes = new byte[players * Integer.BYTES];
            in.readFully(bytes);
            ByteBuffer.wrap(bytes).asIntBuffer().get(order);
            final long read = System.nanoTime();
            // Two independent rebuilds, one per core: the id index (random writes into its table) and the boards.
            final long[] indexNanos = {0};
            final RuntimeException[] indexFailure = {null};
            final Thread index = new Thread(() ->
            {
                try
                {
                    state.engine.rebuildIndex();
                }
                catch (final RuntimeException e)
                {
                    indexFailure[0] = e;
                }
                indexNanos[0] = System.nanoTime() - read;
            }, "scoreline-snapshot-index");
            index.start();
            // A board copy fed from the restore (push's shard copy, applied on its own thread) takes
            // the players beside the rebuilds, not after them: issue 22 measured it on a restart's path.
            final long[] copyNanos = {0};
            final RuntimeException[] copyFailure = {null};
            final Thread copier = copy == null ? null : new Thread(() ->
            {
                try
                {
                    Boards.copyRestored(order, state.engine, copy);
                }
                catch (final RuntimeException e)
                {
                    copyFailure[0] = e;
                }
                copyNanos[0] = System.nanoTime() - read;
            }, "scoreline-snapshot-copy");
            if (copier != null)
            {
                copier.start();
            }
            state.boards.restore(order, state.engine, counters);
            final long boardsNanos = System.nanoTime() - read;
            try
            {
                index.join();
                if (copier != null)
                {
                    copier.join();
                    state.boards.restoredCopied();
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rebuilding the player index", e);
            }
            if (indexFailure[0] != null)
            {
                throw new IOException(indexFailure[0].getMessage(), indexFailure[0]);
            }
            if (copyFailure[0] != null)
            {
                throw copyFailure[0]; // not the snapshot's fault: the copy's own
            }
            return "state read " + (read - start) / 1_000_000 + " ms, then in parallel: id index " + indexNanos[0] / 1_000_000 +
                " ms, boards " + boardsNanos / 1_000_000 + " ms" + (copier == null ? "" : ", board copy " + copyNanos[0] / 1_000_000 + " ms");
        }
    }

    private static void forceDirectory(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    /** Counts and checksums what passes to the file. */
    private static final class CrcOutput extends FilterOutputStream
    {
        final CRC32C crc = new CRC32C();
        long count;

        CrcOutput(final OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final int b) throws IOException
        {
            crc.update(b);
            count++;
            out.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            crc.update(b, off, len);
            count += len;
            out.write(b, off, len);
        }
    }
}
