package io.scoreline.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's page faults and CPU time from {@code /proc/self/stat} (Linux; elsewhere the
 * counters are left out). Fields, counted from 1: 10 minor faults, 12 major faults, 14 and 15
 * user and system time in clock ticks.
 */
final class ProcessStats
{
    /** USER_HZ: 100 on every Linux the JVM runs on (sysconf(_SC_CLK_TCK) is not reachable from Java). */
    private static final double TICKS_PER_SECOND = 100.0;
    static final int MINOR_FAULTS = 10;
    static final int MAJOR_FAULTS = 12;
    static final int USER_TICKS = 14;
    static final int SYSTEM_TICKS = 15;

    private ProcessStats()
    {
    }

    /** User and system CPU time in seconds from {@link #read}'s fields. */
    static double cpuSeconds(final long[] fields)
    {
        return (fields[USER_TICKS] + fields[SYSTEM_TICKS]) / TICKS_PER_SECOND;
    }

    /** A file's text ({@code /proc/self/status}), or null if unreadable. */
    static String text(final Path file)
    {
        try
        {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            return null;
        }
    }

    /** Bytes of a {@code status} line such as {@code "VmRSS:\t  598352 kB"}; -1 if absent. */
    static long statusBytes(final String status, final String field)
    {
        final int at = status.indexOf("\n" + field + ":");
        if (at < 0)
        {
            return -1;
        }
        final int end = status.indexOf(" kB", at);
        return end < 0 ? -1 : Long.parseLong(status.substring(at + field.length() + 2, end).trim()) * 1024;
    }

    /** The numeric fields of a {@code stat} file by their 1-based number (index 1 = pid), or null if unreadable. */
    static long[] read(final Path stat)
    {
        final String text;
        try
        {
            text = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            return null;
        }
        return parse(text);
    }

    /** Field 2 is the command in parentheses and may hold spaces and ')': the fields after it follow the last ')'. */
    static long[] parse(final String text)
    {
        final int close = text.lastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        final String[] rest = text.substring(close + 1).trim().split(" ");
        final long[] fields = new long[rest.length + 3];
        fields[1] = Long.parseLong(text.substring(0, text.indexOf(' ')));
        for (int i = 1; i < rest.length; i++) // rest[0] is field 3, the state letter
        {
            fields[i + 3] = parseOrZero(rest[i]);
        }
        return fields;
    }

    private static long parseOrZero(final String field)
    {
        try
        {
            return Long.parseLong(field);
        }
        catch (final NumberFormatException e)
        {
            return 0;
        }
    }
}
