package io.scoreline.testkit;

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
 * whatever touched them) are not data and not counted. Reading page frames needs root. Shared by
 * the journal's durability test, the server's crash test and the app's DrainIT. Only the journal's
 * own files ({@code *.wire}) count: the corrections' undo ring shares the directory
 * ({@code undo-log.ring}, scratch emptied at every start, never forced) and its pages are dirty
 * by design.
 */
public final class DirtyPages
{
    private static final int PAGE = 4096;
    /** JournalFormat's file suffix. */
    private static final String JOURNAL_SUFFIX = ".wire";
    private static final long PRESENT = 1L << 63;
    private static final long PFN_MASK = (1L << 55) - 1;
    private static final long KPF_DIRTY = 1L << 4;

    private DirtyPages()
    {
    }

    /** Dirty data pages of the files in {@code dir} mapped by process {@code pid}; -1 if it maps none of them. */
    public static long of(final long pid, final Path dir) throws IOException
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
                if (f.length < 6 || !f[5].startsWith(prefix) || !f[5].endsWith(JOURNAL_SUFFIX))
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

    /**
     * Dirty data pages of the files in {@code dir} once no process maps them (the writer has
     * exited): this process maps each file read-only and touches its pages up to the first page
     * of zeros (the journal's data is contiguous from the start of a file), which gives the page
     * cache's own pages and their dirty bits. @return the count, or -1 if there was nothing to map.
     */
    public static long inPageCache(final Path dir) throws IOException
    {
        final java.util.List<java.nio.MappedByteBuffer> mapped = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(JOURNAL_SUFFIX))::iterator)
            {
                final long size = Files.size(file);
                if (size == 0)
                {
                    continue;
                }
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file))
                {
                    final java.nio.MappedByteBuffer map = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size);
                    mapped.add(map);
                    for (long page = 0; page < size && touchHoldsData(map, (int)page); page += PAGE)
                    {
                        // touched
                    }
                }
            }
        }
        final long dirty = mapped.isEmpty() ? -1 : of(ProcessHandle.current().pid(), dir);
        java.lang.ref.Reference.reachabilityFence(mapped);
        return dirty;
    }

    private static boolean touchHoldsData(final java.nio.MappedByteBuffer map, final int offset)
    {
        boolean data = false;
        for (int i = offset; i < Math.min(map.capacity(), offset + PAGE); i++)
        {
            data |= map.get(i) != 0;
        }
        return data;
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
