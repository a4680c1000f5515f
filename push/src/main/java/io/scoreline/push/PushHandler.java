package io.scoreline.push;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.scoreline.pipeline.edge.JsonError;

import java.nio.charset.StandardCharsets;

/**
 * Last handler of a {@code /push} channel: control messages to the {@link PushHub}, writability
 * to the {@link PushConnection}, every client fault to that client's own close code.
 */
final class PushHandler extends ChannelInboundHandlerAdapter
{
    /** Pushes are small and coalesce while the client is behind: no need to queue much. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(16 * 1024, 64 * 1024);

    private final PushHub hub;
    private PushConnection connection;

    PushHandler(final PushHub hub)
    {
        this.hub = hub;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        connection = new PushConnection(ctx.channel(), hub);
        hub.connections.incrementAndGet();
        ctx.channel().config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        if (hub.config().sendBufferBytes() > 0)
        {
            ctx.channel().config().setOption(ChannelOption.SO_SNDBUF, hub.config().sendBufferBytes());
        }
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        try
        {
            if (connection.closed)
            {
                return;
            }
            if (msg instanceof TextWebSocketFrame)
            {
                hub.onControl(connection, ((TextWebSocketFrame)msg).content().toString(StandardCharsets.UTF_8));
            }
            else if (msg instanceof FullHttpRequest)
            {
                // Not an upgrade the handshaker took (a plain GET /push): answer and close.
                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.BAD_REQUEST, Unpooled.copiedBuffer(
                        JsonError.of("/push is a WebSocket endpoint"), StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                connection.onInactive();
            }
            else if (msg instanceof BinaryWebSocketFrame)
            {
                hub.closedForBadInput.incrementAndGet();
                connection.close(WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof IdleStateEvent)
        {
            hub.closedIdle.incrementAndGet();
            connection.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        }
        else if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            connection.updateReading();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        connection.onWritabilityChanged();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        connection.onInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof TooLongFrameException)
        {
            hub.closedForBadInput.incrementAndGet();
            connection.close(WebSocketCloseStatus.MESSAGE_TOO_BIG);
        }
        else if (cause instanceof CorruptedWebSocketFrameException)
        {
            hub.closedForBadInput.incrementAndGet();
            connection.onInactive(); // Netty's codec already sent the close code
        }
        else
        {
            connection.close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
        }
    }
}
