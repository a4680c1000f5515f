package io.scoreline.perf.jmh;

import io.scoreline.journal.FsyncPolicy;
import io.scoreline.journal.JournalConfig;
import io.scoreline.journal.JournalReader;
import io.scoreline.journal.JournalWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Journal appends and reads per second, 120-byte records (what {@code JournalThroughputTest} used to
 * time inside the unit suite): {@link #append} writes a batch of {@link #BATCH} then calls
 * {@code endOfBatch} (so {@code BATCH} forces once a batch, {@code EVERY} once an append);
 * {@link #read} reads a journal of {@link #READ_RECORDS} back. Each iteration starts a fresh journal
 * in a temporary directory (default 256 MiB files) and deletes it after, so the disk does not fill.
 * Run: {@code JmhMain Journal}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalBenchmark
{
    static final int LINE_BYTES = 120;
    static final int BATCH = 256;
    static final int READ_RECORDS = 1_000_000;

    @State(Scope.Thread)
    public static class Appending
    {
        @Param({"NONE", "BATCH", "EVERY"})
        public String fsync;

        final byte[] line = line();
        Path dir;
        JournalWriter writer;
        long ordinal;

        @Setup(Level.Iteration)
        public void open() throws IOException
        {
            dir = Files.createTempDirectory("journal-bench");
            writer = JournalWriter.open(dir, new JournalConfig().fsync(FsyncPolicy.valueOf(fsync)));
            ordinal = writer.nextOrdinal();
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            writer.close();
            delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class Reading
    {
        Path dir;

        @Setup(Level.Trial)
        public void write() throws IOException
        {
            dir = Files.createTempDirectory("journal-bench-read");
            final byte[] line = line();
            try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig()))
            {
                for (int i = 0; i < READ_RECORDS; i++)
                {
                    writer.append(i, i, line, 0, LINE_BYTES, LINE_BYTES);
                }
            }
        }

        @TearDown(Level.Trial)
        public void delete()
        {
            JournalBenchmark.delete(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long append(final Appending s)
    {
        final JournalWriter writer = s.writer;
        for (int i = 0; i < BATCH; i++)
        {
            writer.append(s.ordinal, s.ordinal, s.line, 0, LINE_BYTES, LINE_BYTES);
            s.ordinal++;
        }
        writer.endOfBatch();
        return writer.bytesWritten();
    }

    @Benchmark
    @OperationsPerInvocation(READ_RECORDS)
    public long read(final Reading s)
    {
        final long[] sum = new long[1];
        final JournalReader.RecordVisitor visitor = (ordinal, nanos, buffer, offset, stored, trueLength) -> sum[0] += stored;
        long records = 0;
        try (JournalReader reader = JournalReader.open(s.dir))
        {
            while (reader.next(visitor))
            {
                records++;
            }
        }
        if (records != READ_RECORDS || sum[0] != (long)READ_RECORDS * LINE_BYTES)
        {
            throw new IllegalStateException("read " + records + " records of " + sum[0] + " bytes");
        }
        return records;
    }

    static byte[] line()
    {
        final byte[] line = new byte[LINE_BYTES];
        for (int i = 0; i < LINE_BYTES; i++)
        {
            line[i] = (byte)('a' + i % 26);
        }
        return line;
    }

    static void delete(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
