package io.scoreline.ingest;

import io.scoreline.pipeline.Topology;
import io.scoreline.rules.Rulebook;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * Everything the network side is built from: defaults, fluent setters and one {@link #validate()}
 * that names the first bad setting (Aeron's Context pattern).
 */
public final class ServerConfig
{
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_JOURNAL_DIR = Paths.get("data", "journal");
    public static final int DEFAULT_MAX_PLAYERS = 2_000_000;
    public static final String DEFAULT_WAIT_STRATEGY = "parking";
    public static final int DEFAULT_RING_SIZE = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
    /** Largest WebSocket message (after reassembly of fragments) and largest POST body. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** Events of one connection published but not yet answered. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    /** Bytes queued for a client that does not read, past which it is closed. */
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 16 << 20;
    /** Player subscriptions one /push connection may hold. */
    public static final int DEFAULT_MAX_PUSH_SUBSCRIPTIONS = 1000;
    /** A /push subscriber that stays unwritable (not reading) this long is closed with 1008. */
    public static final int DEFAULT_PUSH_LAG_MILLIS = 5000;
    /** Bytes queued for a /push subscriber past which it is closed with 1008. */
    public static final int DEFAULT_MAX_PUSH_OUTBOUND_BYTES = 1 << 20;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path journalDir = DEFAULT_JOURNAL_DIR;
    private Rulebook rulebook;
    private int maxPlayers = DEFAULT_MAX_PLAYERS;
    private String waitStrategy = DEFAULT_WAIT_STRATEGY;
    private boolean pinThreads;
    private Topology topology = Topology.AUTO;
    private int ringSize = DEFAULT_RING_SIZE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int maxOutboundBytes = DEFAULT_MAX_OUTBOUND_BYTES;
    private int maxPushSubscriptions = DEFAULT_MAX_PUSH_SUBSCRIPTIONS;
    private int pushLagMillis = DEFAULT_PUSH_LAG_MILLIS;
    private int maxPushOutboundBytes = DEFAULT_MAX_PUSH_OUTBOUND_BYTES;
    private int pushSendBufferBytes;
    private Runnable beforeRecovery = () -> {};

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

    public ServerConfig rulebook(final Rulebook rulebook)
    {
        this.rulebook = rulebook;
        return this;
    }

    public ServerConfig maxPlayers(final int maxPlayers)
    {
        this.maxPlayers = maxPlayers;
        return this;
    }

    public ServerConfig waitStrategy(final String waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** fused, staged or auto (by the cores this process may use; see {@link Topology}). */
    public ServerConfig topology(final Topology topology)
    {
        this.topology = topology;
        return this;
    }

    public Topology topology()
    {
        return topology;
    }

    public ServerConfig ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /** Pin each stage thread to a core of its own, where the machine has one per stage (see PipelineConfig). */
    public ServerConfig pinThreads(final boolean pinThreads)
    {
        this.pinThreads = pinThreads;
        return this;
    }

    public boolean pinThreads()
    {
        return pinThreads;
    }

    public ServerConfig maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }

    public ServerConfig idleTimeoutSeconds(final int idleTimeoutSeconds)
    {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
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

    public ServerConfig maxOutboundBytes(final int maxOutboundBytes)
    {
        this.maxOutboundBytes = maxOutboundBytes;
        return this;
    }

    public ServerConfig maxPushSubscriptions(final int maxPushSubscriptions)
    {
        this.maxPushSubscriptions = maxPushSubscriptions;
        return this;
    }

    public ServerConfig pushLagMillis(final int pushLagMillis)
    {
        this.pushLagMillis = pushLagMillis;
        return this;
    }

    public ServerConfig maxPushOutboundBytes(final int maxPushOutboundBytes)
    {
        this.maxPushOutboundBytes = maxPushOutboundBytes;
        return this;
    }

    /** SO_SNDBUF of /push channels; 0 leaves the OS default (tests shrink it to reach the lag bound fast). */
    public ServerConfig pushSendBufferBytes(final int pushSendBufferBytes)
    {
        this.pushSendBufferBytes = pushSendBufferBytes;
        return this;
    }

    public int maxPushSubscriptions()
    {
        return maxPushSubscriptions;
    }

    public int pushLagMillis()
    {
        return pushLagMillis;
    }

    public int maxPushOutboundBytes()
    {
        return maxPushOutboundBytes;
    }

    public int pushSendBufferBytes()
    {
        return pushSendBufferBytes;
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
        return rulebook == null ? Rulebook.defaults() : rulebook;
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    public String waitStrategy()
    {
        return waitStrategy;
    }

    public int ringSize()
    {
        return ringSize;
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

    public int maxOutboundBytes()
    {
        return maxOutboundBytes;
    }

    Runnable beforeRecovery()
    {
        return beforeRecovery;
    }

    /** @throws IllegalArgumentException naming the first bad setting. */
    public ServerConfig validate()
    {
        Objects.requireNonNull(journalDir, "journal directory");
        if (host == null || host.isEmpty())
        {
            throw new IllegalArgumentException("host must not be empty");
        }
        check(port >= 0 && port <= 65_535, "port must be 0..65535, got " + port);
        check(maxPlayers >= 1, "max players must be >= 1, got " + maxPlayers);
        check(topology != null, "topology must be fused, staged or auto");
        check(ringSize >= 2 && Integer.bitCount(ringSize) == 1, "ring size must be a power of two >= 2, got " + ringSize);
        check(maxConnections >= 1, "max connections must be >= 1, got " + maxConnections);
        check(idleTimeoutSeconds >= 1, "idle timeout must be >= 1 s, got " + idleTimeoutSeconds);
        check(maxMessageBytes >= 4096, "max message bytes must be >= 4096, got " + maxMessageBytes);
        check(maxInFlight >= 1, "max in-flight must be >= 1, got " + maxInFlight);
        check(maxOutboundBytes >= 64 * 1024, "max outbound bytes must be >= 65536, got " + maxOutboundBytes);
        check(maxPushSubscriptions >= 1, "max push subscriptions must be >= 1, got " + maxPushSubscriptions);
        check(pushLagMillis >= 1, "push lag must be >= 1 ms, got " + pushLagMillis);
        check(maxPushOutboundBytes >= 64 * 1024, "max push outbound bytes must be >= 65536, got " + maxPushOutboundBytes);
        check(pushSendBufferBytes >= 0, "push send buffer must be >= 0, got " + pushSendBufferBytes);
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
