package io.scoreline.ingest;

import io.scoreline.journal.JournalConfig;
import io.scoreline.pipeline.Topology;
import io.scoreline.push.PushConfig;
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
    /** Netty transport: auto (epoll where it loads, else NIO), epoll or nio; the system property overrides the default. */
    public static final String DEFAULT_TRANSPORT = System.getProperty(Transport.PROPERTY, Transport.AUTO);

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path journalDir = DEFAULT_JOURNAL_DIR;
    /** Null: read from the {@code scoreline.journal.*} system properties when asked for. */
    private JournalConfig journalConfig;
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
    private final PushConfig push = new PushConfig();
    private String transport = DEFAULT_TRANSPORT;
    private Runnable beforeRecovery = () -> {};
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

    /** fused, staged, inline or auto (by the cores this process may use; see {@link Topology}). */
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

    /** auto, epoll or nio (see {@link Transport}). */
    public ServerConfig transport(final String transport)
    {
        this.transport = transport;
        return this;
    }

    public String transport()
    {
        return transport;
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
        check(topology != null, "topology must be fused, staged, inline or auto");
        check(ringSize >= 2 && Integer.bitCount(ringSize) == 1, "ring size must be a power of two >= 2, got " + ringSize);
        check(maxConnections >= 1, "max connections must be >= 1, got " + maxConnections);
        check(idleTimeoutSeconds >= 1, "idle timeout must be >= 1 s, got " + idleTimeoutSeconds);
        check(maxMessageBytes >= 4096, "max message bytes must be >= 4096, got " + maxMessageBytes);
        check(maxInFlight >= 1, "max in-flight must be >= 1, got " + maxInFlight);
        check(maxOutboundBytes >= 64 * 1024, "max outbound bytes must be >= 65536, got " + maxOutboundBytes);
        check(transport != null && (Transport.AUTO.equalsIgnoreCase(transport) || Transport.EPOLL.equalsIgnoreCase(transport) ||
            Transport.NIO.equalsIgnoreCase(transport)), "transport must be auto, epoll or nio, got " + transport);
        push.idleTimeoutSeconds(idleTimeoutSeconds).validate();
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
