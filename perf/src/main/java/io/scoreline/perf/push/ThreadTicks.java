package io.scoreline.perf.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU ticks (user + system, 100 a second) per thread name of a process, from
 * {@code /proc/PID/task/TID/stat}; threads of one name are summed. Read before and after a phase to
 * see which threads (the service's or the gateways') did its work.
 */
final class ThreadTicks
{
    private ThreadTicks()
    {
    }

    static Map<String, Long> of(final long pid)
    {
        return read(pid, false);
    }

    /** Minor page faults per thread name (field 10 of the stat line): first touches of memory. */
    static Map<String, Long> faults(final long pid)
    {
        return read(pid, true);
    }

    /** The threads that took faults between two readings, most first, in thousands. */
    static String faultsSince(final Map<String, Long> before, final Map<String, Long> after)
    {
        final StringBuilder out = new StringBuilder();
        after.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() >= 100)
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                .append(String.format("%.1f", e.getValue() / 1000.0)));
        return out.length() == 0 ? "none" : out.toString();
    }

    private static Map<String, Long> read(final long pid, final boolean faults)
    {
        final Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task")))
        {
            tasks.forEach(task ->
            {
                try
                {
                    final String stat = Files.readString(task.resolve("stat"));
                    final String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, faults ? Long.parseLong(fields[7]) : Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                }
                catch (final IOException | RuntimeException e)
                {
                    // the thread ended meanwhile
                }
            });
        }
        catch (final IOException e)
        {
            // the process ended
        }
        return ticks;
    }

    /** The threads that used CPU between two readings, busiest first, in seconds of CPU. */
    static String since(final Map<String, Long> before, final Map<String, Long> after)
    {
        final StringBuilder out = new StringBuilder();
        after.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                .append(String.format("%.2f", e.getValue() / 100.0)));
        return out.length() == 0 ? "none" : out.toString();
    }
}
