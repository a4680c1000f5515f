package io.scoreline.app;

import io.scoreline.perf.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", description = "In-process throughput of the whole pipeline; last line events/s=R bytes/event=B.")
final class BenchCommand implements Callable<Integer>
{
    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000", description = "measured events (default: ${DEFAULT-VALUE})")
    private long events;

    @Option(names = "--players", paramLabel = "P", defaultValue = "1000000", description = "distinct players (default: ${DEFAULT-VALUE})")
    private int players;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2000000", description = "events before measuring (default: ${DEFAULT-VALUE})")
    private long warmup;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = "sleeping", description = "sleeping, yielding, phased, blocking, busyspin (default: ${DEFAULT-VALUE})")
    private String wait;

    @Override
    public Integer call() throws Exception
    {
        if (events < 1 || players < 1 || warmup < 0)
        {
            throw new IllegalArgumentException("--events and --players must be >= 1, --warmup >= 0");
        }
        System.out.printf("bench: %d events (+%d warm-up), %d players, wait=%s, java %s%n",
            events, warmup, players, wait, System.getProperty("java.version"));
        final Bench bench = new Bench(events, players, wait);
        final Bench.Result result = bench.run(warmup);
        System.out.printf("accepted=%d of %d, producer loop allocated %d bytes (the synthetic load, not the pipeline)%n",
            result.accepted, result.events + warmup, result.producerBytes);
        System.out.printf("state bytes/player=%.1f (engine record, id index and board, preallocated for %d players) rss_mib=%d%n",
            bench.bytesPerPlayer(), players, Bench.residentMiB());
        System.out.println(result);
        return 0;
    }
}
