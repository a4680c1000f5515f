package io.scoreline.journal;

import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.scoreline.journal.Records.HEADER_BYTES;
import static io.scoreline.journal.Records.appendRange;
import static io.scoreline.journal.Records.assertContinuous;
import static io.scoreline.journal.Records.line;
import static io.scoreline.journal.Records.readAllCheckingContent;
import static io.scoreline.journal.Records.recordSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalWriterTest
{
    private static final JournalConfig SMALL_FILES = new JournalConfig().rollBytes(JournalConfig.MIN_ROLL_BYTES);

    @TempDir
    Path dir;

    @Test
    void shouldUnmapEachFileItRollsPastSoTheResidentSetStaysFlat() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            Records.appendRange(writer, 0, 2000); // 16 or more files of 16 KiB
            writer.endOfBatch();
            assertTrue(JournalFormat.listFiles(dir).size() >= 10, "the journal rolled");
            assertEquals(1, awaitMappingsUnder(dir, 1), "only the file being written stays mapped");
        }
        assertEquals(0, awaitMappingsUnder(dir, 0), "nothing stays mapped after close");
    }

    /** Chronicle unmaps on a background releaser thread: give it a few seconds to get down to {@code expected}. */
    private static long awaitMappingsUnder(final Path dir, final long expected) throws Exception
    {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        long mappings = mappingsUnder(dir);
        while (mappings > expected && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
            mappings = mappingsUnder(dir);
        }
        return mappings;
    }

    /** Distinct files under the directory that this process has mapped, from /proc/self/maps (Linux). */
    private static long mappingsUnder(final Path dir) throws Exception
    {
        final String prefix = dir.toRealPath().toString();
        return java.nio.file.Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .map(line -> line.substring(line.lastIndexOf(' ') + 1))
            .filter(file -> file.startsWith(prefix))
            .distinct()
            .count();
    }

    @Test
    void shouldReadBackEveryRecordAcrossSeveralRolledFilesWithContinuousOrdinals() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, 2_000);
            assertEquals(2_000, writer.nextOrdinal());
        }

        final List<String> names = journalFiles();
        assertTrue(names.size() >= 10, "2000 records of ~140 bytes in 16 KiB files: " + names);
        assertEquals("journal-0000000000000000000.wire", names.get(0));
        assertContinuous(readAllCheckingContent(dir), 2_000);
    }

    @Test
    void shouldNameEachRolledFileByItsFirstOrdinal() throws Exception
    {
        // Lines of 100 bytes make 128-byte records: (16384 - 256) / 128 = 126 records per file.
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            for (long ordinal = 0; ordinal < 300; ordinal++)
            {
                final byte[] line = line(ordinal, 100);
                writer.append(ordinal, 0, line, 0, 100, 100);
            }
        }
        assertEquals(List.of(
            "journal-0000000000000000000.wire",
            "journal-0000000000000000126.wire",
            "journal-0000000000000000252.wire"), journalFiles());
    }

    @Test
    void shouldContinueOrdinalsAfterReopening()
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, 300);
        }
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            assertEquals(300, writer.nextOrdinal());
            assertNull(writer.recoveryWarning());
            appendRange(writer, 300, 450);
        }
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig()))
        {
            assertEquals(450, writer.nextOrdinal());
            appendRange(writer, 450, 500);
        }
        assertContinuous(readAllCheckingContent(dir), 500);
    }

    @Test
    void shouldRejectAnOutOfSequenceOrdinal()
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, 3);
            final byte[] line = line(4);
            assertThrows(IllegalArgumentException.class, () -> writer.append(4, 0, line, 0, line.length, line.length));
            assertThrows(IllegalArgumentException.class, () -> writer.append(2, 0, line, 0, line.length, line.length));
            assertEquals(3, writer.nextOrdinal());
        }
    }

    @Test
    void shouldRejectStoredLengthsTheFormatCannotHold()
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            final byte[] big = new byte[8193];
            assertThrows(IllegalArgumentException.class, () -> writer.append(0, 0, big, 0, 8193, 8193));
            assertThrows(IllegalArgumentException.class, () -> writer.append(0, 0, big, 0, 10, 9));
            assertThrows(IllegalArgumentException.class, () -> writer.append(0, 0, big, 0, -1, 0));
        }
    }

    @Test
    void shouldReadAnAbsentDirectoryAsAnEmptyJournal()
    {
        final Path absent = dir.resolve("absent");
        try (JournalReader reader = JournalReader.open(absent))
        {
            assertFalse(reader.next((o, n, b, off, s, t) -> { throw new AssertionError("no records"); }));
        }
        assertFalse(Files.exists(absent));
    }

    @Test
    void shouldCreateAnAbsentDirectoryAndStartAtOrdinalZero() throws Exception
    {
        final Path absent = dir.resolve("a/b");
        try (JournalWriter writer = JournalWriter.open(absent, SMALL_FILES))
        {
            assertEquals(0, writer.nextOrdinal());
            assertEquals(HEADER_BYTES, writer.bytesWritten());
            assertNull(writer.recoveryWarning());
        }
        assertTrue(Files.isDirectory(absent));
        try (JournalReader reader = JournalReader.open(absent))
        {
            assertFalse(reader.next((o, n, b, off, s, t) -> { throw new AssertionError("no records"); }));
        }
        try (JournalWriter writer = JournalWriter.open(absent, SMALL_FILES))
        {
            assertEquals(0, writer.nextOrdinal());
        }
    }

    @Test
    void shouldStoreAndReadBackACutLineWithItsTrueLength()
    {
        // The pipeline keeps MAX_LINE_BYTES + 1 = 4097 bytes of a too-long line and its true length.
        final byte[] line = line(0, 4097);
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            writer.append(0, 123, line, 0, 4097, 1_000_000);
            writer.append(1, 456, new byte[0], 0, 0, 0);
        }
        final long[] fields = new long[8];
        final byte[][] stored = new byte[1][];
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertTrue(reader.next((o, n, b, off, s, t) ->
            {
                fields[0] = o;
                fields[1] = n;
                fields[2] = s;
                fields[3] = t;
                stored[0] = java.util.Arrays.copyOfRange(b, off, off + s);
            }));
            assertTrue(reader.next((o, n, b, off, s, t) ->
            {
                fields[4] = o;
                fields[5] = n;
                fields[6] = s;
                fields[7] = t;
            }));
            assertFalse(reader.next((o, n, b, off, s, t) -> { throw new AssertionError("only two records"); }));
        }
        assertArrayEquals(new long[]{0, 123, 4097, 1_000_000, 1, 456, 0, 0}, fields);
        assertArrayEquals(line, stored[0]);
    }

    @Test
    void shouldCountHeaderAndPaddedRecordsInBytesWritten()
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            writer.append(0, 0, new byte[100], 0, 100, 100);
            writer.append(1, 0, new byte[5], 0, 5, 5);
            // 28 + 100 = 128; 28 + 5 = 33 padded to 40.
            assertEquals(256 + 128 + 40, writer.bytesWritten());
        }
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            assertEquals(256 + 128 + 40, writer.bytesWritten());
            // 16384 - 424 = 15960 bytes left: 124 more records of 128 fit (15872), the 125th rolls.
            for (long ordinal = 2; ordinal < 127; ordinal++)
            {
                writer.append(ordinal, 0, new byte[100], 0, 100, 100);
            }
            assertEquals(256 + 128 + 40 + 124 * 128 + 256 + 128, writer.bytesWritten());
        }
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void shouldRoundTripUnderEveryFsyncPolicy(final FsyncPolicy policy)
    {
        final JournalConfig config = new JournalConfig().rollBytes(JournalConfig.MIN_ROLL_BYTES).fsync(policy);
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            for (int batch = 0; batch < 10; batch++)
            {
                appendRange(writer, batch * 30L, batch * 30L + 30);
            }
        }
        assertContinuous(readAllCheckingContent(dir), 300);
    }

    /**
     * Bytes allocated by the appending (and then the reading) thread in every window of 10k records
     * after a warm-up, none left out: the windows that stay in one file (25 of them, 250k appends,
     * then 250k reads) must together stay under the shared one-off bound ({@link Allocations#ONE_OFF_BYTES});
     * a window in which the writer rolls (or the reader moves) to the next file is counted and reported
     * apart, since rolling maps a new file. 4 MiB files hold (4194304 - 256) / 152 = 27,592 records of 120 bytes.
     */
    @Test
    void shouldAllocateNothingPerAppendOrPerReadOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads = Allocations.counter();
        final int recordsPerFile = 27_592;
        final int window = 10_000;
        final int warmup = 300_000;
        final int windows = 40;
        final byte[] line = line(7, 120);
        final long[] ordinal = new long[1];

        final List<Long> steadyAppends = new ArrayList<>();
        final List<Long> rollAppends = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig().rollBytes(4L << 20)))
        {
            appendBatches(writer, line, ordinal, warmup);
            for (int w = 0; w < windows; w++)
            {
                final long first = ordinal[0];
                final long before = threads.getCurrentThreadAllocatedBytes();
                appendBatches(writer, line, ordinal, window);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                // The append of ordinal k * recordsPerFile (k >= 1) rolls to a new file; reading it moves to that file.
                final boolean rolled = (first + window - 1) / recordsPerFile != (first - 1) / recordsPerFile;
                (rolled ? rollAppends : steadyAppends).add(allocated);
            }
        }
        final long appended = ordinal[0];
        assertEquals(1 + (appended - 1) / recordsPerFile, JournalFormat.listFiles(dir).size(), "files as calculated");

        final long[] sum = new long[1];
        final JournalReader.RecordVisitor visitor = (o, n, b, off, s, t) -> sum[0] += s;
        final List<Long> steadyReads = new ArrayList<>();
        final List<Long> fileChangeReads = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            long read = read(reader, visitor, warmup);
            for (int w = 0; w < windows; w++)
            {
                final long first = read;
                final long before = threads.getCurrentThreadAllocatedBytes();
                read += read(reader, visitor, window);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                final boolean moved = (first + window - 1) / recordsPerFile != (first - 1) / recordsPerFile;
                (moved ? fileChangeReads : steadyReads).add(allocated);
            }
            assertFalse(reader.next(visitor));
            assertEquals(appended, read);
        }
        System.out.println("journal: bytes allocated per 10k appends " + steadyAppends + ", in windows with a roll " +
            rollAppends + "; per 10k reads " + steadyReads + ", in windows that change file " + fileChangeReads);

        // 40 windows from ordinal 300,000 cross the file starts 11 x 27,592 .. 25 x 27,592: 15 of them.
        assertEquals(15, rollAppends.size());
        assertEquals(15, fileChangeReads.size());
        assertEquals(windows - 15, steadyAppends.size());
        Allocations.assertOneOff(sum(steadyAppends), steadyAppends.size() + " windows of 10k appends " + steadyAppends);
        Allocations.assertOneOff(sum(steadyReads), steadyReads.size() + " windows of 10k reads " + steadyReads);
        assertEquals(appended * 120, sum[0]);
    }

    private static long sum(final List<Long> windows)
    {
        return windows.stream().mapToLong(Long::longValue).sum();
    }

    private static void appendBatches(final JournalWriter writer, final byte[] line, final long[] ordinal, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            writer.append(ordinal[0]++, i, line, 0, 120, 120);
            if ((i & 63) == 63)
            {
                writer.endOfBatch();
            }
        }
    }

    private static int read(final JournalReader reader, final JournalReader.RecordVisitor visitor, final int count)
    {
        int read = 0;
        for (int i = 0; i < count; i++)
        {
            read += reader.next(visitor) ? 1 : 0;
        }
        return read;
    }

    private List<String> journalFiles() throws Exception
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wire")).sorted()
                .collect(Collectors.toList());
        }
    }
}
