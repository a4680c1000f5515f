package io.scoreline.pipeline.edge;

/**
 * A token bucket on primitives, one per connection, for one thread: {@code rate} tokens a second,
 * at most {@code burst} saved up, full at start. Credit is kept in token-nanoseconds (a token is
 * 10^9 of them, a nanosecond adds {@code rate}), so any rate is exact with no division per call.
 * Allocates nothing after construction.
 */
public final class TokenBucket
{
    private static final long TOKEN = 1_000_000_000L;

    private final long rate;
    private final long capacity;
    /** Elapsed time past which the bucket is full whatever it held: caps {@code elapsed * rate}. */
    private final long fillNanos;
    private long credit;
    private long lastNanos;

    /** @param rate tokens a second, >= 1; @param burst tokens saved at most, >= 1. */
    public TokenBucket(final int rate, final int burst, final long nowNanos)
    {
        if (rate < 1 || burst < 1)
        {
            throw new IllegalArgumentException("rate and burst must be >= 1, got " + rate + " and " + burst);
        }
        this.rate = rate;
        this.capacity = burst * TOKEN;
        this.fillNanos = capacity / rate + 1;
        this.credit = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryTake(final long nowNanos)
    {
        final long elapsed = Math.min(Math.max(0, nowNanos - lastNanos), fillNanos);
        lastNanos = nowNanos;
        credit = Math.min(capacity, credit + elapsed * rate);
        if (credit >= TOKEN)
        {
            credit -= TOKEN;
            return true;
        }
        return false;
    }
}
