package io.scoreline.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

import static io.scoreline.journal.JournalFormat.HEADER_BYTES;
import static io.scoreline.journal.JournalFormat.MAX_STORED_BYTES;
import static io.scoreline.journal.JournalFormat.ORDINAL_OFFSET;
import static io.scoreline.journal.JournalFormat.RECEIVED_NANOS_OFFSET;
import static io.scoreline.journal.JournalFormat.RECORD_HEADER_BYTES;
import static io.scoreline.journal.JournalFormat.RECORD_OVERHEAD;
import static io.scoreline.journal.JournalFormat.TRUE_LENGTH_OFFSET;

/**
 * Appends events to rolling memory-mapped files (layout in {@link JournalFormat}). Single writer:
 * {@link #append} and {@link #endOfBatch} are called from one thread; {@link #bytesWritten()} may be
 * read from any. Allocates nothing per append; only rolling to a new file allocates.
 *
 * <p>Pretouching: the first write to a page of the mapping is a page fault (12-22 us for 4 KiB
 * here, more when the kernel maps a large folio at once). {@link #endOfBatch} keeps the next
 * {@link JournalConfig#pretouchBytes()} after the write position mapped, touching at most
 * {@link #PRETOUCH_PAGES_PER_BATCH} pages per call, so the faults fall between batches instead of
 * inside an append (the idea of Chronicle Queue's pretoucher, which does it from a timer thread).
 * Under {@link FsyncPolicy#NONE} the mapping is also advised {@code MADV_HUGEPAGE}: the kernel
 * then backs it with 2 MiB folios, one fault per 2 MiB (measured: 0.08 instead of 2.8 faults per
 * 1,000 records of 152 bytes). Not when forcing: an msync would write a whole dirty 2 MiB folio.
 */
public final class JournalWriter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    /** Bound on one {@link #endOfBatch}'s touching: 16 pages, 64 KiB of writes ahead per batch. */
    static final int PRETOUCH_PAGES_PER_BATCH = 16;
    private static final int PAGE_BYTES = 4096;
    /**
     * Written pages further behind the writer than this are dropped from the mapping, a step at a
     * time (issue 27): a mapped file's pages count in the process's resident set until the kernel
     * evicts them, ~120 MB after 40 s at 18k events/s. The page cache keeps them (dirty ones are
     * written back as before), so nothing is lost and a reader's own mapping is not touched.
     */
    static final long DROP_BEHIND_BYTES = 8L << 20;

    private final Path dir;
    private final long rollBytes;
    private final FsyncPolicy fsync;
    private final long fsyncIntervalNs;
    private final long pretouchBytes;
    private final String recoveryWarning;
    private final JournalForce force;
    private final LongSupplier nanoClock;
    private final byte[] header = new byte[RECORD_HEADER_BYTES];
    private final CRC32C crc = new CRC32C();
    private final AtomicLong bytesWritten = new AtomicLong();

    private MappedBytes bytes;
    private long capacity;
    private long position;
    private long nextOrdinal;
    private long closedFilesBytes;
    private long syncedPosition;
    private long lastSyncNanos;
    /** Pages below this offset of the current file are mapped for writing. */
    private long touchedTo;
    /** Pages of the current file below this offset were dropped from the mapping. */
    private long droppedTo;
    /** Cleared when madvise is not reachable (no native access): pages then stay mapped until the file rolls. */
    private boolean dropBehind = true;
    private boolean closed;

    private JournalWriter(
        final Path dir, final JournalConfig config, final String recoveryWarning, final JournalForce force,
        final LongSupplier nanoClock)
    {
        this.dir = dir;
        this.rollBytes = config.rollBytes();
        this.fsync = config.fsync();
        this.fsyncIntervalNs = config.fsyncIntervalMs() * 1_000_000L;
        this.pretouchBytes = config.pretouchBytes();
        this.recoveryWarning = recoveryWarning;
        this.force = force;
        this.nanoClock = nanoClock;
        this.lastSyncNanos = nanoClock.getAsLong() - fsyncIntervalNs; // the first batch is forced
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}, cuts a torn tail with one warning and
     * positions after the last good record.
     *
     * @throws IllegalArgumentException if the config is invalid.
     * @throws UncheckedIOException     if the directory or a file cannot be created or mapped.
     */
    public static JournalWriter open(final Path dir, final JournalConfig config)
    {
        return open(dir, config, JournalForce.DEVICE, System::nanoTime);
    }

    /** {@link #open(Path, JournalConfig)} with the force calls and the clock of {@code fsyncIntervalMs} given. */
    static JournalWriter open(final Path dir, final JournalConfig config, final JournalForce force, final LongSupplier nanoClock)
    {
        return open(dir, config, 0, force, nanoClock);
    }

    /**
     * {@link #open(Path, JournalConfig)} for a restart that replays from {@code verifyFrom} (a
     * snapshot's ordinal + 1): only the files holding ordinals from there on are walked record by
     * record; older files get their name and header checked ({@link Recovery}).
     */
    public static JournalWriter open(final Path dir, final JournalConfig config, final long verifyFrom)
    {
        return open(dir, config, verifyFrom, JournalForce.DEVICE, System::nanoTime);
    }

    static JournalWriter open(
        final Path dir, final JournalConfig config, final long verifyFrom, final JournalForce force, final LongSupplier nanoClock)
    {
        config.validate();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + dir, ex);
        }

        final List<Path> files = JournalFormat.listFiles(dir);
        final Recovery recovery = Recovery.scan(files, verifyFrom);
        for (int i = recovery.keptFiles; i < files.size(); i++)
        {
            setAside(files.get(i));
        }
        if (null != recovery.warning)
        {
            LOG.warn(recovery.warning);
        }

        final JournalWriter writer = new JournalWriter(dir, config, recovery.warning, force, nanoClock);
        writer.nextOrdinal = recovery.nextOrdinal;
        if (0 == recovery.keptFiles)
        {
            writer.createFile(recovery.nextOrdinal);
        }
        else
        {
            writer.closedFilesBytes = recovery.keptBytes - recovery.endPosition;
            writer.reopen(files.get(recovery.keptFiles - 1).toFile(), recovery.endPosition);
        }
        writer.bytesWritten.set(writer.closedFilesBytes + writer.position);
        writer.pretouch(Long.MAX_VALUE); // the whole headroom now, at start
        return writer;
    }

    /** Last good ordinal + 1; 0 for an empty journal. */
    public long nextOrdinal()
    {
        return nextOrdinal;
    }

    /**
     * Appends one event. {@code ordinal} must be {@link #nextOrdinal()}; {@code storedLength} bytes of
     * {@code line} are kept, {@code trueLength} (>= storedLength) is the line's full length.
     *
     * @throws IllegalArgumentException on an out-of-sequence ordinal or bad lengths: a caller bug.
     */
    public void append(
        final long ordinal,
        final long receivedNanos,
        final byte[] line,
        final int offset,
        final int storedLength,
        final int trueLength)
    {
        if (ordinal != nextOrdinal)
        {
            throw new IllegalArgumentException("journal ordinal " + ordinal + " where " + nextOrdinal + " was expected");
        }
        if (storedLength < 0 || storedLength > MAX_STORED_BYTES || trueLength < storedLength)
        {
            throw new IllegalArgumentException("journal record of stored length " + storedLength +
                " and true length " + trueLength + " (stored must be 0.." + MAX_STORED_BYTES + " and <= true)");
        }

        final int recordLength = RECORD_OVERHEAD + storedLength;
        final int size = JournalFormat.alignedSize(recordLength);
        if (position + size > capacity)
        {
            roll(ordinal);
        }

        final byte[] header = this.header;
        JournalFormat.putInt(header, 0, recordLength);
        JournalFormat.putInt(header, TRUE_LENGTH_OFFSET, trueLength);
        JournalFormat.putLong(header, ORDINAL_OFFSET, ordinal);
        JournalFormat.putLong(header, RECEIVED_NANOS_OFFSET, receivedNanos);
        crc.reset();
        crc.update(header, 0, RECORD_HEADER_BYTES);
        crc.update(line, offset, storedLength);

        final long p = position;
        final MappedBytes bytes = this.bytes;
        bytes.write(p + TRUE_LENGTH_OFFSET, header, TRUE_LENGTH_OFFSET, RECORD_HEADER_BYTES - TRUE_LENGTH_OFFSET);
        bytes.write(p + RECORD_HEADER_BYTES, line, offset, storedLength);
        bytes.writeInt(p + RECORD_HEADER_BYTES + storedLength, (int)crc.getValue());
        // Commit word last: a reader or recovery never takes a half-written record for a whole one.
        bytes.writeOrderedInt(p, recordLength);

        position = p + size;
        nextOrdinal = ordinal + 1;
        bytesWritten.lazySet(closedFilesBytes + position);
        if (FsyncPolicy.EVERY == fsync)
        {
            sync();
        }
    }

    /**
     * Forces written records to the device when the {@link FsyncPolicy} asks for it, then touches
     * up to {@link #PRETOUCH_PAGES_PER_BATCH} pages ahead of the write position.
     */
    public void endOfBatch()
    {
        if (FsyncPolicy.BATCH == fsync && position != syncedPosition)
        {
            final long now = nanoClock.getAsLong();
            if (now - lastSyncNanos >= fsyncIntervalNs)
            {
                sync();
                lastSyncNanos = now;
            }
        }
        pretouch(PRETOUCH_PAGES_PER_BATCH);
        if (position - droppedTo >= 2 * DROP_BEHIND_BYTES && dropBehind)
        {
            dropBehind();
        }
    }

    /** Drops the pages of [droppedTo, position - DROP_BEHIND_BYTES) from the mapping (2 MiB aligned). */
    private void dropBehind()
    {
        final long to = (position - DROP_BEHIND_BYTES) & -(2L << 20);
        if (PageAdvice.dontNeed(bytes.bytesStore().addressForWrite(0) + droppedTo, to - droppedTo))
        {
            droppedTo = to;
        }
        else
        {
            dropBehind = false;
        }
    }

    /**
     * Maps up to {@code maxPages} pages of the headroom ahead of the write position. The touch is a
     * compare-and-swap of 0 for 0: a write to the page that changes no byte (the space ahead is
     * zeros, and a CAS never overwrites a record), so readers and recovery see nothing of it.
     */
    private void pretouch(final long maxPages)
    {
        final long end = Math.min(capacity, position + pretouchBytes);
        long page = Math.max(touchedTo, position - position % PAGE_BYTES);
        for (long n = 0; page < end && n < maxPages; n++)
        {
            bytes.compareAndSwapInt(page, 0, 0);
            page += PAGE_BYTES;
        }
        touchedTo = Math.max(touchedTo, page);
    }

    /** End of the pretouched region of the current file (for tests). */
    long touchedTo()
    {
        return touchedTo;
    }

    /**
     * Bytes of the current file's mapping that can be resident: written or pretouched, and not
     * yet dropped behind the writer. Any thread; a racy read.
     */
    public long windowBytes()
    {
        return touchedTo - droppedTo;
    }

    /** Good data in all files, headers included; safe to read from any thread. */
    public long bytesWritten()
    {
        return bytesWritten.get();
    }

    /** The warning logged when open cut a torn tail, or null if the journal ended cleanly. */
    String recoveryWarning()
    {
        return recoveryWarning;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (FsyncPolicy.NONE != fsync)
            {
                sync();
            }
            JournalFormat.unmap(bytes);
        }
    }

    /** Forces what was appended and not yet forced to the device, whatever the fsync policy (a graceful drain). */
    public void force()
    {
        if (!closed && position > syncedPosition)
        {
            sync();
        }
    }

    private void sync()
    {
        force.forceFile(bytes, position);
        syncedPosition = position;
    }

    private void roll(final long firstOrdinal)
    {
        if (FsyncPolicy.NONE != fsync)
        {
            sync();
        }
        closedFilesBytes += position;
        JournalFormat.unmap(bytes);
        createFile(firstOrdinal);
        if (FsyncPolicy.NONE != fsync)
        {
            syncDirectory();
        }
    }

    private void createFile(final long firstOrdinal)
    {
        final File file = dir.resolve(JournalFormat.fileName(firstOrdinal)).toFile();
        if (file.exists())
        {
            throw new IllegalStateException("journal file " + file + " already exists");
        }
        capacity = rollBytes;
        bytes = JournalFormat.map(file, capacity, false);
        adviseHugePages();
        JournalFormat.writeHeader(bytes, firstOrdinal);
        position = HEADER_BYTES;
        syncedPosition = 0;
        touchedTo = 0;
        droppedTo = 0;
    }

    private void reopen(final File file, final long endPosition)
    {
        // Drop everything past the good data so no stale bytes can ever follow a new record.
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.setLength(endPosition);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot truncate journal file " + file, ex);
        }
        capacity = Math.max(rollBytes, endPosition);
        bytes = JournalFormat.map(file, capacity, false);
        adviseHugePages();
        position = endPosition;
        syncedPosition = 0;
        touchedTo = 0;
        droppedTo = 0;
    }

    /** Best effort: without native access (or off Linux) the journal works as before, with one log line. */
    private void adviseHugePages()
    {
        if (FsyncPolicy.NONE != fsync || 0 == pretouchBytes)
        {
            return;
        }
        PageAdvice.hugePages(bytes.bytesStore().addressForWrite(0), capacity);
    }

    private void syncDirectory()
    {
        try
        {
            force.forceDirectory(dir);
        }
        catch (final IOException ex)
        {
            LOG.warn("journal: cannot fsync directory {}: {}", dir, ex.toString());
        }
    }

    private static void setAside(final Path file)
    {
        final Path target = file.resolveSibling(file.getFileName() + ".torn-" + System.currentTimeMillis());
        try
        {
            Files.move(file, target);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set aside journal file " + file, ex);
        }
    }
}
