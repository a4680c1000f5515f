package io.scoreline.perf;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * Sends the due events of the connections one event loop serves, on that loop: writes made on
 * a channel's own loop go straight to its outbound buffer, where a write from another thread
 * would cost a task object per frame. The sender thread only wakes at the timetable's times and
 * hands this preallocated task to the loop ({@link #dispatch}).
 */
final class LoopSender implements Runnable
{
    /** Wake-up period while a socket pushes back (not writable), so the sender notices it drain. */
    static final long BLOCKED_POLL_NANOS = 50_000;

    private final EventLoop loop;
    private final LoadConnection[] sockets;
    private final LoadSchedule schedule;
    private final int batch;
    private final byte[] payload;
    /** True from {@link #dispatch} until the task has run; the sender hands the task over once at a time. */
    private volatile boolean queued;
    /** Whether any of its connections still has events to send, after the last run. */
    private volatile boolean pending = true;
    /** The earliest intended time of an unsent event after the last run (or a re-check time while blocked). */
    private volatile long nextDue;

    LoopSender(final EventLoop loop, final LoadConnection[] sockets, final LoadSchedule schedule, final int batch)
    {
        this.loop = loop;
        this.sockets = sockets;
        this.schedule = schedule;
        this.batch = batch;
        this.payload = new byte[batch * LoadConnection.MAX_EVENT_BYTES];
        this.nextDue = schedule.startNanos();
    }

    EventLoop loop()
    {
        return loop;
    }

    boolean pending()
    {
        return pending;
    }

    /** Sender thread: when the next run is due, {@code fallback} if a run is queued and has not said yet. */
    long nextDue(final long fallback)
    {
        return queued ? fallback : nextDue;
    }

    /** Sender thread: queues a run on the loop if one is due and none is queued. */
    void dispatch(final long now)
    {
        if (!queued && pending && nextDue - now <= 0)
        {
            queued = true;
            loop.execute(this);
        }
    }

    /** Event loop, every turn of a spinning loop ({@link SpinningSelectStrategy}): {@link #run} if anything is due. */
    void runIfDue()
    {
        if (pending && nextDue - System.nanoTime() <= 0)
        {
            run();
        }
    }

    /** Event loop: everything due goes out now, in frames of up to {@code batch}; never waits for results. */
    @Override
    public void run()
    {
        queued = false;
        final long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        boolean more = false;
        for (final LoadConnection socket : sockets)
        {
            final int c = socket.index();
            final long events = schedule.eventsFor(c);
            final Channel channel = socket.channel();
            long sent = socket.sent();
            if (sent == events || !channel.isActive())
            {
                continue;
            }
            if (!channel.isWritable())
            {
                // The socket pushes back: the events wait here and are charged for it, since
                // their latency counts from their intended time, not from when they leave.
                more = true;
                wakeAt = Math.min(wakeAt, now + BLOCKED_POLL_NANOS);
                continue;
            }
            boolean wrote = false;
            while (sent < events && schedule.intendedNanos(c, sent) <= now)
            {
                int count = 1;
                while (count < batch && sent + count < events && schedule.intendedNanos(c, sent + count) <= now)
                {
                    count++;
                }
                socket.writeFrame(count, payload);
                sent += count;
                wrote = true;
            }
            if (wrote)
            {
                channel.flush();
            }
            if (sent < events)
            {
                more = true;
                wakeAt = Math.min(wakeAt, schedule.intendedNanos(c, sent));
            }
        }
        nextDue = wakeAt;
        pending = more;
    }
}
