package io.scoreline.ingest;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import io.netty.util.internal.PlatformDependent;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one loop that reads events and writes results. Its task queue is a fixed array (JCTools'
 * MpscArrayQueue through Netty's {@code newFixedMpscQueue}): the sink thread hands it a
 * connection's flush task every batch, and Netty's default queue, unbounded, links a new array
 * every 1,024 tasks (garbage on the sink thread, OutputPathAllocationTest). Flush tasks are one
 * per connection at most (Connection.handOff), so {@link #TASK_QUEUE} holds every connection's
 * with room to spare; past it a task from another thread backs off and retries rather than
 * being dropped.
 */
final class WorkerLoopGroup extends MultiThreadIoEventLoopGroup
{
    /** Tasks queued at once: above the 10,000-connection default cap's flush tasks and the rest. */
    static final int TASK_QUEUE = 1 << 16;
    private static final int RETRIES = 10_000;
    private static final long BACKOFF_MICROS = 100;

    WorkerLoopGroup(final ThreadFactory threads, final IoHandlerFactory ioHandlerFactory)
    {
        super(1, threads, ioHandlerFactory);
    }

    @Override
    protected IoEventLoop newChild(final Executor executor, final IoHandlerFactory ioHandlerFactory, final Object... args)
    {
        return new Loop(this, executor, ioHandlerFactory);
    }

    private static final class Loop extends SingleThreadIoEventLoop
    {
        Loop(final IoEventLoopGroup parent, final Executor executor, final IoHandlerFactory ioHandlerFactory)
        {
            super(parent, executor, ioHandlerFactory, PlatformDependent.newFixedMpscQueue(TASK_QUEUE),
                newTaskQueue0(Integer.MAX_VALUE), RejectedExecutionHandlers.backoff(RETRIES, BACKOFF_MICROS, TimeUnit.MICROSECONDS));
        }
    }
}
