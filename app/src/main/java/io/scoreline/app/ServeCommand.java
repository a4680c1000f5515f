package io.scoreline.app;

import io.scoreline.ingest.ServeMain;
import io.scoreline.ingest.ServeOptions;
import io.scoreline.ingest.ServerConfig;
import io.scoreline.perf.CpuList;
import io.scoreline.perf.JitWarmup;
import io.scoreline.replication.KafkaLog;
import io.scoreline.replication.KafkaSettings;
import io.scoreline.replication.ReplicationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code bin/scorer serve}: the service's options ({@link ServeOptions}) plus the replicated log's and {@code --cpus}. */
@Command(name = "serve", description = "Run the service: WebSocket /ws, HTTP /events, /leaderboard, /players/{id}, /health, /metrics"
    + " (and POST /admin/promote with --kafka --follow).")
final class ServeCommand implements Callable<Integer>
{
    @Mixin
    private ServeOptions server;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run the whole JVM on these CPUs, e.g. 0 or 0-1 (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
        description = "run on a replicated Kafka log instead of the journal (docs/REPLICATION.md): primary, or follower with --follow")
    private String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "the log's topic, one partition (default: ${DEFAULT-VALUE})")
    private String topic = KafkaSettings.DEFAULT_TOPIC;

    @Mixin
    private ReplicationOptions replication;

    @Option(names = "--follow", description = "with --kafka: follow the log, serve reads and pushes, refuse events until POST /admin/promote")
    private boolean follow;

    @Option(names = "--jit-warmup", paramLabel = "N",
        description = "before listening, score N synthetic events on a throw-away state so the JIT compiles the scoring"
            + " path before the first real event; 0 = off (default: ${DEFAULT-VALUE})")
    private long jitWarmup = JitWarmup.DEFAULT_EVENTS;

    @Override
    public Integer call() throws Exception
    {
        CpuList.warnUnlessConfined(cpus);
        if (follow && kafka == null)
        {
            throw new IllegalArgumentException("--follow needs --kafka HOST:PORT");
        }
        final ServerConfig config = server.config(System.getenv(ServerConfig.AUTH_TOKEN_ENV));
        if (jitWarmup > 0)
        {
            // Before the service's state exists, not beside it: the warm-up's own state (~48 MB) and the
            // service's do not fit together in the heap bin/scorer sizes (issue 22: beside the start, a
            // Kafka primary of 100k players died of OutOfMemoryError in its 144 MiB heap).
            final long start = System.nanoTime();
            JitWarmup.run(config.rulebook(), jitWarmup);
            System.out.println("scorer: JIT warm-up, " + jitWarmup + " synthetic events in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        if (kafka != null)
        {
            final KafkaSettings settings = replication.settings(kafka, topic);
            config.eventLog(follow ? KafkaLog.follower(settings) : KafkaLog.primary(settings));
        }
        return ServeMain.serve(config.validate());
    }
}
