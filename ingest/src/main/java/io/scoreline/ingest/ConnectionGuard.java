package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One HTTP connection's place in the {@link ConnectionGuards}: sits right behind the HTTP codec,
 * where it sees requests start (headers decoded), bodies arrive and end, and responses leave;
 * its {@link #arrivals} half sits in front of the codec and sees the first byte of the next
 * request after a keep-alive pause. Both leave the pipeline when the connection becomes a
 * WebSocket (the 101 goes out) or moves to {@code /push}.
 *
 * <pre>
 *   accept ----> headers --(request decoded)--> body --(last content)--> answering
 *                  ^                                                        | (every request answered)
 *                  +----------(a byte arrives)------- idle <----------------+
 * </pre>
 */
final class ConnectionGuard extends ChannelDuplexHandler
{
    static final String NAME = "guard";
    static final String ARRIVALS = "guard-arrivals";

    private final ConnectionGuards guards;
    private ChannelHandlerContext ctx;
    private ChannelHandlerContext arrivalsCtx;
    final ChannelInboundHandlerAdapter arrivals = new Arrivals();

    // ---- list membership (ConnectionGuards) ----
    ConnectionGuards.GuardList list;
    ConnectionGuard prev;
    ConnectionGuard next;
    /** When this connection entered its list (the body: its current window). */
    long sinceNanos;
    /** When the request being received began (for "oldest half-open first"). */
    long requestStartNanos;
    /** Body bytes in the current window. */
    long windowBytes;

    /** Complete requests not yet answered. */
    private int unanswered;
    /** A request is being received (headers or body). */
    private boolean receiving;
    /** Bytes came while requests were being answered (a pipelined request on its way). */
    private boolean arrivedWhileAnswering;
    private boolean done;

    ConnectionGuard(final ConnectionGuards guards)
    {
        this.guards = guards;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        startRequest(System.nanoTime());
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!done)
        {
            if (msg instanceof HttpRequest)
            {
                if (!receiving)
                {
                    startRequest(System.nanoTime());
                }
                enter(guards.body, System.nanoTime());
                windowBytes = 0;
            }
            if (msg instanceof HttpContent)
            {
                windowBytes += ((HttpContent)msg).content().readableBytes();
            }
            if (msg instanceof LastHttpContent)
            {
                receiving = false;
                arrivedWhileAnswering = false;
                unanswered++;
                leave();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        if (!done && msg instanceof HttpResponse &&
            ((HttpResponse)msg).status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS))
        {
            ctx.write(msg, promise);
            becameWebSocket();
            return;
        }
        // A response's end (a 100 Continue from the aggregator is not one).
        final boolean last = !done && (msg instanceof LastHttpContent || msg instanceof FullHttpResponse) &&
            !(msg instanceof HttpResponse && ((HttpResponse)msg).status().codeClass() == HttpStatusClass.INFORMATIONAL);
        ctx.write(msg, promise);
        if (last && unanswered > 0 && --unanswered == 0 && !receiving)
        {
            if (arrivedWhileAnswering)
            {
                startRequest(System.nanoTime());
            }
            else
            {
                enter(guards.idle, System.nanoTime());
            }
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        done = true;
        leave();
        ctx.fireChannelInactive();
    }

    /** A new request begins: the header deadline starts now. */
    private void startRequest(final long now)
    {
        receiving = true;
        requestStartNanos = now;
        enter(guards.headers, now);
        guards.onHalfOpen();
    }

    /** Into {@code to}, at its tail, from wherever this was. */
    void enter(final ConnectionGuards.GuardList to, final long now)
    {
        leave();
        sinceNanos = now;
        to.addLast(this);
    }

    private void leave()
    {
        if (list != null)
        {
            list.remove(this);
        }
    }

    private void becameWebSocket()
    {
        done = true;
        leave();
        ctx.pipeline().remove(arrivals);
        ctx.pipeline().remove(this);
    }

    /** Leaves the pipeline and the lists: the channel moves to another module ({@code /push}). */
    void handOver()
    {
        becameWebSocket();
    }

    /**
     * Closed by a deadline: answers the 408 ({@code encoded}, a whole HTTP response, written in
     * front of the codec) if no response is under way, then closes.
     */
    void timeOut(final ByteBuf encoded)
    {
        done = true;
        leave();
        if (unanswered == 0 && ctx.channel().isActive())
        {
            arrivalsCtx.writeAndFlush(encoded.duplicate()).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            ctx.channel().close();
        }
    }

    /** Closed to make room or for idling: no answer. */
    void closeQuietly()
    {
        done = true;
        leave();
        ctx.channel().close();
    }

    /** In front of the HTTP codec: the first byte of a request after a keep-alive pause. */
    private final class Arrivals extends ChannelInboundHandlerAdapter
    {
        @Override
        public void handlerAdded(final ChannelHandlerContext ctx)
        {
            arrivalsCtx = ctx;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            if (!done && !receiving && msg instanceof ByteBuf && ((ByteBuf)msg).isReadable())
            {
                if (unanswered == 0)
                {
                    startRequest(System.nanoTime());
                }
                else
                {
                    arrivedWhileAnswering = true;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
