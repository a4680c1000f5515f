package io.scoreline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The CPUs a process's threads may run on, read from the kernel ({@code /proc/PID/task/TID/status},
 * {@code Cpus_allowed_list}), not from what the program says or the command that started it.
 */
public final class CpuAffinity
{
    private CpuAffinity()
    {
    }

    /** The distinct Cpus_allowed_list values of all the process's threads, e.g. {@code [0]} or {@code [0-1]}. */
    public static Set<String> ofEveryThread(final long pid) throws IOException
    {
        final Set<String> lists = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                try
                {
                    for (final String line : Files.readAllLines(task.resolve("status")))
                    {
                        if (line.startsWith("Cpus_allowed_list:"))
                        {
                            lists.add(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                }
                catch (final NoSuchFileException threadEnded)
                {
                    // a thread that ended while we looked
                }
            }
        }
        if (lists.isEmpty())
        {
            throw new IllegalStateException("no Cpus_allowed_list for pid " + pid);
        }
        return lists;
    }
}
