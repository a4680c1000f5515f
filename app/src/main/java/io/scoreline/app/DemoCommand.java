package io.scoreline.app;

import io.scoreline.perf.CpuList;
import io.scoreline.perf.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "demo", description = {
    "Start the service on defaults, drive it ~10 s open loop, print latency percentiles and the top 10, stop.",
    "With 2 cores or more bin/scorer isolates by default: the service in a child JVM on CPU 0 (--serve-cpus 0),",
    "the load generator on CPU 1 (--cpus 1). --shared runs both in one JVM on the same cores."})
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--serve-cpus", paramLabel = "LIST", description = "run the service in a child JVM under taskset -c LIST")
    private String serveCpus;

    @Option(names = "--cpus", paramLabel = "LIST", description = "the load generator's CPUs (bin/scorer starts this JVM under taskset -c LIST)")
    private String cpus;

    @Option(names = "--shared", description = "the service in this JVM, sharing the cores with the load")
    private boolean shared;

    @Override
    public Integer call() throws Exception
    {
        if (shared && serveCpus != null)
        {
            throw new IllegalArgumentException("--shared and --serve-cpus exclude each other");
        }
        if (serveCpus != null)
        {
            CpuList.parse("--serve-cpus", serveCpus);
        }
        CpuList.warnUnlessConfined(cpus);
        return Demo.run(System.out, serveCpus);
    }
}
