package io.scoreline.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Dirty page-cache KiB of a process's mappings of the files in a directory, from {@code /proc/PID/smaps}. */
final class DirtyPages
{
    private DirtyPages()
    {
    }

    static long kib(final long pid, final Path dir) throws IOException
    {
        final String prefix = dir.toRealPath() + "/";
        long kib = 0;
        boolean inDir = false;
        for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps")))
        {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length >= 5 && fields[0].matches("[0-9a-f]+-[0-9a-f]+"))
            {
                inDir = fields.length >= 6 && fields[5].startsWith(prefix);
            }
            else if (inDir && ("Shared_Dirty:".equals(fields[0]) || "Private_Dirty:".equals(fields[0])))
            {
                kib += Long.parseLong(fields[1]);
            }
        }
        return kib;
    }

    /** Whether the process maps any file in {@code dir} (so a zero above is about a mapping that exists). */
    static boolean maps(final long pid, final Path dir) throws IOException
    {
        final String prefix = dir.toRealPath() + "/";
        for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps")))
        {
            if (line.contains(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
