package io.scoreline.app;

import io.scoreline.ingest.ServeMain;
import io.scoreline.ingest.ServerConfig;
import io.scoreline.pipeline.Snapshots;
import io.scoreline.pipeline.Topology;
import io.scoreline.replication.KafkaLog;
import io.scoreline.replication.KafkaSettings;
import io.scoreline.rules.Rulebook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", description = "Run the service: WebSocket /ws, HTTP /events, /leaderboard, /players/{id}, /health, /metrics"
    + " (and POST /admin/promote with --kafka --follow).")
final class ServeCommand implements Callable<Integer>
{
    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "bind address (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--journal", paramLabel = "DIR", defaultValue = "data/journal", description = "journal directory (default: ${DEFAULT-VALUE})")
    private Path journal;

    @Option(names = "--rules", paramLabel = "FILE", description = "rulebook (default: the shipped one)")
    private Path rules;

    @Option(names = "--players", paramLabel = "N", defaultValue = "2000000", description = "player capacity (default: ${DEFAULT-VALUE})")
    private int maxPlayers;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = ServerConfig.DEFAULT_WAIT_STRATEGY,
        description = "stage wait strategy: parking, sleeping, yielding, busyspin, blocking (default: ${DEFAULT-VALUE})")
    private String wait;

    @Option(names = "--topology", paramLabel = "T", defaultValue = "auto",
        description = "fused (all stages on one thread), staged (a thread per stage), inline (the stages on the I/O "
            + "thread, no consumer thread) or auto: staged with a core per stage and the producer, fused on 2 or more "
            + "cores, inline on one (default: ${DEFAULT-VALUE})")
    private String topology;

    @Option(names = "--pin", description = "pin each stage thread to a core of its own when staged (auto does; needs 5+ cores, skipped with a warning otherwise)")
    private boolean pin;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run the whole JVM on these CPUs, e.g. 0 or 0-1 (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000", description = "open connections at most (default: ${DEFAULT-VALUE})")
    private int maxConnections;

    @Option(names = "--max-half-open", paramLabel = "N", defaultValue = "1000",
        description = "connections still sending their first request or upgrade at most; past it the oldest is closed (default: ${DEFAULT-VALUE})")
    private int maxHalfOpen;

    @Option(names = "--header-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "request line and headers (and a WebSocket upgrade request) complete within this, else 408 and close (default: ${DEFAULT-VALUE})")
    private int headerTimeoutMillis;

    @Option(names = "--body-min-rate", paramLabel = "BYTES_PER_S", defaultValue = "1024",
        description = "a request body slower than this over a body window is closed with 408 (default: ${DEFAULT-VALUE})")
    private int bodyMinRate;

    @Option(names = "--body-window-ms", paramLabel = "MS", defaultValue = "10000", description = "window of the body rate check (default: ${DEFAULT-VALUE})")
    private int bodyWindowMillis;

    @Option(names = "--keepalive-timeout-ms", paramLabel = "MS", defaultValue = "30000",
        description = "an HTTP connection with nothing to answer and nothing arriving is closed after this (default: ${DEFAULT-VALUE})")
    private int keepAliveMillis;

    @Option(names = "--idle-timeout", paramLabel = "S", defaultValue = "300",
        description = "a WebSocket (/ws, /push) that sends nothing this long is closed with 1001 (default: ${DEFAULT-VALUE})")
    private int idleTimeoutSeconds;

    @Option(names = "--event-rate", paramLabel = "N", defaultValue = "0",
        description = "events a second per connection (token bucket); excess answered rate_limited; 0 = off (default: ${DEFAULT-VALUE})")
    private int eventRate;

    @Option(names = "--event-burst", paramLabel = "N", defaultValue = "0", description = "token bucket size for --event-rate; 0 = the rate (default: ${DEFAULT-VALUE})")
    private int eventBurst;

    @Option(names = "--push-control-rate", paramLabel = "N", defaultValue = "0",
        description = "/push control messages a second per connection; excess answered {\"error\":\"rate_limited\"}; 0 = off (default: ${DEFAULT-VALUE})")
    private int pushControlRate;

    @Option(names = "--push-control-burst", paramLabel = "N", defaultValue = "0", description = "token bucket size for --push-control-rate; 0 = the rate (default: ${DEFAULT-VALUE})")
    private int pushControlBurst;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
        description = "run on a replicated Kafka log instead of the journal (docs/REPLICATION.md): primary, or follower with --follow")
    private String kafka;

    @Option(names = "--topic", paramLabel = "T", defaultValue = KafkaSettings.DEFAULT_TOPIC,
        description = "the log's topic, one partition (default: ${DEFAULT-VALUE})")
    private String topic;

    @Option(names = "--follow", description = "with --kafka: follow the log, serve reads and pushes, refuse events until POST /admin/promote")
    private boolean follow;

    @Option(names = "--auth-token-file", paramLabel = "FILE", description = "require Authorization: Bearer <the file's token> on "
        + "every request but GET /health and /metrics (default: the environment variable SCORELINE_AUTH_TOKEN; neither: no auth)")
    private Path authTokenFile;

    @Option(names = "--rank-refresh-ms", paramLabel = "MS", defaultValue = "1000",
        description = "shard subscriptions on /push get a rank refresh at most this often (default: ${DEFAULT-VALUE})")
    private int rankRefreshMillis;

    @Option(names = "--snapshot-interval", paramLabel = "SECONDS", defaultValue = "300",
        description = "seconds between state snapshots, also taken at a graceful stop; 0 = off (default: ${DEFAULT-VALUE})")
    private long snapshotInterval;

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "where snapshots go (default: JOURNAL/snapshots)")
    private Path snapshotDir;

    @Option(names = "--snapshot-keep", paramLabel = "N", defaultValue = "2", description = "newest snapshots kept (default: ${DEFAULT-VALUE})")
    private int snapshotKeep;

    @Option(names = "--journal-retain", paramLabel = "MODE", defaultValue = "all",
        description = "journal files older than the oldest kept snapshot: all (keep), delete, archive (to JOURNAL/archive) (default: ${DEFAULT-VALUE})")
    private String journalRetain;

    @Option(names = "--jit-warmup", paramLabel = "N", defaultValue = "" + io.scoreline.perf.JitWarmup.DEFAULT_EVENTS,
        description = "before listening, score N synthetic events on a throw-away state so the JIT compiles the scoring"
            + " path before the first real event; 0 = off (default: ${DEFAULT-VALUE})")
    private long jitWarmup;

    @Option(names = "--spin-us", paramLabel = "US", defaultValue = "0",
        description = "the reading event loop keeps polling this long after its last work before it blocks in epoll_wait"
            + " (lower wake-up latency under load, no CPU when idle); 0 = block at once (default: ${DEFAULT-VALUE})")
    private long spinMicros;

    @Override
    public Integer call() throws Exception
    {
        Cpus.warnUnlessConfined(cpus);
        if (jitWarmup > 0)
        {
            final long start = System.nanoTime();
            io.scoreline.perf.JitWarmup.run(rules == null ? Rulebook.defaults() : Rulebook.load(rules), jitWarmup);
            System.out.println("scorer: JIT warm-up, " + jitWarmup + " synthetic events in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        if (follow && kafka == null)
        {
            throw new IllegalArgumentException("--follow needs --kafka HOST:PORT");
        }
        final ServerConfig config = new ServerConfig()
            .host(host)
            .port(port)
            .journalDir(journal)
            .rulebook(rules == null ? Rulebook.defaults() : Rulebook.load(rules))
            .maxPlayers(maxPlayers)
            .waitStrategy(wait)
            .topology(Topology.named(topology))
            .pinThreads(pin)
            .maxConnections(maxConnections)
            .maxHalfOpen(maxHalfOpen)
            .headerTimeoutMillis(headerTimeoutMillis)
            .bodyMinBytesPerSecond(bodyMinRate)
            .bodyWindowMillis(bodyWindowMillis)
            .keepAliveTimeoutMillis(keepAliveMillis)
            .idleTimeoutSeconds(idleTimeoutSeconds)
            .eventRate(eventRate)
            .eventBurst(eventBurst)
            .pushControlRate(pushControlRate)
            .pushControlBurst(pushControlBurst)
            .rankRefreshMillis(rankRefreshMillis)
            .spinMicros(spinMicros);
        if (kafka != null)
        {
            final KafkaSettings settings = new KafkaSettings(kafka, topic);
            config.eventLog(follow ? KafkaLog.follower(settings) : KafkaLog.primary(settings));
        }
        config.snapshots()
            .intervalSeconds(snapshotInterval)
            .dir(snapshotDir)
            .keep(snapshotKeep)
            .retain(Snapshots.JournalRetain.parse(journalRetain));
        config.authTokenFrom(authTokenFile, System.getenv(ServerConfig.AUTH_TOKEN_ENV)).validate();
        return ServeMain.serve(config);
    }
}
