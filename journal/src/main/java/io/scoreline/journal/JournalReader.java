package io.scoreline.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a journal from its first record, file by file, through read-only mappings. Stops at the
 * first torn record or out-of-sequence file (with a warning), so it never returns data that
 * recovery would cut. Allocates nothing per record: the visitor sees a reused buffer.
 */
public final class JournalReader implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

    private final List<Path> files;
    private final RecordCursor cursor = new RecordCursor();
    private int fileIndex = -1;
    private long expectedOrdinal = -1;
    private MappedBytes bytes;
    private boolean done;
    private long skipBelow = Long.MIN_VALUE;

    private JournalReader(final List<Path> files)
    {
        this.files = files;
    }

    /**
     * Opens the journal in {@code dir} at {@code fromOrdinal} (a restart from a snapshot): whole
     * files before it are not read, and the records before it in the file that holds it are
     * checked and skipped. {@link #next} returns records from {@code fromOrdinal} on.
     */
    public static JournalReader open(final Path dir, final long fromOrdinal)
    {
        final List<Path> all = JournalFormat.listFiles(dir);
        int first = 0;
        while (first + 1 < all.size() && JournalFormat.firstOrdinalOf(all.get(first + 1).getFileName().toString()) <= fromOrdinal)
        {
            first++;
        }
        final JournalReader reader = new JournalReader(all.subList(first, all.size()));
        reader.skipBelow = fromOrdinal;
        return reader;
    }

    /** The first ordinal the journal in {@code dir} holds (its first file's), or -1 if it has none. */
    public static long firstOrdinal(final Path dir)
    {
        final List<Path> files = JournalFormat.listFiles(dir);
        return files.isEmpty() ? -1 : JournalFormat.firstOrdinalOf(files.get(0).getFileName().toString());
    }

    /** Opens the journal in {@code dir}; an absent or empty directory reads as an empty journal. */
    public static JournalReader open(final Path dir)
    {
        return new JournalReader(JournalFormat.listFiles(dir));
    }

    /**
     * Reads the next record into the visitor; false at the end. No allocation per record. The
     * buffer is valid only during the call.
     */
    public boolean next(final RecordVisitor visitor)
    {
        while (!done)
        {
            if (null == bytes && !openNextFile())
            {
                done = true;
                break;
            }
            final int status = cursor.next();
            if (RecordCursor.RECORD == status && cursor.ordinal() < skipBelow)
            {
                continue;
            }
            if (RecordCursor.RECORD == status)
            {
                visitor.onRecord(cursor.ordinal(), cursor.receivedNanos(), cursor.payload(), 0,
                    cursor.storedLength(), cursor.trueLength());
                return true;
            }
            if (RecordCursor.TORN == status)
            {
                LOG.warn("journal: reading stops at torn record in {} byte {} ({})",
                    files.get(fileIndex).getFileName(), cursor.position(), cursor.tornReason());
                done = true;
            }
            expectedOrdinal = cursor.expectedOrdinal();
            closeFile();
        }
        return false;
    }

    @Override
    public void close()
    {
        done = true;
        closeFile();
    }

    private boolean openNextFile()
    {
        if (++fileIndex >= files.size())
        {
            return false;
        }
        final File file = files.get(fileIndex).toFile();
        final long nameOrdinal = JournalFormat.firstOrdinalOf(file.getName());
        final long length = file.length();
        if ((expectedOrdinal >= 0 && nameOrdinal != expectedOrdinal) || length < JournalFormat.HEADER_BYTES)
        {
            LOG.warn("journal: reading stops at {}: {}", file.getName(),
                length < JournalFormat.HEADER_BYTES ? "no complete header" : "expected first ordinal " + expectedOrdinal);
            return false;
        }
        bytes = JournalFormat.map(file, length, true);
        if (JournalFormat.readHeader(bytes) != nameOrdinal)
        {
            LOG.warn("journal: reading stops at {}: bad header", file.getName());
            closeFile();
            return false;
        }
        cursor.reset(bytes, length, nameOrdinal);
        return true;
    }

    private void closeFile()
    {
        if (null != bytes)
        {
            JournalFormat.unmap(bytes);
            bytes = null;
        }
    }

    /** Receives one record; {@code buffer} is reused, copy what must outlive the call. */
    public interface RecordVisitor
    {
        void onRecord(long ordinal, long receivedNanos, byte[] buffer, int offset, int storedLength, int trueLength);
    }
}
