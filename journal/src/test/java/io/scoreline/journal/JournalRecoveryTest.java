package io.scoreline.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.scoreline.journal.Records.HEADER_BYTES;
import static io.scoreline.journal.Records.appendRange;
import static io.scoreline.journal.Records.assertContinuous;
import static io.scoreline.journal.Records.line;
import static io.scoreline.journal.Records.readAllCheckingContent;
import static io.scoreline.journal.Records.recordSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damages a journal's tail the ways a crash, a disk or a stray write can, then recovers it. */
class JournalRecoveryTest
{
    private static final JournalConfig SMALL_FILES = new JournalConfig().rollBytes(JournalConfig.MIN_ROLL_BYTES);
    private static final int RECORDS = 50;
    private static final long LAST = RECORDS - 1;

    @TempDir
    Path dir;

    /** Offset of a record in the file whose first ordinal is {@code first}: header, then padded records. */
    private static long offsetOf(final long first, final long ordinal)
    {
        long offset = HEADER_BYTES;
        for (long k = first; k < ordinal; k++)
        {
            offset += recordSize(line(k).length);
        }
        return offset;
    }

    /** Unpadded length of a record: 28 bytes of framing plus the line. */
    private static int lengthOf(final long ordinal)
    {
        return 28 + line(ordinal).length;
    }

    private Path singleFileJournal()
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, RECORDS);
        }
        final Path file = dir.resolve("journal-0000000000000000000.wire");
        assertTrue(Files.exists(file));
        return file;
    }

    private void assertRecoversTo(final long expectedNext, final boolean expectWarning)
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            assertEquals(expectedNext, writer.nextOrdinal());
            if (expectWarning)
            {
                assertNotNull(writer.recoveryWarning(), "a cut tail must be reported");
                assertTrue(writer.recoveryWarning().contains("torn tail cut"), writer.recoveryWarning());
            }
            else
            {
                assertNull(writer.recoveryWarning());
            }
            appendRange(writer, expectedNext, expectedNext + 20);
        }
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            assertNull(writer.recoveryWarning(), "the tail was cut once and for all");
            assertEquals(expectedNext + 20, writer.nextOrdinal());
        }
        assertContinuous(readAllCheckingContent(dir), expectedNext + 20);
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    private static void write(final Path file, final long position, final byte[] bytes) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            raf.write(bytes);
        }
    }

    private static void flipBit(final Path file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            final int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x10);
        }
    }

    @ParameterizedTest(name = "cut {0} bytes into the last record")
    @ValueSource(ints = {1, 3, 4, 10, 23, 24, 30, -5, -2, -1})
    void shouldCutALastRecordTruncatedMidWayAndResumeAppendingAtItsOrdinal(final int cut) throws IOException
    {
        final Path file = singleFileJournal();
        final long start = offsetOf(0, LAST);
        // Negative: counted back from the end of the record's unpadded length (inside the checksum).
        truncate(file, cut > 0 ? start + cut : start + lengthOf(LAST) + cut);
        assertRecoversTo(LAST, true);
    }

    @Test
    void shouldTreatATruncationOnARecordBoundaryAsACleanEnd() throws IOException
    {
        final Path file = singleFileJournal();
        truncate(file, offsetOf(0, LAST));
        assertRecoversTo(LAST, false);
    }

    @Test
    void shouldCutALastRecordWhoseTailIsZeroFilled() throws IOException
    {
        final Path file = singleFileJournal();
        final long start = offsetOf(0, LAST);
        final long length = Files.size(file);
        truncate(file, start + 40);
        truncate(file, length);
        assertRecoversTo(LAST, true);
    }

    @Test
    void shouldCutARecordWrittenButNeverCommitted() throws IOException
    {
        // The commit word (record length) is stored last; a crash before it leaves it zero.
        final Path file = singleFileJournal();
        write(file, offsetOf(0, LAST), new byte[4]);
        assertRecoversTo(LAST, true);
    }

    @Test
    void shouldTreatAnAllZeroLastRecordAsNeverWritten() throws IOException
    {
        final Path file = singleFileJournal();
        write(file, offsetOf(0, LAST), new byte[recordSize(line(LAST).length)]);
        assertRecoversTo(LAST, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldCutGarbageOverwritingTheLastRecord(final long seed) throws IOException
    {
        final Path file = singleFileJournal();
        final byte[] garbage = new byte[64];
        new Random(seed).nextBytes(garbage);
        garbage[0] |= 1;
        write(file, offsetOf(0, LAST), garbage);
        assertRecoversTo(LAST, true);
    }

    @Test
    void shouldCutGarbageAfterTheLastGoodRecord() throws IOException
    {
        final Path file = singleFileJournal();
        final byte[] garbage = new byte[100];
        new Random(7).nextBytes(garbage);
        garbage[0] |= 1;
        write(file, offsetOf(0, RECORDS), garbage);
        assertRecoversTo(RECORDS, true);
    }

    @Test
    void shouldCutALastRecordWithACorruptChecksum() throws IOException
    {
        final Path file = singleFileJournal();
        flipBit(file, offsetOf(0, LAST) + lengthOf(LAST) - 4);
        assertRecoversTo(LAST, true);
    }

    @Test
    void shouldCutALastRecordWithACorruptLineByte() throws IOException
    {
        final Path file = singleFileJournal();
        flipBit(file, offsetOf(0, LAST) + 24 + 3);
        assertRecoversTo(LAST, true);
    }

    @Test
    void shouldCutAtACorruptRecordInAnEarlierFileAndSetLaterFilesAside() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, 500);
        }
        final List<Path> files = journalFiles();
        assertTrue(files.size() >= 4, files.toString());
        final Path second = files.get(1);
        final long first = JournalFormat.firstOrdinalOf(second.getFileName().toString());
        final long victim = first + 10;
        flipBit(second, offsetOf(first, victim) + 24);

        assertRecoversTo(victim, true);
        try (Stream<Path> entries = Files.list(dir))
        {
            final long setAside = entries.filter(p -> p.getFileName().toString().contains(".wire.torn-")).count();
            assertEquals(files.size() - 2, setAside);
        }
    }

    @Test
    void shouldSetAsideALastFileWithABadHeaderAndResumeInThePreviousFile() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, 200);
        }
        final List<Path> files = journalFiles();
        final Path last = files.get(files.size() - 1);
        final long first = JournalFormat.firstOrdinalOf(last.getFileName().toString());
        write(last, 0, new byte[16]);

        assertRecoversTo(first, true);
    }

    @Test
    void shouldReadUpToButNotPastACorruptRecord() throws IOException
    {
        final Path file = singleFileJournal();
        flipBit(file, offsetOf(0, 30) + 30);
        assertContinuous(readAllCheckingContent(dir), 30);
    }

    private List<Path> journalFiles() throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.filter(p -> p.getFileName().toString().endsWith(".wire")).sorted().collect(Collectors.toList());
        }
    }
}
