package io.scoreline.app;

import io.scoreline.perf.Demo;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "demo", description = "Start the service on defaults, drive it ~10 s open loop, print latency percentiles and the top 10, stop.")
final class DemoCommand implements Callable<Integer>
{
    @Override
    public Integer call() throws Exception
    {
        return Demo.run(System.out);
    }
}
