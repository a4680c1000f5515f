package io.scoreline.ingest;

import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.Snapshots;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.WaitKind;
import io.scoreline.push.PushConfig;
import io.scoreline.rules.Rulebook;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The serve command's options, defined once (a picocli mixin of {@code bin/scorer serve} and of
 * {@link ServeMain}), each default the constant the configuration itself starts from. Enum-valued
 * options need {@code CommandLine.setCaseInsensitiveEnumValuesAllowed(true)} ({@code --wait parking}).
 */
public final class ServeOptions
{
    @Option(names = "--host", description = "bind address (default: ${DEFAULT-VALUE})")
    private String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "port (default: ${DEFAULT-VALUE})")
    private int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--journal", paramLabel = "DIR", description = "journal directory (default: ${DEFAULT-VALUE})")
    private Path journal = ServerConfig.DEFAULT_JOURNAL_DIR;

    @Option(names = "--rules", paramLabel = "FILE", description = "rulebook (default: the shipped one)")
    private Path rules;

    @Option(names = {"--players", "--max-players"}, paramLabel = "N", description = "player capacity (default: ${DEFAULT-VALUE})")
    private int maxPlayers = ServerConfig.DEFAULT_MAX_PLAYERS;

    @Option(names = "--undo-events", paramLabel = "N", description = "a void whose target is within the last N committed events"
        + " rolls back to it and scores only from there; older ones score again from ordinal 0. About 192 bytes an event, in a mapped file of the journal directory (direct memory without one)"
        + " (default: ${DEFAULT-VALUE})")
    private long undoEvents = PipelineConfig.DEFAULT_UNDO_EVENTS;

    @Option(names = "--ring-size", paramLabel = "N", description = "ring slots, a power of two (default: ${DEFAULT-VALUE})")
    private int ringSize = PipelineConfig.DEFAULT_RING_SIZE;

    @Option(names = "--wait", paramLabel = "STRATEGY",
        description = "stage wait strategy: parking, sleeping, yielding, busyspin, blocking (default: ${DEFAULT-VALUE})")
    private WaitKind wait = PipelineConfig.DEFAULT_WAIT_STRATEGY;

    @Option(names = "--topology", paramLabel = "T",
        description = "fused (all stages on one thread), staged (a thread per stage), inline (the stages on the I/O "
            + "thread, no consumer thread) or auto: staged with a core per stage and the producer, fused on 2 or more "
            + "cores, inline on one (default: ${DEFAULT-VALUE})")
    private Topology topology = Topology.AUTO;

    @Option(names = "--pin", description = "pin each stage thread to a core of its own when staged (auto does; needs 5+ cores, skipped with a warning otherwise)")
    private boolean pin;

    @Option(names = "--max-connections", paramLabel = "N", description = "open connections at most (default: ${DEFAULT-VALUE})")
    private int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--max-half-open", paramLabel = "N",
        description = "connections still sending their first request or upgrade at most; past it the oldest is closed (default: ${DEFAULT-VALUE})")
    private int maxHalfOpen = ServerConfig.DEFAULT_MAX_HALF_OPEN;

    @Option(names = "--header-timeout-ms", paramLabel = "MS",
        description = "request line and headers (and a WebSocket upgrade request) complete within this, else 408 and close (default: ${DEFAULT-VALUE})")
    private int headerTimeoutMillis = ServerConfig.DEFAULT_HEADER_TIMEOUT_MILLIS;

    @Option(names = "--body-min-rate", paramLabel = "BYTES_PER_S",
        description = "a request body slower than this over a body window is closed with 408 (default: ${DEFAULT-VALUE})")
    private int bodyMinRate = ServerConfig.DEFAULT_BODY_MIN_BYTES_PER_SECOND;

    @Option(names = "--body-window-ms", paramLabel = "MS", description = "window of the body rate check (default: ${DEFAULT-VALUE})")
    private int bodyWindowMillis = ServerConfig.DEFAULT_BODY_WINDOW_MILLIS;

    @Option(names = "--keepalive-timeout-ms", paramLabel = "MS",
        description = "an HTTP connection with nothing to answer and nothing arriving is closed after this (default: ${DEFAULT-VALUE})")
    private int keepAliveMillis = ServerConfig.DEFAULT_KEEP_ALIVE_TIMEOUT_MILLIS;

    @Option(names = "--unread-timeout-ms", paramLabel = "MS",
        description = "a client whose answers stay unread (past the 256 KiB write high-water mark) this long is closed, /ws with 1008 (default: ${DEFAULT-VALUE})")
    private int unreadTimeoutMillis = ServerConfig.DEFAULT_UNREAD_TIMEOUT_MILLIS;

    @Option(names = "--idle-timeout", paramLabel = "S",
        description = "a WebSocket (/ws, /push) that sends nothing this long is closed with 1001 (default: ${DEFAULT-VALUE})")
    private int idleTimeoutSeconds = ServerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS;

    @Option(names = "--event-rate", paramLabel = "N",
        description = "events a second per connection (token bucket); excess answered rate_limited; 0 = off (default: ${DEFAULT-VALUE})")
    private int eventRate = ServerConfig.DEFAULT_EVENT_RATE;

    @Option(names = "--event-burst", paramLabel = "N", description = "token bucket size for --event-rate; 0 = the rate (default: ${DEFAULT-VALUE})")
    private int eventBurst;

    @Option(names = "--push-control-rate", paramLabel = "N",
        description = "/push control messages a second per connection; excess answered {\"error\":\"rate_limited\"}; 0 = off (default: ${DEFAULT-VALUE})")
    private int pushControlRate;

    @Option(names = "--push-control-burst", paramLabel = "N", description = "token bucket size for --push-control-rate; 0 = the rate (default: ${DEFAULT-VALUE})")
    private int pushControlBurst;

    @Option(names = "--auth-token-file", paramLabel = "FILE", description = "require Authorization: Bearer <the file's token> on "
        + "every request but GET /health and /metrics (default: the environment variable SCORELINE_AUTH_TOKEN; neither: no auth)")
    private Path authTokenFile;

    @Option(names = "--rank-refresh-ms", paramLabel = "MS",
        description = "shard subscriptions on /push get a rank refresh at most this often (default: ${DEFAULT-VALUE})")
    private int rankRefreshMillis = PushConfig.DEFAULT_RANK_REFRESH_MILLIS;

    @Option(names = "--rank-exact-top", paramLabel = "N",
        description = "shard players ranked within the top N get every rank move at the next refresh (default: ${DEFAULT-VALUE})")
    private int rankExactTop = PushConfig.DEFAULT_RANK_EXACT_TOP;

    @Option(names = "--rank-step", paramLabel = "FRACTION", description = "below the top N, a rank move is pushed once it is at least "
        + "this fraction of the rank last pushed; 0 = every move (default: ${DEFAULT-VALUE})")
    private double rankStep = PushConfig.DEFAULT_RANK_STEP;

    @Option(names = "--rank-max-age-s", paramLabel = "SECONDS",
        description = "a rank pushed longer ago than this that is no longer exact is pushed anyway (default: ${DEFAULT-VALUE})")
    private int rankMaxAgeSeconds = PushConfig.DEFAULT_RANK_MAX_AGE_SECONDS;

    @Option(names = "--snapshot-interval", paramLabel = "SECONDS",
        description = "seconds between state snapshots, also taken at a graceful stop; 0 = off (default: ${DEFAULT-VALUE})")
    private long snapshotInterval = SnapshotConfig.DEFAULT_INTERVAL_SECONDS;

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "where snapshots go (default: JOURNAL/snapshots)")
    private Path snapshotDir;

    @Option(names = "--snapshot-keep", paramLabel = "N", description = "newest snapshots kept (default: ${DEFAULT-VALUE})")
    private int snapshotKeep = SnapshotConfig.DEFAULT_KEEP;

    @Option(names = "--journal-retain", paramLabel = "MODE", converter = RetainConverter.class,
        description = "journal files older than the oldest kept snapshot: all (keep), delete, archive (to JOURNAL/archive) (default: all)")
    private Snapshots.JournalRetain journalRetain = Snapshots.JournalRetain.ALL;

    @Option(names = "--spin-us", paramLabel = "US",
        description = "the reading event loop keeps polling this long after its last work before it blocks in epoll_wait"
            + " (lower wake-up latency under load, no CPU when idle); 0 = block at once (default: ${DEFAULT-VALUE})")
    private long spinMicros;

    /** The configuration these options describe (not yet validated); the auth token from the file, else {@code env}. */
    public ServerConfig config(final String env)
    {
        final ServerConfig config = new ServerConfig()
            .host(host)
            .port(port)
            .journalDir(journal)
            .rulebook(rules == null ? Rulebook.defaults() : Rulebook.load(rules))
            .maxPlayers(maxPlayers)
            .ringSize(ringSize)
            .waitStrategy(wait)
            .topology(topology)
            .pinThreads(pin)
            .maxConnections(maxConnections)
            .maxHalfOpen(maxHalfOpen)
            .headerTimeoutMillis(headerTimeoutMillis)
            .bodyMinBytesPerSecond(bodyMinRate)
            .bodyWindowMillis(bodyWindowMillis)
            .keepAliveTimeoutMillis(keepAliveMillis)
            .idleTimeoutSeconds(idleTimeoutSeconds)
            .unreadTimeoutMillis(unreadTimeoutMillis)
            .eventRate(eventRate)
            .eventBurst(eventBurst)
            .pushControlRate(pushControlRate)
            .pushControlBurst(pushControlBurst)
            .rankRefreshMillis(rankRefreshMillis)
            .spinMicros(spinMicros);
        config.pipeline().undoEvents(undoEvents).voidWarmup(true);
        config.push()
            .rankExactTop(rankExactTop)
            .rankStep(rankStep)
            .rankMaxAgeMillis(java.util.concurrent.TimeUnit.SECONDS.toMillis(rankMaxAgeSeconds));
        config.snapshots()
            .intervalSeconds(snapshotInterval)
            .dir(snapshotDir)
            .keep(snapshotKeep)
            .retain(journalRetain);
        return config.authTokenFrom(authTokenFile, env);
    }

    /** all, delete or archive in any case, refused with the configuration's own message. */
    static final class RetainConverter implements picocli.CommandLine.ITypeConverter<Snapshots.JournalRetain>
    {
        @Override
        public Snapshots.JournalRetain convert(final String value)
        {
            return Snapshots.JournalRetain.parse(value);
        }
    }
}
