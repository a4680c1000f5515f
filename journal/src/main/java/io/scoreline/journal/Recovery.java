package io.scoreline.journal;

import net.openhft.chronicle.bytes.MappedBytes;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds where a journal's good data ends: the first file whose header is bad or out of sequence,
 * or the first record that is torn, ends it. Reads through read-only mappings; changes nothing.
 *
 * <p>A restart from a snapshot replays only the records from the snapshot's ordinal on, so only
 * the files holding those are walked record by record ({@code verifyFrom}); a file wholly before
 * it gets its name and header checked (continuity), and its records are checked by whatever reads
 * them later (a replay from further back stops at a torn one, and the pipeline's recovery then
 * refuses a journal that ended early). Walking 10M records cost ~1 s of a 5 s restart.
 */
final class Recovery
{
    /** Files [0, keptFiles) hold good data; the rest lie past the cut. */
    int keptFiles;
    /** End of good data in the last kept file. */
    long endPosition;
    long nextOrdinal;
    /** Sum of the kept files' good data, headers included. */
    long keptBytes;
    /** Records below this ordinal were not walked (files wholly before {@code verifyFrom}). */
    long unverifiedBelow;
    /** One line describing what was cut, or null if the journal ended cleanly. */
    String warning;

    static Recovery scan(final List<Path> files)
    {
        return scan(files, 0);
    }

    /** {@link #scan(List)} walking only the files that hold ordinals at or after {@code verifyFrom}. */
    static Recovery scan(final List<Path> files, final long verifyFrom)
    {
        final Recovery recovery = new Recovery();
        final RecordCursor cursor = new RecordCursor();
        long expected = files.isEmpty() ? 0 : JournalFormat.firstOrdinalOf(files.get(0).getFileName().toString());
        recovery.nextOrdinal = expected;

        for (int i = 0; i < files.size(); i++)
        {
            final File file = files.get(i).toFile();
            final long nameOrdinal = JournalFormat.firstOrdinalOf(file.getName());
            final long length = file.length();
            if (nameOrdinal != expected || length < JournalFormat.HEADER_BYTES)
            {
                recovery.cut(file, 0, nameOrdinal != expected ?
                    "file name says first ordinal " + nameOrdinal + " where " + expected + " was expected" :
                    "no complete header", files.size() - i);
                return recovery;
            }

            final MappedBytes bytes = JournalFormat.map(file, length, true);
            try
            {
                final long headerOrdinal = JournalFormat.readHeader(bytes);
                if (headerOrdinal != nameOrdinal)
                {
                    recovery.cut(file, 0, "bad header", files.size() - i);
                    return recovery;
                }
                final long nextName = i + 1 < files.size() ?
                    JournalFormat.firstOrdinalOf(files.get(i + 1).getFileName().toString()) : Long.MAX_VALUE;
                if (nextName <= verifyFrom && nextName > nameOrdinal)
                {
                    // Wholly before verifyFrom: its good data is taken as the whole file (a rolled file is
                    // full up to its last record's padding), and the next file must start where the name says.
                    recovery.keptFiles = i + 1;
                    recovery.endPosition = length;
                    recovery.keptBytes += length;
                    recovery.nextOrdinal = expected = nextName;
                    recovery.unverifiedBelow = nextName;
                    continue;
                }
                cursor.reset(bytes, length, headerOrdinal);
                int status;
                while (RecordCursor.RECORD == (status = cursor.next()))
                {
                    // verified and skipped
                }
                recovery.keptFiles = i + 1;
                recovery.endPosition = cursor.position();
                recovery.keptBytes += cursor.position();
                recovery.nextOrdinal = expected = cursor.expectedOrdinal();
                if (RecordCursor.TORN == status)
                {
                    recovery.cut(file, cursor.position(), cursor.tornReason(), files.size() - i - 1);
                    return recovery;
                }
            }
            finally
            {
                JournalFormat.unmap(bytes);
            }
        }
        return recovery;
    }

    private void cut(final File file, final long position, final String reason, final int filesSetAside)
    {
        warning = "journal: torn tail cut at " + file.getName() + " byte " + position + " (" + reason + ")" +
            (filesSetAside > 0 ? ", " + filesSetAside + " file(s) set aside as *.torn-*" : "") +
            "; appending resumes at ordinal " + nextOrdinal;
    }
}
