package io.scoreline.app;

import io.scoreline.ingest.ServerConfig;
import io.scoreline.perf.CpuList;
import io.scoreline.perf.LoadConfig;
import io.scoreline.perf.LoadGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "loadgen", description = "Open-loop WebSocket load with latency from the intended send time (HdrHistogram).")
final class LoadgenCommand implements Callable<Integer>
{
    @Option(names = "--url", description = "WebSocket URL (default: ${DEFAULT-VALUE})")
    private String url = "ws://" + ServerConfig.DEFAULT_HOST + ":" + ServerConfig.DEFAULT_PORT + "/ws";

    @Option(names = "--rate", required = true, paramLabel = "R", description = "events per second, all connections together")
    private long rate;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "S", description = "measured seconds (default: ${DEFAULT-VALUE})")
    private int duration;

    @Option(names = "--connections", defaultValue = "8", paramLabel = "C", description = "connections (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B", description = "most events per frame (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--players", defaultValue = "100000", paramLabel = "P", description = "distinct players (default: ${DEFAULT-VALUE})")
    private int players;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "S", description = "warm-up seconds, not measured (default: ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--out", paramLabel = "DIR", description = "write latency.hgrm and latency.svg here")
    private Path out;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run the whole JVM on these CPUs, e.g. 1 (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
        description = "the service's bearer token (default: the environment variable SCORELINE_AUTH_TOKEN)")
    private Path authTokenFile;

    @Option(names = "--spin", description = "event loops that never block and send their own due events (a core each: run it on"
        + " cores of its own); default: a sender thread wakes at the due times and hands the sends to the loops")
    private boolean spin;

    @Override
    public Integer call() throws Exception
    {
        CpuList.warnUnlessConfined(cpus);
        final LoadConfig config = new LoadConfig()
            .url(url)
            .rate(rate)
            .durationSeconds(duration)
            .connections(connections)
            .batch(batch)
            .players(players)
            .warmupSeconds(warmup)
            .spin(spin)
            .authToken(new ServerConfig().authTokenFrom(authTokenFile, System.getenv(ServerConfig.AUTH_TOKEN_ENV)).authToken());
        if (out != null)
        {
            config.out(out);
        }
        final LoadGenerator.Report report = LoadGenerator.run(config, System.out);
        return report.acked == report.sent ? 0 : 1;
    }
}
