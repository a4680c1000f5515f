package io.scoreline.ingest;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * An event loop that stays awake while there is work and sleeps when there is none. While the
 * loop found something to do (ready sockets or tasks) within the last {@code spinNanos}, each
 * turn polls the sockets without blocking ({@code epoll_wait} with a zero timeout) and goes round
 * again, running its tasks and timers between polls, so the next frame is read within a poll's
 * time instead of after a wake-up from {@code epoll_wait} (the scheduler's latency: p99 0.3-1.5 ms
 * on this machine, perf/README.md issue 20). Once that long passes with nothing, it blocks as
 * Netty's default does, so an idle service costs no CPU.
 *
 * <p>Unlike Netty's {@link SelectStrategy#BUSY_WAIT}, which spins inside native code until a
 * socket is ready and so neither runs tasks handed over by other threads nor ever gives up, this
 * one goes back to the loop on every poll. One instance per loop (its state is the loop's).
 */
public final class AdaptiveSelectStrategy implements SelectStrategy
{
    private final long spinNanos;
    private long lastWork = System.nanoTime();

    public AdaptiveSelectStrategy(final long spinNanos)
    {
        this.spinNanos = spinNanos;
    }

    /** A factory giving each loop its own strategy; {@code spinMicros} 0 gives Netty's default (block at once). */
    public static SelectStrategyFactory factory(final long spinMicros)
    {
        return () -> new AdaptiveSelectStrategy(spinMicros * 1_000);
    }

    @Override
    public int calculateStrategy(final IntSupplier selectNow, final boolean hasTasks) throws Exception
    {
        final long now = System.nanoTime();
        if (hasTasks)
        {
            lastWork = now;
            return selectNow.get();
        }
        if (now - lastWork >= spinNanos)
        {
            return SelectStrategy.SELECT;
        }
        final int ready = selectNow.get();
        if (ready > 0)
        {
            lastWork = now;
        }
        else
        {
            Thread.onSpinWait();
        }
        return ready;
    }
}
