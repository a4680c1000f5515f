package io.scoreline.journal;

import io.scoreline.testkit.DirtyPages;
import net.openhft.chronicle.bytes.MappedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.scoreline.journal.Records.HEADER_BYTES;
import static io.scoreline.journal.Records.line;
import static io.scoreline.journal.Records.recordSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each {@link FsyncPolicy} forces exactly when the README says, counted through the writer's own
 * {@link JournalForce} seam (wrapping the real msync), with {@code fsyncIntervalMs} driven by an
 * injected clock; and a forced batch really leaves no dirty page of journal data in the page cache
 * ({@code /proc/self/pagemap} and {@code /proc/kpageflags}), where an unforced one does.
 */
class JournalDurabilityTest
{
    /** 30 records of 120 bytes (152 on disk) a batch: 4560 bytes. */
    private static final int BATCH = 30;
    private static final int LINE_BYTES = 120;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final CountingForce force = new CountingForce();
    private long now = 5_000 * MS;

    @Test
    void noneNeverForces() throws Exception
    {
        try (JournalWriter writer = open(new JournalConfig().fsync(FsyncPolicy.NONE)))
        {
            appendBatches(writer, 10);
        }
        assertEquals(List.of(), force.fileForces);
        assertEquals(0, force.directoryForces);
    }

    @Test
    void everyForcesAfterEachAppendUpToThatRecord() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        try (JournalWriter writer = open(new JournalConfig().fsync(FsyncPolicy.EVERY)))
        {
            appendBatches(writer, 3);
            for (int i = 1; i <= 3 * BATCH; i++)
            {
                expected.add(HEADER_BYTES + i * (long)recordSize(LINE_BYTES));
            }
            assertEquals(expected, force.fileForces, "one msync per append, up to the end of that record");
        }
        expected.add(HEADER_BYTES + 3L * BATCH * recordSize(LINE_BYTES));
        assertEquals(expected, force.fileForces, "and one at close");
    }

    @Test
    void batchForcesAtEachEndOfBatchWithNewRecordsAndAtClose() throws Exception
    {
        try (JournalWriter writer = open(new JournalConfig().fsync(FsyncPolicy.BATCH)))
        {
            appendBatches(writer, 3);
            writer.endOfBatch(); // nothing new: nothing to force
            assertEquals(List.of(batchEnd(1), batchEnd(2), batchEnd(3)), force.fileForces);
        }
        assertEquals(List.of(batchEnd(1), batchEnd(2), batchEnd(3), batchEnd(3)), force.fileForces);
        assertEquals(0, force.directoryForces);
    }

    @Test
    void batchWithAnIntervalForcesAtTheFirstEndOfBatchOnceTheIntervalHasPassed() throws Exception
    {
        try (JournalWriter writer = open(new JournalConfig().fsync(FsyncPolicy.BATCH).fsyncIntervalMs(10)))
        {
            // Batches end at +0, +4, +8, +12, +16, +21, +25 ms: forced at +0 (the first), +12 (12 ms after
            // +0) and +25 (13 ms after +12); the others fall inside the 10 ms after the last force.
            final long start = now;
            final long[] endsAt = {0, 4, 8, 12, 16, 21, 25};
            for (int batch = 0; batch < endsAt.length; batch++)
            {
                now = start + endsAt[batch] * MS;
                appendBatches(writer, 1);
            }
            assertEquals(List.of(batchEnd(1), batchEnd(4), batchEnd(7)), force.fileForces);

            now = start + 34 * MS; // 9 ms after the last force: still inside the interval
            appendBatches(writer, 1);
            assertEquals(3, force.fileForces.size());
            now = start + 35 * MS; // exactly 10 ms: forced, with the batch before
            writer.endOfBatch();
            assertEquals(List.of(batchEnd(1), batchEnd(4), batchEnd(7), batchEnd(8)), force.fileForces);
        }
    }

    @Test
    void batchForcesTheOldFileAndTheDirectoryAtEachRoll() throws Exception
    {
        // 16 KiB files: the header and 106 records of 152 bytes (16368 of 16384 bytes) fit, the 107th rolls.
        final JournalConfig config = new JournalConfig().rollBytes(JournalConfig.MIN_ROLL_BYTES).fsync(FsyncPolicy.BATCH);
        try (JournalWriter writer = open(config))
        {
            final byte[] line = line(0, LINE_BYTES);
            for (int ordinal = 0; ordinal < 107; ordinal++)
            {
                writer.append(ordinal, ordinal, line, 0, LINE_BYTES, LINE_BYTES);
            }
            assertEquals(List.of(HEADER_BYTES + 106L * recordSize(LINE_BYTES)), force.fileForces,
                "the full file is forced before the writer leaves it");
            assertEquals(1, force.directoryForces, "the new file's name is forced");
            writer.endOfBatch();
            assertEquals(HEADER_BYTES + (long)recordSize(LINE_BYTES), force.fileForces.get(1), "then the new file's batch");
        }
        assertEquals(2, JournalFormat.listFiles(dir).size());
    }

    @Test
    void aForcedBatchLeavesNoDirtyPageOfTheJournalAndAnUnforcedOneDoes() throws Exception
    {
        final Path batchDir = dir.resolve("batch");
        try (JournalWriter writer = JournalWriter.open(batchDir, new JournalConfig().fsync(FsyncPolicy.BATCH)))
        {
            appendRecords(writer, 0, 200); // 30 KiB over 8 pages
            assertTrue(dirtyPages(batchDir) > 0, "appended records sit dirty in the page cache");
            writer.endOfBatch();
            assertEquals(0, dirtyPages(batchDir), "after the batch's msync nothing of the journal is dirty");
            appendRecords(writer, 200, 400);
            writer.endOfBatch();
            assertEquals(0, dirtyPages(batchDir));
        }

        final Path everyDir = dir.resolve("every");
        try (JournalWriter writer = JournalWriter.open(everyDir, new JournalConfig().fsync(FsyncPolicy.EVERY)))
        {
            appendRecords(writer, 0, 200);
            assertEquals(0, dirtyPages(everyDir), "each append is forced before it returns");
        }

        final Path noneDir = dir.resolve("none");
        try (JournalWriter writer = JournalWriter.open(noneDir, new JournalConfig().fsync(FsyncPolicy.NONE)))
        {
            appendRecords(writer, 0, 200);
            writer.endOfBatch();
            assertTrue(dirtyPages(noneDir) > 0, "NONE leaves write-back to the kernel");
        }
    }

    private JournalWriter open(final JournalConfig config)
    {
        return JournalWriter.open(dir, config, force, () -> now);
    }

    /** Where batch {@code n} (1-based) of {@link #appendBatches} ends. */
    private static long batchEnd(final int n)
    {
        return HEADER_BYTES + (long)n * BATCH * recordSize(LINE_BYTES);
    }

    private static void appendBatches(final JournalWriter writer, final int batches)
    {
        final byte[] line = line(0, LINE_BYTES);
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                final long ordinal = writer.nextOrdinal();
                writer.append(ordinal, ordinal, line, 0, LINE_BYTES, LINE_BYTES);
            }
            writer.endOfBatch();
        }
    }

    private static void appendRecords(final JournalWriter writer, final long from, final long to)
    {
        final byte[] line = line(0, LINE_BYTES);
        for (long ordinal = from; ordinal < to; ordinal++)
        {
            writer.append(ordinal, ordinal, line, 0, LINE_BYTES, LINE_BYTES);
        }
    }

    /** Dirty pages of journal data this JVM maps ({@link DirtyPages}). */
    private static long dirtyPages(final Path journal) throws IOException
    {
        return DirtyPages.of(ProcessHandle.current().pid(), journal);
    }

    /** The real msync and fsync, with each call recorded. */
    private static final class CountingForce implements JournalForce
    {
        final List<Long> fileForces = new ArrayList<>();
        int directoryForces;

        @Override
        public void forceFile(final MappedBytes bytes, final long upTo)
        {
            fileForces.add(upTo);
            DEVICE.forceFile(bytes, upTo);
        }

        @Override
        public void forceDirectory(final Path dir) throws IOException
        {
            directoryForces++;
            DEVICE.forceDirectory(dir);
        }
    }
}
