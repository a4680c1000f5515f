package io.scoreline.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Measures appends/s of 1M 120-byte records with the default config; reports, asserts only correctness. */
class JournalThroughputTest
{
    private static final int RECORDS = 1_000_000;
    private static final int LINE_BYTES = 120;

    @TempDir
    Path dir;

    @Test
    void shouldReportAppendAndReadRatesForOneMillionRecords()
    {
        final byte[] line = Records.line(1, LINE_BYTES);
        append(dir.resolve("warmup"), line, 200_000);

        final Path journal = dir.resolve("measured");
        final long start = System.nanoTime();
        final long bytes = append(journal, line, RECORDS);
        final long appendNanos = System.nanoTime() - start;

        final long[] count = new long[1];
        final long readStart = System.nanoTime();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.next((o, n, b, off, s, t) -> count[0] += s == LINE_BYTES && o == count[0] ? 1 : 0))
            {
                // counted by the visitor
            }
        }
        final long readNanos = System.nanoTime() - readStart;

        // 28 bytes of framing + 120 = 148, padded to 152, after a 256-byte header.
        assertEquals(256 + 152L * RECORDS, bytes);
        assertEquals(RECORDS, count[0]);
        System.out.printf("journal: %d x %d-byte records: appends/s=%.0f (%.0f MB/s) reads/s=%.0f%n",
            RECORDS, LINE_BYTES, RECORDS * 1e9 / appendNanos, bytes * 1e3 / appendNanos, RECORDS * 1e9 / readNanos);
    }

    @Test
    void shouldReportTheRateOfAppendsWhenEachIsForcedToTheDevice()
    {
        final byte[] line = Records.line(1, LINE_BYTES);
        final int records = 500;
        final long start = System.nanoTime();
        final long bytes = append(dir.resolve("every"), line, records, new JournalConfig().fsync(FsyncPolicy.EVERY));
        final long nanos = System.nanoTime() - start;
        assertEquals(256 + 152L * records, bytes);
        System.out.printf("journal: fsync=EVERY %d x %d-byte records: appends/s=%.0f%n", records, LINE_BYTES, records * 1e9 / nanos);
    }

    private static long append(final Path journal, final byte[] line, final int records)
    {
        return append(journal, line, records, new JournalConfig());
    }

    private static long append(final Path journal, final byte[] line, final int records, final JournalConfig config)
    {
        try (JournalWriter writer = JournalWriter.open(journal, config))
        {
            for (int i = 0; i < records; i++)
            {
                writer.append(i, i, line, 0, line.length, line.length);
                if ((i & 255) == 255)
                {
                    writer.endOfBatch();
                }
            }
            writer.endOfBatch();
            return writer.bytesWritten();
        }
    }
}
