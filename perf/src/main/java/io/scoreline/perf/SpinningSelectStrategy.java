package io.scoreline.perf;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * {@code loadgen --spin}: the load generator's event loop never blocks, and sends its due events
 * itself. Each turn runs the loop's {@link LoopSender} (set once by {@link #sendFrom}) and polls
 * the sockets without blocking, so neither a send nor a result waits for a thread to be woken:
 * the loop owns its core (the load generator runs on a core of its own) and the sender thread
 * only watches the clock. Without it, each send was a wake-up of the sender thread, a hand-over
 * to the loop and a wake-up of the loop, on the same core as the loop's reads.
 */
final class SpinningSelectStrategy implements SelectStrategy
{
    private static final ThreadLocal<SpinningSelectStrategy> OWN = new ThreadLocal<>();
    private volatile Runnable sender;
    private boolean registered;

    @Override
    public int calculateStrategy(final IntSupplier selectNow, final boolean hasTasks) throws Exception
    {
        if (!registered)
        {
            registered = true;
            OWN.set(this);
        }
        final Runnable send = sender;
        if (send != null)
        {
            send.run();
        }
        return selectNow.get();
    }

    /** On the loop's thread: its strategy runs {@code sender} every turn from now on. */
    static void sendFrom(final Runnable sender)
    {
        OWN.get().sender = sender;
    }
}
