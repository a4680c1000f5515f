package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * The echo baseline's last handler ({@link EchoServer}): in place of the ingress and the ring,
 * each event line of a text message is answered with {@link #RESULT}, a fixed result line of
 * the service's typical length. The answers take the service's way out: gathered until every
 * ready channel of the loop iteration was read (the inline topology's run), then handed to the
 * connection's flush task, which writes one text frame and flushes it ({@code Connection.flush}).
 * So what loadgen measures against it is the wire, the kernel, Netty and both JVMs, without the
 * scoring. Answers {@code GET /health} and {@code GET /metrics} (the hiccup probe's series).
 */
final class EchoHandler extends ChannelInboundHandlerAdapter
{
    /** A result line as the service writes it for a scored event (GAME.md), 102 bytes. */
    static final byte[] RESULT =
        "{\"seq\":123456,\"player\":48371,\"status\":\"ok\",\"delta\":100,\"total\":2400,\"rank\":1517,\"rules\":[\"R01\",\"R47\"]}"
            .getBytes(StandardCharsets.US_ASCII);

    private final EchoServer server;
    private ChannelHandlerContext ctx;
    /** Lines read and not yet handed over (event loop); handed over and not yet written (under the flush task). */
    private int pending;
    private int handed;
    private boolean dirty;
    private boolean flushScheduled;
    private final Runnable handOffTask = this::handOff;
    private final Runnable flushTask = this::flush;

    EchoHandler(final EchoServer server)
    {
        this.server = server;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        try
        {
            if (msg instanceof TextWebSocketFrame)
            {
                pending += lines(((TextWebSocketFrame)msg).content());
                if (pending > 0 && !dirty)
                {
                    dirty = true;
                    ((SingleThreadEventLoop)ctx.channel().eventLoop()).executeAfterEventLoopIteration(handOffTask);
                }
            }
            else if (msg instanceof FullHttpRequest)
            {
                answer(ctx, (FullHttpRequest)msg);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    /** After the iteration's reads: the batch's answers go to the flush task, as the result dispatcher hands them. */
    private void handOff()
    {
        dirty = false;
        handed += pending;
        pending = 0;
        if (!flushScheduled)
        {
            flushScheduled = true;
            ctx.channel().eventLoop().execute(flushTask);
        }
    }

    private void flush()
    {
        flushScheduled = false;
        if (handed == 0 || !ctx.channel().isActive())
        {
            handed = 0;
            return;
        }
        final ByteBuf out = ctx.alloc().ioBuffer(handed * (RESULT.length + 1));
        for (int i = 0; i < handed; i++)
        {
            out.writeBytes(RESULT).writeByte('\n');
        }
        handed = 0;
        ctx.channel().writeAndFlush(new TextWebSocketFrame(out), ctx.channel().voidPromise());
    }

    private void answer(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String path = request.uri();
        final FullHttpResponse response;
        if ("/health".equals(path))
        {
            response = Responses.text(ctx.alloc(), HttpResponseStatus.OK, Responses.JSON, "{\"status\":\"ok\",\"echo\":true}");
        }
        else if ("/metrics".equals(path))
        {
            response = Responses.bytes(HttpResponseStatus.OK, Responses.PROMETHEUS,
                ctx.alloc().buffer().writeBytes(server.scrape()));
        }
        else
        {
            response = Responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "the echo baseline answers /ws, /health and /metrics");
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive)
        {
            ctx.writeAndFlush(response, ctx.voidPromise());
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof IdleStateEvent)
        {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        server.metrics().connections.decrementAndGet();
    }

    /** Event lines in a message: GAME.md section 1, as the ingress splits them (blank lines are no events). */
    static int lines(final ByteBuf in)
    {
        int count = 0;
        boolean blank = true;
        for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++)
        {
            final byte b = in.getByte(i);
            if (b == '\n')
            {
                count += blank ? 0 : 1;
                blank = true;
            }
            else if (b != ' ' && b != '\t' && b != '\r')
            {
                blank = false;
            }
        }
        return count + (blank ? 0 : 1);
    }
}
