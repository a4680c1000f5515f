package io.scoreline.ingest;

import io.scoreline.journal.JournalConfig;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.WaitKind;
import io.scoreline.pipeline.log.EventLog;
import io.scoreline.push.PushConfig;
import io.scoreline.rules.Rulebook;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * Everything the server is built from: defaults, fluent setters and one {@link #validate()} that
 * names the first bad setting (Aeron's Context pattern). The pipeline's and push's settings live in
 * their own nested configurations ({@link #pipeline()}, {@link #push()}, {@link #snapshots()}),
 * checked by their own validate; the setters here that concern them write straight into them.
 */
public final class ServerConfig implements IngestSettings
{
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_JOURNAL_DIR = Paths.get("data", "journal");
    public static final int DEFAULT_MAX_PLAYERS = PipelineConfig.DEFAULT_MAX_PLAYERS;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
    /** Largest WebSocket message (after reassembly of fragments) and largest POST body. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** Events of one connection published but not yet answered. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    /** A client whose answers stay unread past the write high-water mark this long is closed (1008), as /push's lag. */
    public static final int DEFAULT_UNREAD_TIMEOUT_MILLIS = 5_000;
    /** Request line and headers must be complete this long after the connection or the request's first byte (408). */
    public static final int DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;
    /** A request body must bring at least this many bytes a second, averaged over each body window (408). */
    public static final int DEFAULT_BODY_MIN_BYTES_PER_SECOND = 1024;
    public static final int DEFAULT_BODY_WINDOW_MILLIS = 10_000;
    /** An HTTP connection with every request answered and nothing new is closed after this long. */
    public static final int DEFAULT_KEEP_ALIVE_TIMEOUT_MILLIS = 30_000;
    /** Connections that have not completed a request or handshake; past it the oldest is closed. */
    public static final int DEFAULT_MAX_HALF_OPEN = 1000;
    /** Events a second per connection (token bucket); 0: no limit. */
    public static final int DEFAULT_EVENT_RATE = 0;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path journalDir = DEFAULT_JOURNAL_DIR;
    /** Null: read from the {@code scoreline.journal.*} system properties when asked for. */
    private JournalConfig journalConfig;
    /** Players, ring, wait strategy, topology, pinning, rulebook; the journal is set from here at start. */
    private final PipelineConfig pipeline = new PipelineConfig();
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int unreadTimeoutMillis = DEFAULT_UNREAD_TIMEOUT_MILLIS;
    private final PushConfig push = new PushConfig().maxPlayers(DEFAULT_MAX_PLAYERS).idleTimeoutSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
    /** Null: {@link TransportKind#fromProperty()}, read at start. */
    private TransportKind transport;
    /** The event loop keeps polling this long after its last work before it blocks (AdaptiveSelectStrategy); 0: blocks at once. */
    private long spinMicros;
    private Runnable beforeRecovery = () -> {};
    private int headerTimeoutMillis = DEFAULT_HEADER_TIMEOUT_MILLIS;
    private int bodyMinBytesPerSecond = DEFAULT_BODY_MIN_BYTES_PER_SECOND;
    private int bodyWindowMillis = DEFAULT_BODY_WINDOW_MILLIS;
    private int keepAliveTimeoutMillis = DEFAULT_KEEP_ALIVE_TIMEOUT_MILLIS;
    private int maxHalfOpen = DEFAULT_MAX_HALF_OPEN;
    private int eventRate = DEFAULT_EVENT_RATE;
    /** 0: one second's worth of the rate. */
    private int eventBurst;
    private EventLog eventLog;
    private String authToken;
    private final SnapshotConfig snapshots = new SnapshotConfig();

    public ServerConfig host(final String host)
    {
        this.host = host;
        return this;
    }

    /** 0 binds an ephemeral port; {@link ScorerServer#port()} tells which. */
    public ServerConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    public ServerConfig journalDir(final Path journalDir)
    {
        this.journalDir = journalDir;
        return this;
    }

    /** Roll size and fsync policy; unset, they come from {@link JournalConfig#fromSystemProperties()}. */
    public ServerConfig journalConfig(final JournalConfig journalConfig)
    {
        this.journalConfig = journalConfig;
        return this;
    }

    public JournalConfig journalConfig()
    {
        return journalConfig != null ? journalConfig : JournalConfig.fromSystemProperties();
    }

    /** The pipeline's settings, set in place; its journal directory and configuration are set from here at start. */
    public PipelineConfig pipeline()
    {
        return pipeline;
    }

    public ServerConfig rulebook(final Rulebook rulebook)
    {
        pipeline.rulebook(rulebook);
        return this;
    }

    /** The pipeline's capacity, which push's board copy shares. */
    public ServerConfig maxPlayers(final int maxPlayers)
    {
        pipeline.maxPlayers(maxPlayers);
        push.maxPlayers(maxPlayers);
        return this;
    }

    public ServerConfig waitStrategy(final WaitKind waitStrategy)
    {
        pipeline.waitStrategy(waitStrategy);
        return this;
    }

    /** fused, staged, inline or auto (by the cores this process may use; see {@link Topology}). */
    public ServerConfig topology(final Topology topology)
    {
        pipeline.topology(topology);
        return this;
    }

    public Topology topology()
    {
        return pipeline.topology();
    }

    public ServerConfig ringSize(final int ringSize)
    {
        pipeline.ringSize(ringSize);
        return this;
    }

    /** Pin each stage thread to a core of its own, where the machine has one per stage (see PipelineConfig). */
    public ServerConfig pinThreads(final boolean pinThreads)
    {
        pipeline.pinThreads(pinThreads);
        return this;
    }

    public boolean pinThreads()
    {
        return pipeline.pinThreads();
    }

    public ServerConfig maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }

    /** WebSockets on /ws and /push alike. */
    public ServerConfig idleTimeoutSeconds(final int idleTimeoutSeconds)
    {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        push.idleTimeoutSeconds(idleTimeoutSeconds);
        return this;
    }

    public ServerConfig maxMessageBytes(final int maxMessageBytes)
    {
        this.maxMessageBytes = maxMessageBytes;
        return this;
    }

    public ServerConfig maxInFlight(final int maxInFlight)
    {
        this.maxInFlight = maxInFlight;
        return this;
    }

    public ServerConfig unreadTimeoutMillis(final int unreadTimeoutMillis)
    {
        this.unreadTimeoutMillis = unreadTimeoutMillis;
        return this;
    }

    /** auto, epoll or nio (see {@link Transport}); unset, {@link TransportKind#fromProperty()}. */
    public ServerConfig transport(final TransportKind transport)
    {
        this.transport = transport;
        return this;
    }

    /** @throws IllegalArgumentException if unset and the system property names no transport */
    public TransportKind transport()
    {
        return transport != null ? transport : TransportKind.fromProperty();
    }

    /** {@code --spin-us}: the reading loop polls this long after its last work before blocking in epoll_wait; 0 = off. */
    public ServerConfig spinMicros(final long spinMicros)
    {
        this.spinMicros = spinMicros;
        return this;
    }

    public long spinMicros()
    {
        return spinMicros;
    }

    /** Snapshot interval, directory, how many to keep, journal retention; set in place. */
    public SnapshotConfig snapshots()
    {
        return snapshots;
    }

    /** The /push settings (subscription cap, lag and outbound bounds, flush interval), set in place. */
    public PushConfig push()
    {
        return push;
    }

    public ServerConfig maxPushSubscriptions(final int maxPushSubscriptions)
    {
        push.maxSubscriptions(maxPushSubscriptions);
        return this;
    }

    public ServerConfig pushLagMillis(final int pushLagMillis)
    {
        push.lagMillis(pushLagMillis);
        return this;
    }

    public ServerConfig maxPushOutboundBytes(final int maxPushOutboundBytes)
    {
        push.maxOutboundBytes(maxPushOutboundBytes);
        return this;
    }

    /** SO_SNDBUF of /push channels; 0 leaves the OS default (tests shrink it to reach the lag bound fast). */
    public ServerConfig pushSendBufferBytes(final int pushSendBufferBytes)
    {
        push.sendBufferBytes(pushSendBufferBytes);
        return this;
    }

    public ServerConfig headerTimeoutMillis(final int headerTimeoutMillis)
    {
        this.headerTimeoutMillis = headerTimeoutMillis;
        return this;
    }

    public ServerConfig bodyMinBytesPerSecond(final int bodyMinBytesPerSecond)
    {
        this.bodyMinBytesPerSecond = bodyMinBytesPerSecond;
        return this;
    }

    public ServerConfig bodyWindowMillis(final int bodyWindowMillis)
    {
        this.bodyWindowMillis = bodyWindowMillis;
        return this;
    }

    public ServerConfig keepAliveTimeoutMillis(final int keepAliveTimeoutMillis)
    {
        this.keepAliveTimeoutMillis = keepAliveTimeoutMillis;
        return this;
    }

    public ServerConfig maxHalfOpen(final int maxHalfOpen)
    {
        this.maxHalfOpen = maxHalfOpen;
        return this;
    }

    /** Events a second one connection may send (token bucket); past it events are answered rate_limited. 0: off. */
    public ServerConfig eventRate(final int eventRate)
    {
        this.eventRate = eventRate;
        return this;
    }

    /** Events a connection may send at once after a pause; 0: the rate (one second's worth). */
    public ServerConfig eventBurst(final int eventBurst)
    {
        this.eventBurst = eventBurst;
        return this;
    }

    /** Control messages a second one /push connection may send; past it they are answered rate_limited. 0: off. */
    public ServerConfig pushControlRate(final int pushControlRate)
    {
        push.controlRate(pushControlRate);
        return this;
    }

    public ServerConfig pushControlBurst(final int pushControlBurst)
    {
        push.controlBurst(pushControlBurst);
        return this;
    }

    public int headerTimeoutMillis()
    {
        return headerTimeoutMillis;
    }

    public int bodyMinBytesPerSecond()
    {
        return bodyMinBytesPerSecond;
    }

    public int bodyWindowMillis()
    {
        return bodyWindowMillis;
    }

    public int keepAliveTimeoutMillis()
    {
        return keepAliveTimeoutMillis;
    }

    public int maxHalfOpen()
    {
        return maxHalfOpen;
    }

    public int eventRate()
    {
        return eventRate;
    }

    public int eventBurst()
    {
        return eventBurst == 0 ? eventRate : eventBurst;
    }

    /**
     * A replicated input log (Kafka, issue 12) instead of the local journal: the journal is off in
     * this mode (docs/REPLICATION.md says why) and {@link #journalDir} is ignored. Null: journal mode.
     */
    public ServerConfig eventLog(final EventLog eventLog)
    {
        this.eventLog = eventLog;
        return this;
    }

    public EventLog eventLog()
    {
        return eventLog;
    }

    /** Shard subscriptions get a rank refresh at most this often (--rank-refresh-ms). */
    public ServerConfig rankRefreshMillis(final int rankRefreshMillis)
    {
        push.rankRefreshMillis(rankRefreshMillis);
        return this;
    }

    /** Runs on the recovery thread before the journal is read (tests hold recovery open with it). */
    ServerConfig beforeRecovery(final Runnable beforeRecovery)
    {
        this.beforeRecovery = beforeRecovery;
        return this;
    }

    public String host()
    {
        return host;
    }

    public int port()
    {
        return port;
    }

    public Path journalDir()
    {
        return journalDir;
    }

    public Rulebook rulebook()
    {
        return pipeline.rulebook();
    }

    public int maxPlayers()
    {
        return pipeline.maxPlayers();
    }

    public int maxConnections()
    {
        return maxConnections;
    }

    public int idleTimeoutSeconds()
    {
        return idleTimeoutSeconds;
    }

    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    public int maxInFlight()
    {
        return maxInFlight;
    }

    public int unreadTimeoutMillis()
    {
        return unreadTimeoutMillis;
    }

    Runnable beforeRecovery()
    {
        return beforeRecovery;
    }

    /** The bearer token every request but GET /health and /metrics must carry; null (the default): no auth. */
    public ServerConfig authToken(final String authToken)
    {
        this.authToken = authToken;
        return this;
    }

    public String authToken()
    {
        return authToken;
    }

    /** The environment variable that holds the token when no token file is named. */
    public static final String AUTH_TOKEN_ENV = "SCORELINE_AUTH_TOKEN";

    /**
     * Sets the token from {@code file} (its content, surrounding whitespace and the final newline
     * dropped) or, without a file, from {@code env} (the value of {@link #AUTH_TOKEN_ENV}, may be
     * null: no auth). @throws IllegalArgumentException if the file cannot be read or is empty.
     */
    public ServerConfig authTokenFrom(final Path file, final String env)
    {
        if (file == null)
        {
            return authToken(env == null || env.isEmpty() ? null : env.trim());
        }
        try
        {
            final String token = java.nio.file.Files.readString(file).trim();
            if (token.isEmpty())
            {
                throw new IllegalArgumentException("auth token file " + file + " is empty");
            }
            return authToken(token);
        }
        catch (final java.io.IOException e)
        {
            throw new IllegalArgumentException("cannot read auth token file " + file + ": " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming the first bad setting. */
    public ServerConfig validate()
    {
        if (eventLog == null)
        {
            Objects.requireNonNull(journalDir, "journal directory");
        }
        if (host == null || host.isEmpty())
        {
            throw new IllegalArgumentException("host must not be empty");
        }
        check(port >= 0 && port <= 65_535, "port must be 0..65535, got " + port);
        pipeline.validate();
        check(maxConnections >= 1, "max connections must be >= 1, got " + maxConnections);
        check(idleTimeoutSeconds >= 1, "idle timeout must be >= 1 s, got " + idleTimeoutSeconds);
        check(maxMessageBytes >= 4096, "max message bytes must be >= 4096, got " + maxMessageBytes);
        check(maxInFlight >= 1, "max in-flight must be >= 1, got " + maxInFlight);
        check(unreadTimeoutMillis >= 1, "unread timeout must be >= 1 ms, got " + unreadTimeoutMillis);
        transport();
        check(spinMicros >= 0 && spinMicros <= 1_000_000, "spin-us must be 0..1000000, got " + spinMicros);
        check(headerTimeoutMillis >= 1, "header timeout must be >= 1 ms, got " + headerTimeoutMillis);
        check(bodyMinBytesPerSecond >= 0, "body minimum rate must be >= 0 bytes/s, got " + bodyMinBytesPerSecond);
        check(bodyWindowMillis >= 1, "body window must be >= 1 ms, got " + bodyWindowMillis);
        check(keepAliveTimeoutMillis >= 1, "keep-alive timeout must be >= 1 ms, got " + keepAliveTimeoutMillis);
        check(maxHalfOpen >= 1, "max half-open connections must be >= 1, got " + maxHalfOpen);
        check(eventRate >= 0, "event rate must be >= 0 (0: off), got " + eventRate);
        check(eventBurst >= 0, "event burst must be >= 0 (0: the rate), got " + eventBurst);
        check(authToken == null || (!authToken.isBlank() && authToken.chars().allMatch(ch -> ch > ' ' && ch < 127)),
            "auth token must be printable ASCII without spaces (RFC 6750 b64token)");
        push.validate();
        journalConfig().validate();
        snapshots.validate();
        return this;
    }

    private static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
