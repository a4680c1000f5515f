package io.scoreline.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.scoreline.journal.Records.HEADER_BYTES;
import static io.scoreline.journal.Records.appendRange;
import static io.scoreline.journal.Records.line;
import static io.scoreline.journal.Records.recordSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart from a snapshot opens the journal walking only the files that hold ordinals from the
 * snapshot's on: a damaged record in an older file is not looked at then, a torn tail still is, and
 * a replay from ordinal 0 still stops at the damage. Real files, 16 KiB each.
 */
class JournalVerifyFromTest
{
    private static final JournalConfig SMALL_FILES = new JournalConfig().rollBytes(JournalConfig.MIN_ROLL_BYTES);
    private static final int RECORDS = 600;
    /** A record in the first file, which ends well before the snapshot. */
    private static final long DAMAGED = 3;

    @TempDir
    Path dir;

    private List<Path> files() throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.getFileName().toString().endsWith(".wire")).sorted().collect(Collectors.toList());
        }
    }

    /** Writes the journal and flips a byte of record {@link #DAMAGED}'s line; returns the last file's first ordinal. */
    private long journalWithAnOldDamagedRecord() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            appendRange(writer, 0, RECORDS);
        }
        final List<Path> files = files();
        assertTrue(files.size() >= 3, "several files: " + files);
        long offset = HEADER_BYTES;
        for (long k = 0; k < DAMAGED; k++)
        {
            offset += recordSize(line(k).length);
        }
        try (RandomAccessFile raf = new RandomAccessFile(files.get(0).toFile(), "rw"))
        {
            raf.seek(offset + 24 + 1); // the record's header is 24 bytes; then its line
            final int b = raf.read();
            raf.seek(offset + 24 + 1);
            raf.write(b ^ 0x5a);
        }
        final String last = files.get(files.size() - 1).getFileName().toString();
        return JournalFormat.firstOrdinalOf(last);
    }

    @Test
    void aRestartFromASnapshotDoesNotWalkTheFilesBeforeIt() throws IOException
    {
        final long snapshotNext = journalWithAnOldDamagedRecord() + 5; // the snapshot lies in the last file
        final int before = files().size();
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES, snapshotNext))
        {
            assertEquals(RECORDS, writer.nextOrdinal(), "nothing cut: the damaged record was not walked");
            assertNull(writer.recoveryWarning());
            appendRange(writer, RECORDS, RECORDS + 10);
        }
        assertEquals(before, files().size(), "no file set aside");
        // The same journal opened to replay everything cuts at the damage, as before.
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES))
        {
            assertEquals(DAMAGED, writer.nextOrdinal());
            assertTrue(writer.recoveryWarning().contains("torn tail cut"), writer.recoveryWarning());
        }
    }

    @Test
    void aTornTailIsStillCutFromASnapshot() throws IOException
    {
        final long snapshotNext = journalWithAnOldDamagedRecord() + 5;
        final Path last = files().get(files().size() - 1);
        final long firstOfLast = JournalFormat.firstOrdinalOf(last.getFileName().toString());
        long end = HEADER_BYTES;
        for (long k = firstOfLast; k < RECORDS; k++)
        {
            end += recordSize(line(k).length);
        }
        try (RandomAccessFile raf = new RandomAccessFile(last.toFile(), "rw"))
        {
            raf.setLength(end - 3); // a crash in the middle of the last record
        }
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES, snapshotNext))
        {
            assertEquals(RECORDS - 1, writer.nextOrdinal());
            assertTrue(writer.recoveryWarning().contains("torn tail cut"), writer.recoveryWarning());
        }
    }

    @Test
    void aReplayFromOrdinalZeroStillStopsAtTheDamage() throws IOException
    {
        final long snapshotNext = journalWithAnOldDamagedRecord() + 5;
        try (JournalWriter writer = JournalWriter.open(dir, SMALL_FILES, snapshotNext))
        {
            assertEquals(RECORDS, writer.nextOrdinal());
        }
        long read = 0;
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.next((ordinal, nanos, buffer, offset, stored, trueLength) -> { }))
            {
                read++;
            }
        }
        assertEquals(DAMAGED, read, "a replay from 0 reads up to the damaged record and no further");
        long fromSnapshot = 0;
        try (JournalReader reader = JournalReader.open(dir, snapshotNext))
        {
            while (reader.next((ordinal, nanos, buffer, offset, stored, trueLength) -> { }))
            {
                fromSnapshot++;
            }
        }
        assertEquals(RECORDS - snapshotNext, fromSnapshot, "the replay from the snapshot reads every record after it");
    }
}
