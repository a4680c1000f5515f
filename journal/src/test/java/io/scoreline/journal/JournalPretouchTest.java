package io.scoreline.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static io.scoreline.journal.Records.appendRange;
import static io.scoreline.journal.Records.assertContinuous;
import static io.scoreline.journal.Records.readAllCheckingContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JournalPretouchTest
{
    private static final int PAGE = 4096;
    private static final Path THREAD_STAT = Paths.get("/proc/thread-self/stat");

    @TempDir
    Path dir;
    private final byte[] statBytes = new byte[1024];
    private RandomAccessFile stat;

    @AfterEach
    void closeStat() throws Exception
    {
        if (stat != null)
        {
            stat.close();
        }
    }

    @Test
    void shouldTouchTheWholeHeadroomWhenOpening()
    {
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig()))
        {
            // Records start at 256; the headroom ends at 256 + 1 MiB = 1,048,832, inside page 256,
            // so pages 0..256 are touched: 257 pages.
            assertEquals(257L * PAGE, writer.touchedTo());
        }
    }

    @Test
    void shouldTouchAtMostSixteenPagesAtTheEndOfABatch()
    {
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig().pretouchBytes(64 * PAGE)))
        {
            assertEquals(65L * PAGE, writer.touchedTo()); // 256 + 256 KiB ends inside page 64
            // 2000 records of 148..248 bytes (lines of 120..219 bytes) carry the writer past the headroom.
            final long before = writer.bytesWritten();
            for (long ordinal = 0; ordinal < 2000; ordinal++)
            {
                final byte[] line = Records.line(ordinal, 120 + (int)(ordinal % 100));
                writer.append(ordinal, Records.nanos(ordinal), line, 0, line.length, line.length);
            }
            final long position = writer.bytesWritten();
            assertTrue(position - before > 65L * PAGE, "the writer passed the touched pages: " + position);
            assertEquals(65L * PAGE, writer.touchedTo(), "appends touch nothing ahead");

            writer.endOfBatch();

            assertEquals(position / PAGE * PAGE + 16L * PAGE, writer.touchedTo());
        }
    }

    @Test
    void shouldLeaveTheRecordsAndRecoveryAsTheyWereAfterRollingAndReopening()
    {
        final JournalConfig smallFiles = new JournalConfig().rollBytes(JournalConfig.MIN_ROLL_BYTES).pretouchBytes(8 * PAGE);
        try (JournalWriter writer = JournalWriter.open(dir, smallFiles))
        {
            for (long from = 0; from < 1500; from += 7)
            {
                appendRange(writer, from, Math.min(1500, from + 7)); // endOfBatch every 7 records
            }
        }
        try (JournalWriter writer = JournalWriter.open(dir, smallFiles))
        {
            assertNull(writer.recoveryWarning(), "touched zeros past the last record are no torn tail");
            assertEquals(1500, writer.nextOrdinal());
            appendRange(writer, 1500, 2000);
        }
        assertContinuous(readAllCheckingContent(dir), 2000);
    }

    @Test
    void shouldTakeNoPageFaultWhenAppendingInsideThePretouchedHeadroom() throws Exception
    {
        assumeTrue(Files.isReadable(THREAD_STAT), "Linux only: /proc/thread-self/stat");
        stat = new RandomAccessFile(THREAD_STAT.toFile(), "r");
        minorFaults();
        final byte[] line = Records.line(1, 120);
        // Warm the append path up (JIT, stack) in another journal first.
        try (JournalWriter warm = JournalWriter.open(dir.resolve("warm"), new JournalConfig()))
        {
            appendMany(warm, line, 20_000);
        }

        try (JournalWriter writer = JournalWriter.open(dir.resolve("off"), new JournalConfig().pretouchBytes(0)))
        {
            final long faults = minorFaults();
            appendMany(writer, line, 5000); // 5000 x 152 bytes = 760,000 bytes of fresh pages
            assertTrue(minorFaults() - faults > 0, "without pretouching the appends fault the pages in");
        }
        try (JournalWriter writer = JournalWriter.open(dir.resolve("on"), new JournalConfig()))
        {
            final long faults = minorFaults();
            appendMany(writer, line, 5000); // inside the 1 MiB touched at open
            assertEquals(0, minorFaults() - faults, "faults on this thread while appending");
        }
    }

    private static void appendMany(final JournalWriter writer, final byte[] line, final int count)
    {
        final long first = writer.nextOrdinal();
        for (long ordinal = first; ordinal < first + count; ordinal++)
        {
            writer.append(ordinal, 0, line, 0, line.length, line.length);
        }
    }

    /**
     * Field 10 of this thread's stat line (proc(5)): minor faults. Read into a preallocated buffer
     * and parsed in place, so that reading it allocates (and faults) nothing itself.
     */
    private long minorFaults() throws Exception
    {
        stat.seek(0);
        final int length = stat.read(statBytes);
        int i = length - 1;
        while (statBytes[i] != ')')
        {
            i--;
        }
        int field = 2;
        i++;
        while (field < 10)
        {
            if (statBytes[i++] == ' ')
            {
                field++;
            }
        }
        long value = 0;
        while (statBytes[i] != ' ')
        {
            value = value * 10 + statBytes[i++] - '0';
        }
        return value;
    }
}
