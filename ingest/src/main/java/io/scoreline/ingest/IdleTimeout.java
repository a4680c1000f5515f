package io.scoreline.ingest;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The idle timeout of an ingest channel: {@link IdleStateEvent#FIRST_ALL_IDLE_STATE_EVENT} once
 * nothing was read or written for the timeout, as Netty's {@code IdleStateHandler(0, 0, t)} fires.
 * Netty's handler turns every void write promise into a real one to learn when the write
 * completes (a promise and two listener objects a frame, netty/netty#5264); this one counts a
 * write when it is made, so the output path's void promises stay void. A client that stops
 * reading is not written to for long either: publishing stops at the high-water mark.
 * Event loop only; one scheduled check per timeout, none per message.
 */
final class IdleTimeout extends ChannelDuplexHandler
{
    private final long timeoutNanos;
    /** Last read or write, System.nanoTime(). */
    private long lastActivity;
    private boolean fired;
    private ScheduledFuture<?> check;
    private ChannelHandlerContext ctx;
    private final Runnable checkTask = this::onCheck;

    IdleTimeout(final long timeoutSeconds)
    {
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isActive() && ctx.channel().isRegistered())
        {
            start(ctx);
        }
    }

    @Override
    public void channelRegistered(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isActive())
        {
            start(ctx);
        }
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        stop();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        active();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        active();
        ctx.write(msg, promise);
    }

    private void active()
    {
        lastActivity = System.nanoTime();
        fired = false;
    }

    private void start(final ChannelHandlerContext ctx)
    {
        if (check != null)
        {
            return;
        }
        this.ctx = ctx;
        lastActivity = System.nanoTime();
        schedule(timeoutNanos);
    }

    private void schedule(final long delayNanos)
    {
        check = ctx.executor().schedule(checkTask, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onCheck()
    {
        if (check == null || !ctx.channel().isOpen())
        {
            return;
        }
        final long left = timeoutNanos - (System.nanoTime() - lastActivity);
        if (left > 0)
        {
            schedule(left);
            return;
        }
        schedule(timeoutNanos);
        final IdleStateEvent event = fired ? IdleStateEvent.ALL_IDLE_STATE_EVENT : IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT;
        fired = true;
        ctx.fireUserEventTriggered(event);
    }

    private void stop()
    {
        if (check != null)
        {
            check.cancel(false);
            check = null;
        }
    }
}
