package io.scoreline.ingest;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The event loop's retry of what waits for a free ring slot: one periodic timer for a whole
 * stretch of back-pressure, cancelled by the first tick at which nothing waits any more. A one-shot
 * timer per retry allocated a Netty task object every 100 us for as long as the ring stayed full
 * (issue 26); the periodic one is put back into the loop's timer queue as it is, so a stretch
 * allocates once. Event loop only.
 */
final class RingWait implements Runnable
{
    private final EventLoop loop;
    private final Runnable retry;
    private ScheduledFuture<?> timer;
    private long periodMicros;
    /** Set by {@link #await} while a tick's retry runs: something still waits, the timer goes on. */
    private boolean awaited;

    /** @param retry what a tick runs; it calls {@link #await} again for whatever still finds the ring full */
    RingWait(final EventLoop loop, final Runnable retry)
    {
        this.loop = loop;
        this.retry = retry;
    }

    /** Something found the ring full: retry it every {@code micros} until a tick finds nothing waiting. */
    void await(final long micros)
    {
        awaited = true;
        if (timer != null && periodMicros == micros)
        {
            return;
        }
        if (timer != null)
        {
            timer.cancel(false); // the recovery's slower period gives way to the live one
        }
        periodMicros = micros;
        timer = loop.scheduleAtFixedRate(this, micros, micros, TimeUnit.MICROSECONDS);
    }

    @Override
    public void run()
    {
        awaited = false;
        final ScheduledFuture<?> ticking = timer;
        retry.run();
        if (!awaited && timer == ticking && ticking != null)
        {
            ticking.cancel(false);
            timer = null;
        }
    }
}
