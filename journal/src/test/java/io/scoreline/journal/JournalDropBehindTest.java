package io.scoreline.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static io.scoreline.journal.Records.assertContinuous;
import static io.scoreline.journal.Records.readAllCheckingContent;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 27: the written part of the journal file leaves the process's resident set a few MiB behind the writer. */
class JournalDropBehindTest
{
    private static final long MIB = 1 << 20;
    private static final int RECORDS = 300_000; // ~45 MB: records of 48..248 bytes

    @TempDir
    Path dir;

    @Test
    void shouldKeepOnlyAWindowOfTheFileMappedAndLoseNoRecord() throws IOException
    {
        assumeTrue(Files.isReadable(Paths.get("/proc/self/smaps")), "Linux only");
        final long resident;
        final long window;
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig()))
        {
            for (long ordinal = 0; ordinal < RECORDS; ordinal++)
            {
                final byte[] line = Records.line(ordinal);
                writer.append(ordinal, Records.nanos(ordinal), line, 0, line.length, line.length);
                if (ordinal % 100 == 99)
                {
                    writer.endOfBatch();
                }
            }
            assertTrue(writer.bytesWritten() > 32 * MIB, "wrote " + writer.bytesWritten());
            window = writer.windowBytes();
            resident = residentBytesOfJournal();
        }
        // At most 2 x the drop distance + 2 MiB of alignment + the 1 MiB pretouched ahead.
        final long bound = 2 * JournalWriter.DROP_BEHIND_BYTES + 3 * MIB;
        assertTrue(window <= bound, "window " + window + " > " + bound);
        assertTrue(resident <= bound, "resident " + resident + " > " + bound);
        final List<Long> ordinals = readAllCheckingContent(dir);
        assertContinuous(ordinals, RECORDS);
    }

    /** Rss of this process's mappings of journal files (/proc/self/smaps). */
    private long residentBytesOfJournal() throws IOException
    {
        long total = 0;
        boolean inJournal = false;
        for (final String line : Files.readAllLines(Paths.get("/proc/self/smaps")))
        {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
            {
                inJournal = line.contains(dir.toString());
            }
            else if (inJournal && line.startsWith("Rss:"))
            {
                total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return total;
    }
}
