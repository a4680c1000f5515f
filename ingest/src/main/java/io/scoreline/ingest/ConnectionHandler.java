package io.scoreline.ingest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * Last handler of every client channel: hands messages to the {@link Ingress} and turns every
 * client fault into that client's own close code, never an exception that escapes.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter
{
    private static final System.Logger LOG = System.getLogger("scoreline.ingest");

    private final Ingress ingress;
    private final Metrics metrics;
    private Connection connection;

    ConnectionHandler(final Ingress ingress, final Metrics metrics)
    {
        this.ingress = ingress;
        this.metrics = metrics;
    }

    /** This channel's connection state (the drain reads it on the event loop). */
    Connection connection()
    {
        return connection;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        connection = new Connection(ctx.channel(), ingress);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (connection.closed)
        {
            ReferenceCountUtil.release(msg);
        }
        else if (msg instanceof TextWebSocketFrame)
        {
            // The frame's content is the message; the ingress releases it once published.
            ingress.onMessage(connection, ((TextWebSocketFrame)msg).content());
        }
        else if (msg instanceof FullHttpRequest)
        {
            ingress.onMessage(connection, msg);
        }
        else if (msg instanceof BinaryWebSocketFrame)
        {
            ReferenceCountUtil.release(msg);
            badInput(WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
        }
        else
        {
            ReferenceCountUtil.release(msg); // pongs and anything else carry no events
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            connection.upgraded();
        }
        else if (evt instanceof IdleStateEvent)
        {
            (connection.webSocket() ? metrics.closedWebSocketIdle : metrics.closedKeepAliveIdle).incrementAndGet();
            connection.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isWritable())
        {
            ingress.drain(connection);
        }
        else
        {
            connection.updateReading();
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        connection.onInactive();
        metrics.connections.decrementAndGet();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof TooLongFrameException)
        {
            badInput(WebSocketCloseStatus.MESSAGE_TOO_BIG); // a fragmented message past the limit
        }
        else if (cause instanceof CorruptedWebSocketFrameException)
        {
            // Netty's decoder or UTF-8 validator already sent the close code (1009, 1007, 1002).
            metrics.connectionsClosedForBadInput.incrementAndGet();
            connection.abandon();
        }
        else
        {
            if (!(cause instanceof IOException))
            {
                LOG.log(System.Logger.Level.DEBUG, "closing " + ctx.channel() + " after an error", cause);
            }
            connection.close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
        }
    }

    private void badInput(final WebSocketCloseStatus status)
    {
        metrics.connectionsClosedForBadInput.incrementAndGet();
        connection.close(status);
    }
}
