package io.scoreline.ingest;

/**
 * The connections whose answers wait unwritten: their channel passed the write high-water mark
 * (the client reads slower than it is answered, or not at all). Publishing for them has stopped
 * (back-pressure), so their answers stay below the high-water mark plus one in-flight window;
 * one still unwritable after the timeout is closed with 1008, as /push closes a subscriber that
 * lags ({@link #sweep}, a few times a timeout).
 *
 * <p>A ring of (connection, since) in the order they went unwritable, so the sweep looks at the
 * oldest only. An entry whose connection became writable again (or went unwritable again later)
 * is stale, told by its time, and dropped when it reaches the head. Nothing is allocated once
 * the ring has grown to the most entries a timeout sees. Event loop only.
 */
final class UnreadAnswers
{
    private final long timeoutNanos;
    private final Metrics metrics;
    private final TimedQueue<Connection> unwritable = new TimedQueue<>(64);

    UnreadAnswers(final long timeoutMillis, final Metrics metrics)
    {
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.metrics = metrics;
    }

    /** How often {@link #sweep} should run: a quarter of the timeout, 10 ms to 500 ms. */
    static long sweepMillis(final long timeoutMillis)
    {
        return Math.max(10, Math.min(500, timeoutMillis / 4));
    }

    /** {@code c} went unwritable at {@code nanos}. */
    void add(final Connection c, final long nanos)
    {
        unwritable.add(c, nanos);
        c.unwritableSince = nanos;
    }

    /** {@code c} is writable again, or gone: its entry goes stale. */
    static void remove(final Connection c)
    {
        c.unwritableSince = 0;
    }

    /** Closes, with 1008, every connection unwritable for the timeout or longer. */
    void sweep()
    {
        final long now = System.nanoTime();
        while (!unwritable.isEmpty())
        {
            final Connection c = unwritable.head();
            final long at = unwritable.headTime();
            final boolean current = c.unwritableSince == at;
            if (current && now - at < timeoutNanos)
            {
                return; // the oldest still within its time: so are the ones behind it
            }
            unwritable.poll();
            if (current)
            {
                remove(c);
                metrics.connectionsClosedForBadInput.incrementAndGet();
                c.closeUnread();
            }
        }
    }
}
