package io.scoreline.ingest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Pages of journal data that a process maps and the kernel holds dirty (written, not yet on the
 * device): per page, the process's {@code /proc/PID/pagemap} gives the page frame and
 * {@code /proc/kpageflags} its dirty bit. Pages that hold only zeros (ahead of the last record,
 * whatever touched them) are not data and not counted. Reading page frames needs root.
 */
final class DirtyPages
{
    private static final int PAGE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final long PFN_MASK = (1L << 55) - 1;
    private static final long KPF_DIRTY = 1L << 4;

    private DirtyPages()
    {
    }

    /** Dirty data pages of the files in {@code dir} mapped by process {@code pid}; -1 if it maps none of them. */
    static long of(final long pid, final Path dir) throws IOException
    {
        final String prefix = dir.toRealPath() + "/";
        final Set<String> dirty = new HashSet<>();
        boolean mapped = false;
        try (RandomAccessFile pagemap = new RandomAccessFile("/proc/" + pid + "/pagemap", "r");
            RandomAccessFile kpageflags = new RandomAccessFile("/proc/kpageflags", "r"))
        {
            for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps")))
            {
                final String[] f = line.trim().split("\\s+", 6);
                if (f.length < 6 || !f[5].startsWith(prefix) || f[5].endsWith(" (deleted)"))
                {
                    continue;
                }
                mapped = true;
                final Path file = Path.of(f[5]);
                final String[] range = f[0].split("-");
                final long start = Long.parseUnsignedLong(range[0], 16);
                final long end = Long.parseUnsignedLong(range[1], 16);
                final long fileOffset = Long.parseUnsignedLong(f[2], 16);
                final long fileLength = Files.size(file);
                final int pages = (int)Math.min((end - start) / PAGE, Math.max(0, fileLength - fileOffset + PAGE - 1) / PAGE);
                final ByteBuffer entries = ByteBuffer.allocate(pages * 8).order(ByteOrder.LITTLE_ENDIAN);
                pagemap.seek(start / PAGE * 8);
                pagemap.readFully(entries.array());
                final byte[] flags = new byte[8];
                try (RandomAccessFile content = new RandomAccessFile(file.toFile(), "r"))
                {
                    for (int i = 0; i < pages; i++)
                    {
                        final long entry = entries.getLong(i * 8);
                        if ((entry & PRESENT) == 0)
                        {
                            continue;
                        }
                        final long frame = entry & PFN_MASK;
                        if (frame == 0)
                        {
                            throw new IllegalStateException("page frames are hidden: reading page flags needs root");
                        }
                        kpageflags.seek(frame * 8);
                        kpageflags.readFully(flags);
                        final long offset = fileOffset + (long)i * PAGE;
                        if ((ByteBuffer.wrap(flags).order(ByteOrder.LITTLE_ENDIAN).getLong() & KPF_DIRTY) != 0 &&
                            holdsData(content, offset))
                        {
                            dirty.add(file + "@" + offset);
                        }
                    }
                }
            }
        }
        return mapped ? dirty.size() : -1;
    }

    private static boolean holdsData(final RandomAccessFile content, final long offset) throws IOException
    {
        final byte[] page = new byte[PAGE];
        content.seek(offset);
        final int n = content.read(page);
        for (int i = 0; i < n; i++)
        {
            if (page[i] != 0)
            {
                return true;
            }
        }
        return false;
    }
}
