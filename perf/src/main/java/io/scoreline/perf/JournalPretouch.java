package io.scoreline.perf;

import io.scoreline.journal.JournalConfig;
import io.scoreline.journal.JournalWriter;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The journal's pretoucher, measured: batches of appends then {@code endOfBatch()}, as the
 * journal stage calls them, with pretouching off and on in turn (A B A B). Per run: page faults
 * of the appending thread per 1,000 records, and the time of each append and of each
 * {@code endOfBatch()} (HdrHistogram, ns), so it shows where the faults went.
 *
 * <pre>
 *   java -cp ... io.scoreline.perf.JournalPretouch [records 1000000] [batch 4] [line bytes 120] [rounds 2] [dir /tmp]
 * </pre>
 */
public final class JournalPretouch
{
    private final byte[] statBytes = new byte[1024];
    private final RandomAccessFile stat;

    private JournalPretouch() throws IOException
    {
        stat = new RandomAccessFile("/proc/thread-self/stat", "r");
    }

    public static void main(final String[] args) throws Exception
    {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        final int lineBytes = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        final Path parent = Paths.get(args.length > 4 ? args[4] : "/tmp");
        final JournalPretouch bench = new JournalPretouch();
        final byte[] line = new byte[lineBytes];
        java.util.Arrays.fill(line, (byte)'x');
        System.out.printf("journal pretouch: %d records of %d bytes in batches of %d, java %s%n",
            records, lineBytes, batch, System.getProperty("java.version"));
        bench.run(parent, 0, 200_000, batch, line); // warm-up: JIT
        for (int round = 0; round < rounds; round++)
        {
            System.out.println(bench.run(parent, 0, records, batch, line));
            System.out.println(bench.run(parent, JournalConfig.DEFAULT_PRETOUCH_BYTES, records, batch, line));
        }
    }

    private String run(final Path parent, final long pretouchBytes, final int records, final int batch, final byte[] line)
        throws IOException
    {
        final Path dir = Files.createTempDirectory(parent, "journal-pretouch");
        final Histogram appendNanos = new Histogram(3_600_000_000_000L, 3);
        final Histogram endOfBatchNanos = new Histogram(3_600_000_000_000L, 3);
        long faults;
        long elapsed;
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig().pretouchBytes(pretouchBytes)))
        {
            long ordinal = writer.nextOrdinal();
            final long faultsBefore = minorFaults();
            final long start = System.nanoTime();
            for (int i = 0; i < records; i += batch)
            {
                for (int j = 0; j < batch; j++)
                {
                    final long t0 = System.nanoTime();
                    writer.append(ordinal++, t0, line, 0, line.length, line.length);
                    appendNanos.recordValue(System.nanoTime() - t0);
                }
                final long t0 = System.nanoTime();
                writer.endOfBatch();
                endOfBatchNanos.recordValue(System.nanoTime() - t0);
            }
            elapsed = System.nanoTime() - start;
            faults = minorFaults() - faultsBefore;
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return String.format(
            "pretouch=%-7d faults/1000=%.2f ns/record=%.0f append p50=%d p99.9=%d max=%d  endOfBatch p50=%d p99.9=%d max=%d (ns)",
            pretouchBytes, faults * 1000.0 / records, (double)elapsed / records,
            appendNanos.getValueAtPercentile(50), appendNanos.getValueAtPercentile(99.9), appendNanos.getMaxValue(),
            endOfBatchNanos.getValueAtPercentile(50), endOfBatchNanos.getValueAtPercentile(99.9), endOfBatchNanos.getMaxValue());
    }

    /** Field 10 (minor faults) of this thread's stat line, read without allocating. */
    private long minorFaults() throws IOException
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
