package io.scoreline.journal;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * On-disk layout of one journal file, shared by writer, reader and recovery.
 *
 * <pre>
 * file   = header (HEADER_BYTES, a Chronicle Wire BINARY_LIGHT meta-data document, zero padded)
 *          record* (each starting 8-byte aligned) zero*
 * record = int   recordLength   28 + storedLength; 0 = end of data; written last, ordered (commit word)
 *          int   trueLength     the line's length before the pipeline cut it to storedLength
 *          long  ordinal        previous record's ordinal + 1
 *          long  receivedNanos  receive time, epoch nanoseconds
 *          byte[storedLength]   the raw line
 *          int   crc32c         over recordLength..line
 *          zero padding to the next multiple of 8
 * </pre>
 * Numbers are little-endian: the record header is encoded so explicitly, and Chronicle runs only on
 * little-endian platforms, where its native-order commit word and crc agree. Files are named
 * {@code journal-<first ordinal, 19 digits>.wire} so name order is ordinal order.
 */
final class JournalFormat
{
    static final String FORMAT_NAME = "scoreline-journal";
    static final int VERSION = 1;
    static final int HEADER_BYTES = 256;
    static final int RECORD_HEADER_BYTES = 24;
    static final int CHECKSUM_BYTES = 4;
    static final int RECORD_OVERHEAD = RECORD_HEADER_BYTES + CHECKSUM_BYTES;
    /** Largest stored line; the pipeline stores at most GameEvent.MAX_LINE_BYTES + 1 = 4097. */
    static final int MAX_STORED_BYTES = 8192;

    static final int TRUE_LENGTH_OFFSET = 4;
    static final int ORDINAL_OFFSET = 8;
    static final int RECEIVED_NANOS_OFFSET = 16;

    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".wire";
    private static final int DIGITS = 19;

    private JournalFormat()
    {
    }

    /*
     * Little-endian codecs for the record header scratch array. Plain shifts, not a byte-array
     * VarHandle: compiled code customising a VarHandle's LambdaForms allocates now and then.
     */
    static void putInt(final byte[] buffer, final int index, final int value)
    {
        buffer[index] = (byte)value;
        buffer[index + 1] = (byte)(value >>> 8);
        buffer[index + 2] = (byte)(value >>> 16);
        buffer[index + 3] = (byte)(value >>> 24);
    }

    static void putLong(final byte[] buffer, final int index, final long value)
    {
        putInt(buffer, index, (int)value);
        putInt(buffer, index + 4, (int)(value >>> 32));
    }

    static int getInt(final byte[] buffer, final int index)
    {
        return (buffer[index] & 0xFF) | (buffer[index + 1] & 0xFF) << 8 | (buffer[index + 2] & 0xFF) << 16 |
            (buffer[index + 3] & 0xFF) << 24;
    }

    static long getLong(final byte[] buffer, final int index)
    {
        return (getInt(buffer, index) & 0xFFFF_FFFFL) | (long)getInt(buffer, index + 4) << 32;
    }

    static int alignedSize(final int recordLength)
    {
        return (recordLength + 7) & ~7;
    }

    static String fileName(final long firstOrdinal)
    {
        return PREFIX + String.format("%0" + DIGITS + "d", firstOrdinal) + SUFFIX;
    }

    /** @return the first ordinal encoded in a journal file name, or -1 if it is not one. */
    static long firstOrdinalOf(final String name)
    {
        if (name.length() != PREFIX.length() + DIGITS + SUFFIX.length() || !name.startsWith(PREFIX) ||
            !name.endsWith(SUFFIX))
        {
            return -1;
        }
        long value = 0;
        for (int i = PREFIX.length(), end = PREFIX.length() + DIGITS; i < end; i++)
        {
            final char c = name.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Journal files of a directory in ordinal order; empty if the directory does not exist. */
    static List<Path> listFiles(final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            entries.filter(p -> firstOrdinalOf(p.getFileName().toString()) >= 0 && Files.isRegularFile(p))
                .sorted()
                .forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal directory " + dir, ex);
        }
        return files;
    }

    static MappedBytes map(final File file, final long capacity, final boolean readOnly)
    {
        try
        {
            final MappedBytes bytes = MappedBytes.singleMappedBytes(file, capacity, readOnly);
            // Opened on one thread, used on the journal stage's thread, closed on another.
            bytes.singleThreadedCheckDisabled(true);
            return bytes;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map journal file " + file, ex);
        }
    }

    /**
     * Releases a mapping for good. Releasing the {@link MappedBytes} alone leaves the file mapped
     * (its mapped file and store each keep a reference), so a long-running writer would keep
     * every rolled file in its address space and its resident set: release all three.
     */
    static void unmap(final MappedBytes bytes)
    {
        final MappedFile file = bytes.mappedFile();
        final BytesStore<?, ?> store = bytes.bytesStore();
        bytes.releaseLast();
        if (file != null && file.refCount() > 0)
        {
            file.releaseLast();
        }
        if (store != null && store.refCount() > 0)
        {
            store.releaseLast();
        }
    }

    static void writeHeader(final MappedBytes bytes, final long firstOrdinal)
    {
        bytes.writePosition(0);
        final Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        try (DocumentContext dc = wire.writingDocument(true))
        {
            dc.wire().write("format").text(FORMAT_NAME)
                .write("version").int32(VERSION)
                .write("firstOrdinal").int64(firstOrdinal)
                .write("recordsAt").int32(HEADER_BYTES)
                .write("maxStoredBytes").int32(MAX_STORED_BYTES)
                .write("created").int64(System.currentTimeMillis());
        }
        if (bytes.writePosition() > HEADER_BYTES)
        {
            throw new IllegalStateException("journal header overflows its " + HEADER_BYTES + " bytes");
        }
    }

    /** @return the header's first ordinal, or -1 if the header is missing, partial or foreign. */
    static long readHeader(final MappedBytes bytes)
    {
        if (bytes.capacity() < HEADER_BYTES)
        {
            return -1;
        }
        try
        {
            bytes.readPositionRemaining(0, HEADER_BYTES);
            final Wire wire = WireType.BINARY_LIGHT.apply(bytes);
            try (DocumentContext dc = wire.readingDocument())
            {
                if (!dc.isPresent() || !dc.isMetaData())
                {
                    return -1;
                }
                final String format = dc.wire().read("format").text();
                final int version = dc.wire().read("version").int32();
                final long firstOrdinal = dc.wire().read("firstOrdinal").int64();
                final int recordsAt = dc.wire().read("recordsAt").int32();
                if (!FORMAT_NAME.equals(format) || VERSION != version || HEADER_BYTES != recordsAt || firstOrdinal < 0)
                {
                    return -1;
                }
                return firstOrdinal;
            }
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
    }
}
