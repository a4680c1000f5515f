package io.scoreline.perf;

import java.net.URI;
import java.nio.file.Path;

/** Settings of one {@link LoadGenerator} run; {@link #validate()} names the first bad one. */
public final class LoadConfig
{
    String url = "ws://127.0.0.1:8080/ws";
    long rate = 10_000;
    int durationSeconds = 10;
    int connections = 4;
    int batch = 1;
    int players = 100_000;
    int warmupSeconds;
    int graceSeconds = 5;
    long seed = 42;
    Path out;
    boolean distribution = true;
    String authToken;
    boolean spin;

    public LoadConfig url(final String url)
    {
        this.url = url;
        return this;
    }

    /** Events per second over all connections. */
    public LoadConfig rate(final long rate)
    {
        this.rate = rate;
        return this;
    }

    /** Length of the measured run (after any warm-up). */
    public LoadConfig durationSeconds(final int durationSeconds)
    {
        this.durationSeconds = durationSeconds;
        return this;
    }

    public LoadConfig connections(final int connections)
    {
        this.connections = connections;
        return this;
    }

    /** Most events per text frame: all due events go out at once, in frames of up to this many. */
    public LoadConfig batch(final int batch)
    {
        this.batch = batch;
        return this;
    }

    /** Distinct players over all connections (each connection owns players / connections). */
    public LoadConfig players(final int players)
    {
        this.players = players;
        return this;
    }

    /** Load at the same rate before the measured run, kept out of the histogram and counts. */
    public LoadConfig warmupSeconds(final int warmupSeconds)
    {
        this.warmupSeconds = warmupSeconds;
        return this;
    }

    /** How long after the last intended send time to wait for outstanding results. */
    public LoadConfig graceSeconds(final int graceSeconds)
    {
        this.graceSeconds = graceSeconds;
        return this;
    }

    public LoadConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /** Directory for {@code latency.hgrm} and {@code latency.svg}; null writes nothing. */
    public LoadConfig out(final Path out)
    {
        this.out = out;
        return this;
    }

    /** Whether to print HdrHistogram's whole percentile table and the allocation line (loadgen) or not (demo). */
    public LoadConfig distribution(final boolean distribution)
    {
        this.distribution = distribution;
        return this;
    }

    /** Event loops that never block and send their due events themselves ({@link SpinningSelectStrategy}): a core each. */
    public LoadConfig spin(final boolean spin)
    {
        this.spin = spin;
        return this;
    }

    /** The service's bearer token (sent in each connection's upgrade request), or null. */
    public LoadConfig authToken(final String authToken)
    {
        this.authToken = authToken;
        return this;
    }

    public String url()
    {
        return url;
    }

    public long rate()
    {
        return rate;
    }

    public int durationSeconds()
    {
        return durationSeconds;
    }

    public int connections()
    {
        return connections;
    }

    public int batch()
    {
        return batch;
    }

    public int players()
    {
        return players;
    }

    public int warmupSeconds()
    {
        return warmupSeconds;
    }

    public int graceSeconds()
    {
        return graceSeconds;
    }

    public Path out()
    {
        return out;
    }

    /** @throws IllegalArgumentException naming the first bad setting */
    public LoadConfig validate()
    {
        final URI uri = uri();
        check("ws".equals(uri.getScheme()), "url must be ws://host:port/path, got " + url);
        check(uri.getHost() != null, "url has no host: " + url);
        check(rate >= 1, "rate must be >= 1 event/s, got " + rate);
        check(durationSeconds >= 1, "duration must be >= 1 s, got " + durationSeconds);
        check(connections >= 1 && connections <= 10_000, "connections must be 1..10000, got " + connections);
        check(batch >= 1 && batch <= 10_000, "batch must be 1..10000, got " + batch);
        check(players >= connections, "players must be >= connections (" + connections + "), got " + players);
        check(warmupSeconds >= 0, "warmup must be >= 0 s, got " + warmupSeconds);
        check(graceSeconds >= 0, "grace must be >= 0 s, got " + graceSeconds);
        check(rate * (durationSeconds + (long)warmupSeconds) <= 4_000_000_000L,
            "rate x (duration + warmup) must be <= 4e9 events");
        return this;
    }

    URI uri()
    {
        try
        {
            return new URI(url);
        }
        catch (final Exception ex)
        {
            throw new IllegalArgumentException("bad url: " + url);
        }
    }

    private static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
