package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Each client channel's handlers, in order:
 *
 * <pre>
 *   idle timeout -> [guard: arrivals] -> HTTP codec -> [guard: deadlines] -> HTTP aggregator (413 past the body limit)
 *     -> [BearerAuth (401)] -> UpgradeRouter
 *     -> [handshake, UTF-8 validator (1007)] -> WebSocket protocol (/ws; frames past the limit: 1009)
 *     -> fragment aggregator (messages past the limit: 1009) -> ConnectionHandler
 * </pre>
 *
 * (A byte counter for /metrics sits in front of them all.) A request for {@code /push} makes
 * {@link UpgradeRouter} hand the channel to the push module and its own loop.
 * The guard ({@link ConnectionGuard}, {@link ConnectionGuards}) times out headers, bodies and
 * keep-alive pauses and bounds the half-open connections; it leaves at the WebSocket handshake.
 * A connection past the cap takes the place of the oldest half-open or idle one, or, when every
 * connection completed a request or handshake, is closed as soon as it is accepted.
 */
final class ChannelSetup extends ChannelInitializer<SocketChannel>
{
    /** The events WebSocket's path. */
    static final String WS_PATH = "/ws";
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;

    private final IngestSettings config;
    private final Metrics metrics;
    private final ChannelGroup channels;
    private final WebSocketServerProtocolConfig webSocketConfig;
    private final PushRoute push;
    private final ReceivedBytes receivedBytes;
    private final ConnectionGuards guards;
    private boolean guardsStarted;
    /** Null when no token is configured: then no request is checked. */
    private final BearerAuth auth;
    /** The last handler of each channel: the service's {@link ConnectionHandler}, or the echo baseline's. */
    private final java.util.function.Supplier<ChannelHandler> lastHandler;

    ChannelSetup(final IngestSettings config, final Ingress ingress, final Metrics metrics, final ChannelGroup channels,
        final PushRoute push)
    {
        this(config, metrics, channels, push, () -> new ConnectionHandler(ingress, metrics));
    }

    /** Every channel gets the same handlers as the service's but the last one; no /push route when {@code push} is null. */
    ChannelSetup(final IngestSettings config, final Metrics metrics, final ChannelGroup channels, final PushRoute push,
        final java.util.function.Supplier<ChannelHandler> lastHandler)
    {
        this.lastHandler = lastHandler;
        this.push = push;
        this.config = config;
        this.metrics = metrics;
        this.channels = channels;
        this.receivedBytes = new ReceivedBytes(metrics);
        this.guards = new ConnectionGuards(config, metrics);
        this.auth = config.authToken() == null ? null : new BearerAuth(config.authToken(), metrics);
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(WS_PATH)
            .checkStartsWith(false)
            .handleCloseFrames(true)
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxMessageBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build())
            .build();
    }

    @Override
    protected void initChannel(final SocketChannel channel)
    {
        if (!guardsStarted)
        {
            guardsStarted = true;
            guards.start(channel.eventLoop()); // the one worker loop, where every client channel starts
        }
        if (metrics.connections.incrementAndGet() > config.maxConnections() && !guards.makeRoom())
        {
            metrics.connections.decrementAndGet();
            metrics.connectionsRefused.incrementAndGet();
            channel.close();
            return;
        }
        channels.add(channel);
        final int maxMessage = config.maxMessageBytes();
        final ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(receivedBytes);
        pipeline.addLast(UpgradeRouter.IDLE, new IdleTimeout(config.idleTimeoutSeconds()));
        final ConnectionGuard guard = new ConnectionGuard(guards);
        pipeline.addLast(ConnectionGuard.ARRIVALS, guard.arrivals);
        pipeline.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
        pipeline.addLast(ConnectionGuard.NAME, guard);
        pipeline.addLast(new HttpObjectAggregator(maxMessage));
        if (auth != null)
        {
            pipeline.addLast(auth);
        }
        if (push != null)
        {
            pipeline.addLast(new UpgradeRouter(push, metrics));
        }
        pipeline.addLast(new WebSocketServerProtocolHandler(webSocketConfig));
        pipeline.addLast(new WebSocketFrameAggregator(maxMessage));
        pipeline.addLast(lastHandler.get());
    }

    /** First handler of every accepted channel: counts the bytes read from its socket. */
    @ChannelHandler.Sharable
    static final class ReceivedBytes extends ChannelInboundHandlerAdapter
    {
        private final Metrics metrics;

        ReceivedBytes(final Metrics metrics)
        {
            this.metrics = metrics;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof ByteBuf)
            {
                metrics.receivedBytes.addAndGet(((ByteBuf)msg).readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
