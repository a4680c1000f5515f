package io.scoreline.ingest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Sits behind the HTTP codec and aggregator. A request for {@code /push} leaves this module: the
 * handlers behind this one (the {@code /ws} WebSocket ones and the {@link ConnectionHandler}), the
 * idle timer and this router go, and the channel with its request goes to the push module, which
 * moves it to the push event loop ({@link PushRoute#takeOver}). Everything else passes.
 */
final class UpgradeRouter extends ChannelInboundHandlerAdapter
{
    static final String IDLE = "idle";

    private final PushRoute push;
    private final Metrics metrics;

    UpgradeRouter(final PushRoute push, final Metrics metrics)
    {
        this.push = push;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof FullHttpRequest && push.isPushPath(((FullHttpRequest)msg).uri()))
        {
            final ChannelPipeline pipeline = ctx.pipeline();
            final List<String> behind = new ArrayList<>();
            boolean after = false;
            for (final String name : pipeline.names())
            {
                if (after && pipeline.get(name) != null)
                {
                    behind.add(name);
                }
                after |= name.equals(ctx.name());
            }
            for (final String name : behind)
            {
                pipeline.remove(name);
            }
            pipeline.remove(IDLE); // its timer is on this loop; push starts its own
            final ConnectionGuard guard = (ConnectionGuard)pipeline.get(ConnectionGuard.NAME);
            if (guard != null)
            {
                guard.handOver(); // the request is complete: nothing left to time out here
            }
            pipeline.remove(this);
            // The ConnectionHandler that would have counted the close is gone.
            ctx.channel().closeFuture().addListener(closed -> metrics.connections.decrementAndGet());
            push.takeOver(ctx.channel(), (FullHttpRequest)msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
