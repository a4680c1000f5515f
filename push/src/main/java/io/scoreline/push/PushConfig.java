package io.scoreline.push;

import java.util.concurrent.TimeUnit;

/** The settings of {@code /push}: defaults, fluent setters and one {@link #validate()} (Aeron's Context pattern). */
public final class PushConfig
{
    /** Player subscriptions one /push connection may hold. */
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1000;
    /** A subscriber that stays unwritable (not reading) this long is closed with 1008. */
    public static final int DEFAULT_LAG_MILLIS = 5000;
    /** Bytes queued for a subscriber past which it is closed with 1008. */
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 1 << 20;
    /**
     * Writes to a subscriber are coalesced over this interval: all subscribers are flushed together
     * at most this often, each with one frame of every push that waits (the newest state per player).
     */
    public static final int DEFAULT_FLUSH_INTERVAL_MILLIS = 5;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
    /** Shard subscriptions get a rank refresh at most this often (--rank-refresh-ms). */
    public static final int DEFAULT_RANK_REFRESH_MILLIS = 1000;
    /** Shard players ranked within this many get every rank move pushed (--rank-exact-top). */
    public static final int DEFAULT_RANK_EXACT_TOP = 1000;
    /** Elsewhere a rank move is pushed once it is at least this fraction of the rank last pushed (--rank-step). */
    public static final double DEFAULT_RANK_STEP = 0.02;
    /** A rank last pushed longer ago than this that is no longer exact is pushed anyway (--rank-max-age-s). */
    public static final int DEFAULT_RANK_MAX_AGE_SECONDS = 30;
    /** Handles the shard thread's copy of the player board holds (the pipeline's player capacity). */
    public static final int DEFAULT_MAX_PLAYERS = io.scoreline.pipeline.PipelineConfig.DEFAULT_MAX_PLAYERS;

    private int maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
    private int lagMillis = DEFAULT_LAG_MILLIS;
    private int maxOutboundBytes = DEFAULT_MAX_OUTBOUND_BYTES;
    private int sendBufferBytes;
    private int flushIntervalMillis = DEFAULT_FLUSH_INTERVAL_MILLIS;
    private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
    /** Control messages a second per connection (token bucket); 0: no limit. */
    private int controlRate;
    /** 0: the rate (one second's worth). */
    private int controlBurst;
    private int rankRefreshMillis = DEFAULT_RANK_REFRESH_MILLIS;
    private int maxPlayers = DEFAULT_MAX_PLAYERS;
    private int rankExactTop = DEFAULT_RANK_EXACT_TOP;
    private double rankStep = DEFAULT_RANK_STEP;
    private long rankMaxAgeMillis = TimeUnit.SECONDS.toMillis(DEFAULT_RANK_MAX_AGE_SECONDS);

    public PushConfig maxSubscriptions(final int maxSubscriptions)
    {
        this.maxSubscriptions = maxSubscriptions;
        return this;
    }

    public PushConfig lagMillis(final int lagMillis)
    {
        this.lagMillis = lagMillis;
        return this;
    }

    public PushConfig maxOutboundBytes(final int maxOutboundBytes)
    {
        this.maxOutboundBytes = maxOutboundBytes;
        return this;
    }

    /** SO_SNDBUF of /push channels; 0 leaves the OS default (tests shrink it to reach the lag bound fast). */
    public PushConfig sendBufferBytes(final int sendBufferBytes)
    {
        this.sendBufferBytes = sendBufferBytes;
        return this;
    }

    public PushConfig flushIntervalMillis(final int flushIntervalMillis)
    {
        this.flushIntervalMillis = flushIntervalMillis;
        return this;
    }

    public PushConfig idleTimeoutSeconds(final int idleTimeoutSeconds)
    {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        return this;
    }

    public PushConfig controlRate(final int controlRate)
    {
        this.controlRate = controlRate;
        return this;
    }

    public PushConfig controlBurst(final int controlBurst)
    {
        this.controlBurst = controlBurst;
        return this;
    }

    public int controlRate()
    {
        return controlRate;
    }

    public int controlBurst()
    {
        return controlBurst == 0 ? controlRate : controlBurst;
    }

    public PushConfig rankRefreshMillis(final int rankRefreshMillis)
    {
        this.rankRefreshMillis = rankRefreshMillis;
        return this;
    }

    public PushConfig rankExactTop(final int rankExactTop)
    {
        this.rankExactTop = rankExactTop;
        return this;
    }

    /** 0: every rank move is pushed at the next refresh (the rule before issue 25). */
    public PushConfig rankStep(final double rankStep)
    {
        this.rankStep = rankStep;
        return this;
    }

    /** In milliseconds, so that tests can keep it short; the option is in seconds. */
    public PushConfig rankMaxAgeMillis(final long rankMaxAgeMillis)
    {
        this.rankMaxAgeMillis = rankMaxAgeMillis;
        return this;
    }

    public int rankExactTop()
    {
        return rankExactTop;
    }

    public double rankStep()
    {
        return rankStep;
    }

    public long rankMaxAgeMillis()
    {
        return rankMaxAgeMillis;
    }

    /** Must be the pipeline's player capacity: the shard thread copies the board handle for handle. */
    public PushConfig maxPlayers(final int maxPlayers)
    {
        this.maxPlayers = maxPlayers;
        return this;
    }

    public int rankRefreshMillis()
    {
        return rankRefreshMillis;
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    public int maxSubscriptions()
    {
        return maxSubscriptions;
    }

    public int lagMillis()
    {
        return lagMillis;
    }

    public int maxOutboundBytes()
    {
        return maxOutboundBytes;
    }

    public int sendBufferBytes()
    {
        return sendBufferBytes;
    }

    public int flushIntervalMillis()
    {
        return flushIntervalMillis;
    }

    public int idleTimeoutSeconds()
    {
        return idleTimeoutSeconds;
    }

    long lagNanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(lagMillis);
    }

    long flushIntervalNanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
    }

    /** @throws IllegalArgumentException naming the first bad setting. */
    public PushConfig validate()
    {
        check(maxSubscriptions >= 1, "max push subscriptions must be >= 1, got " + maxSubscriptions);
        check(lagMillis >= 1, "push lag must be >= 1 ms, got " + lagMillis);
        check(maxOutboundBytes >= 64 * 1024, "max push outbound bytes must be >= 65536, got " + maxOutboundBytes);
        check(sendBufferBytes >= 0, "push send buffer must be >= 0, got " + sendBufferBytes);
        check(flushIntervalMillis >= 1 && flushIntervalMillis <= 50,
            "push flush interval must be 1..50 ms (pushes are due within 50 ms), got " + flushIntervalMillis);
        check(rankRefreshMillis >= 10 && rankRefreshMillis <= 3_600_000,
            "rank refresh must be 10..3600000 ms, got " + rankRefreshMillis);
        check(rankExactTop >= 0, "rank exact top must be >= 0, got " + rankExactTop);
        check(rankStep >= 0 && rankStep <= 1, "rank step must be 0..1 (a fraction of the rank), got " + rankStep);
        check(rankMaxAgeMillis >= rankRefreshMillis,
            "rank max age must be at least the rank refresh interval (" + rankRefreshMillis + " ms), got " + rankMaxAgeMillis + " ms");
        check(maxPlayers >= 1, "push max players must be >= 1, got " + maxPlayers);
        check(idleTimeoutSeconds >= 1, "push idle timeout must be >= 1 s, got " + idleTimeoutSeconds);
        check(controlRate >= 0, "push control rate must be >= 0 (0: off), got " + controlRate);
        check(controlBurst >= 0, "push control burst must be >= 0 (0: the rate), got " + controlBurst);
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
