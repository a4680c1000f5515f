package io.scoreline.perf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket of the load generator: the sender's side (its own players' events, how many went
 * out) and the event loop's side (result lines in, counted and timed by {@link LoadLatency}).
 */
final class LoadConnection
{
    private static final byte[] STATUS_KEY = "\"status\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Longest synthetic event plus its newline; SyntheticEvents stays far below this. */
    private static final int MAX_EVENT_BYTES = 512;

    private final int index;
    private final SyntheticEvents events;
    /** Set by {@link #begin} before the first frame is written, read by the event loop. */
    private volatile LoadLatency latency;
    private final byte[] scratch = new byte[MAX_EVENT_BYTES];
    private final Handler handler = new Handler();
    private Channel channel;
    private ChannelPromise handshake;
    private long sent;

    LoadConnection(final int index, final SyntheticEvents events)
    {
        this.index = index;
        this.events = events;
    }

    /** Binds the timetable, known only once every socket is open; call before the first frame. */
    void begin(final LoadSchedule schedule)
    {
        latency = new LoadLatency(schedule, index);
    }

    int index()
    {
        return index;
    }

    LoadLatency latency()
    {
        return latency;
    }

    /** The last handler of this connection's pipeline. */
    SimpleChannelInboundHandler<TextWebSocketFrame> handler()
    {
        return handler;
    }

    /** Completes when the WebSocket upgrade is done (or fails with the reason). */
    ChannelPromise handshake()
    {
        return handshake;
    }

    Channel channel()
    {
        return channel;
    }

    /** Events written so far (sender thread only). */
    long sent()
    {
        return sent;
    }

    /**
     * Writes {@code count} events as one text frame, newline-separated, without flushing.
     * Called by the sender thread only.
     */
    void writeFrame(final int count)
    {
        final ByteBuf buf = channel.alloc().buffer(count * 256);
        for (int i = 0; i < count; i++)
        {
            final int length = events.next(scratch);
            buf.writeBytes(scratch, 0, length).writeByte('\n');
        }
        sent += count;
        channel.write(new TextWebSocketFrame(buf), channel.voidPromise());
    }

    /**
     * Feeds every result line of {@code buf} (readable bytes, newline-separated, blank lines
     * skipped, a last line without newline included) to {@code latency}, timed {@code nowNanos}.
     *
     * @return the number of result lines
     */
    static int onResults(final ByteBuf buf, final long nowNanos, final LoadLatency latency)
    {
        final int end = buf.writerIndex();
        int lines = 0;
        int from = buf.readerIndex();
        while (from < end)
        {
            int to = buf.indexOf(from, end, (byte)'\n');
            if (to < 0)
            {
                to = end;
            }
            if (!isBlank(buf, from, to))
            {
                latency.onResult(nowNanos, statusOf(buf, from, to));
                lines++;
            }
            from = to + 1;
        }
        return lines;
    }

    /** First letter of the line's {@code "status"} value, 0 if it has none. */
    static byte statusOf(final ByteBuf buf, final int from, final int to)
    {
        final int last = to - STATUS_KEY.length;
        for (int i = from; i < last; i++)
        {
            int j = 0;
            while (j < STATUS_KEY.length && buf.getByte(i + j) == STATUS_KEY[j])
            {
                j++;
            }
            if (j == STATUS_KEY.length)
            {
                return buf.getByte(i + j);
            }
        }
        return 0;
    }

    private static boolean isBlank(final ByteBuf buf, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        @Override
        public void handlerAdded(final ChannelHandlerContext ctx)
        {
            channel = ctx.channel();
            handshake = ctx.newPromise();
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                handshake.trySuccess();
            }
            else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
            {
                handshake.tryFailure(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final LoadLatency latency = LoadConnection.this.latency;
            if (latency != null)
            {
                onResults(frame.content(), System.nanoTime(), latency);
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            handshake.tryFailure(new IllegalStateException("connection closed by the server"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            // A load generator has no one to hand a broken socket to: fail the handshake if it is
            // still pending (so run() reports it) and close; the run reports the missing acks.
            handshake.tryFailure(cause);
            ctx.close();
        }
    }
}
