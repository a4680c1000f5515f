package io.scoreline.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Journal retention: removes the files a restart no longer needs, those whose every record comes
 * before {@code keepFrom} (the first ordinal after the oldest snapshot kept). A file's records
 * run up to the next file's first ordinal, so a file goes only when its successor starts at or
 * before {@code keepFrom}; the newest file (being written) always stays. Removed files are
 * deleted, or moved into an archive directory when one is given.
 */
public final class JournalRetention
{
    private JournalRetention()
    {
    }

    /** @return the files removed (their old paths), oldest first. */
    public static List<Path> prune(final Path dir, final long keepFrom, final Path archive)
    {
        final List<Path> files = JournalFormat.listFiles(dir);
        final List<Path> removed = new ArrayList<>();
        try
        {
            for (int i = 0; i + 1 < files.size(); i++)
            {
                final long nextFirst = JournalFormat.firstOrdinalOf(files.get(i + 1).getFileName().toString());
                if (nextFirst > keepFrom)
                {
                    break;
                }
                final Path file = files.get(i);
                if (archive == null)
                {
                    Files.delete(file);
                }
                else
                {
                    Files.createDirectories(archive);
                    Files.move(file, archive.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
                removed.add(file);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("journal retention in " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
