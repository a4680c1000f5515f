package io.scoreline.journal;

import net.openhft.chronicle.bytes.MappedBytes;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds where a journal's good data ends: the first file whose header is bad or out of sequence,
 * or the first record that is torn, ends it. Reads through read-only mappings; changes nothing.
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
    /** One line describing what was cut, or null if the journal ended cleanly. */
    String warning;

    static Recovery scan(final List<Path> files)
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
