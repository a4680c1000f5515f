package io.scoreline.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.BitSet;

/**
 * CPU lists as {@code taskset -c} takes them ({@code 0}, {@code 1-3}, {@code 0,2-3}), and whether
 * this process is confined to one. The confinement itself is done at launch ({@code bin/scorer
 * --cpus}, {@code taskset}), so that the JVM's own threads, started before main, are confined too.
 */
public final class CpuList
{
    private static final Path STATUS = Paths.get("/proc/self/status");
    private static final String ALLOWED = "Cpus_allowed_list:";

    private CpuList()
    {
    }

    /** @throws IllegalArgumentException naming the option when {@code list} is not a CPU list. */
    public static BitSet parse(final String option, final String list)
    {
        if (list == null || !list.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*"))
        {
            throw new IllegalArgumentException(option + " must be a CPU list like 0, 1-3 or 0,2-3; got '" + list + "'");
        }
        final BitSet cpus = new BitSet();
        for (final String range : list.split(","))
        {
            final int dash = range.indexOf('-');
            final int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            final int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            if (to < from || to > 4095)
            {
                throw new IllegalArgumentException(option + ": bad CPU range '" + range + "' in '" + list + "'");
            }
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /** The CPUs this process may run on ({@code /proc/self/status}), or null where that is unknown. */
    public static BitSet allowed()
    {
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith(ALLOWED))
                {
                    return parse("Cpus_allowed_list", line.substring(ALLOWED.length()).trim());
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
        return null;
    }

    /**
     * Checks {@code --cpus} against this process's mask: @return null when the process runs on
     * exactly those CPUs (or the mask is unknown), else a one-line warning saying how it was started.
     */
    public static String check(final String option, final String list)
    {
        final BitSet wanted = parse(option, list);
        final BitSet allowed = allowed();
        if (allowed == null || allowed.equals(wanted))
        {
            return null;
        }
        return option + " " + list + " asked, but this JVM may run on CPUs " + format(allowed) +
            ": start it through bin/scorer (which runs it under taskset -c " + list + ")";
    }

    /**
     * {@code --cpus}: applied at launch by bin/scorer (taskset); checked here, with one warning line
     * on stderr if it is not in effect. Nothing when {@code list} is null.
     * @throws IllegalArgumentException if {@code list} is not a CPU list
     */
    public static void warnUnlessConfined(final String list)
    {
        final String warning = list == null ? null : check("--cpus", list);
        if (warning != null)
        {
            System.err.println("scorer: " + warning);
        }
    }

    static String format(final BitSet cpus)
    {
        final StringBuilder out = new StringBuilder();
        for (int from = cpus.nextSetBit(0); from >= 0; from = cpus.nextSetBit(cpus.nextClearBit(from)))
        {
            final int to = cpus.nextClearBit(from) - 1;
            out.append(out.length() == 0 ? "" : ",").append(from).append(from == to ? "" : "-" + to);
        }
        return out.toString();
    }
}
