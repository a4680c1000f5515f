package io.scoreline.app;

import io.scoreline.perf.CpuList;

/** {@code --cpus}: applied at launch by bin/scorer (taskset); checked here, with one warning line if it is not in effect. */
final class Cpus
{
    private Cpus()
    {
    }

    /** @throws IllegalArgumentException if {@code list} is given and is not a CPU list */
    static void warnUnlessConfined(final String list)
    {
        if (list == null)
        {
            return;
        }
        final String warning = CpuList.check("--cpus", list);
        if (warning != null)
        {
            System.err.println("scorer: " + warning);
        }
    }
}
