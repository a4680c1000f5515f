package io.scoreline.ingest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Sits in front of the {@code /ws} handlers; a request for {@code /push} turns the channel into a
 * push channel: the handlers behind this one (the {@code /ws} WebSocket ones and the
 * {@link ConnectionHandler}) give way to the {@code /push} WebSocket handlers and a
 * {@link PushHandler}, and the request goes on to their handshake. Everything else passes.
 */
final class PushRouter extends ChannelInboundHandlerAdapter
{
    static final String PATH = "/push";
    /** Control messages are tiny. */
    static final int MAX_CONTROL_BYTES = 4096;

    private static final WebSocketServerProtocolConfig CONFIG = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(PATH)
        .checkStartsWith(true)
        .handleCloseFrames(true)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(MAX_CONTROL_BYTES)
            .allowExtensions(false)
            .closeOnProtocolViolation(true)
            .withUTF8Validator(true)
            .build())
        .build();

    private final PushHub hub;
    private final Metrics metrics;

    PushRouter(final PushHub hub, final Metrics metrics)
    {
        this.hub = hub;
        this.metrics = metrics;
    }

    static boolean isPush(final String uri)
    {
        return uri.equals(PATH) || uri.startsWith(PATH + "?");
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof FullHttpRequest && isPush(((FullHttpRequest)msg).uri()))
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
            pipeline.addLast(new WebSocketServerProtocolHandler(CONFIG));
            pipeline.addLast(new WebSocketFrameAggregator(MAX_CONTROL_BYTES));
            pipeline.addLast(new PushHandler(hub, metrics));
            ctx.fireChannelRead(msg);
            pipeline.remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
