package io.scoreline.push;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.scoreline.pipeline.edge.TokenBucket;

import java.util.HashSet;
import java.util.concurrent.TimeUnit;

/**
 * One {@code /push} subscriber. Two owners, kept apart:
 * <ul>
 * <li>the push loop: its subscriptions (checked against the caps), the pushes waiting to be
 *     written (coalesced: the latest state of a player wins, the latest top list wins), writes,
 *     lag and close;</li>
 * <li>the sink thread: its place among the top-N subscribers and what it was last sent.</li>
 * </ul>
 * They meet only in {@link PushHandOff} and the {@link #gone} flag. While the channel is not
 * writable nothing is written: waiting pushes only coalesce. A channel that stays unwritable past
 * the lag bound is closed with 1008.
 */
final class PushConnection
{
    private static final long FORCE_CLOSE_SECONDS = 5;

    // ---- push loop ----
    final Channel channel;
    private final PushHub hub;
    final HashSet<Long> players = new HashSet<>();
    /** Shard subscriptions, as {@code of << 32 | shard}; served by {@link PushShards}. */
    final HashSet<Long> shards = new HashSet<>();
    int topLimit;
    boolean stats;
    boolean closed;
    boolean goneSubmitted;
    /** Control messages' rate, or null when unlimited. */
    final TokenBucket controls;
    /** In the hub's list of connections to flush at the next tick. */
    boolean queued;
    private final PushPending pending = new PushPending();
    private byte[] top;
    private long behindSinceNanos;
    private boolean lagCheckScheduled;
    private final Runnable lagCheck = this::checkLag;

    // ---- sink thread ----
    int topIndex = -1;
    int emitTopLimit;
    long topHash;
    /** When the last {@link PushDispatcher#TOP_PUSHES_PER_SECOND} top pushes went, oldest at {@link #topSentIndex}. */
    final long[] topSentNanos = new long[PushDispatcher.TOP_PUSHES_PER_SECOND];
    private final boolean[] topSentUsed = new boolean[PushDispatcher.TOP_PUSHES_PER_SECOND];
    int topSentIndex;

    /** Set by the push loop when it stops serving the channel: the sink thread stops handing it pushes. */
    volatile boolean gone;

    PushConnection(final Channel channel, final PushHub hub)
    {
        this.channel = channel;
        this.hub = hub;
        final PushConfig config = hub.config();
        this.controls = config.controlRate() == 0 ? null : new TokenBucket(config.controlRate(), config.controlBurst(), hub.nanoTime());
    }

    // ---------------------------------------------------------------- sink thread

    /** Whether a top push now keeps it within 10 in any second. Sink thread. */
    boolean mayPushTop(final long now)
    {
        return !topSentUsed[topSentIndex] || now - topSentNanos[topSentIndex] >= PushDispatcher.ONE_SECOND_NANOS;
    }

    void topPushed(final long now)
    {
        topSentNanos[topSentIndex] = now;
        topSentUsed[topSentIndex] = true;
        topSentIndex = (topSentIndex + 1) % topSentNanos.length;
    }

    // ---------------------------------------------------------------- push loop

    /** A player's state after an event or a rank move, from the hand-off: overwrites what waits. */
    void putPlayer(final long player, final long total, final int rank)
    {
        pending.put(player, total, rank);
    }

    /** A whole encoded top push: replaces one not yet written. */
    void putTop(final byte[] encoded)
    {
        top = encoded;
    }

    boolean hasPending()
    {
        return top != null || pending.size() > 0;
    }

    /** Writes what waits, as one frame of newline-separated pushes, if the client takes it. */
    void flush()
    {
        if (closed || !hasPending())
        {
            return;
        }
        if (!channel.isWritable())
        {
            markBehind(); // the writability event flushes; meanwhile pushes only coalesce
            return;
        }
        behindSinceNanos = 0;
        final int bytes = pending.size() * PushPending.MAX_LINE + (top == null ? 0 : top.length);
        final ByteBuf out = channel.alloc().ioBuffer(bytes);
        pending.drainTo(out);
        if (top != null)
        {
            out.writeBytes(top);
            top = null;
        }
        channel.writeAndFlush(new TextWebSocketFrame(out), channel.voidPromise());
        if (pendingOutboundBytes() > hub.maxOutboundBytes())
        {
            hub.closeLagging(this);
        }
    }

    /** A push produced on the push loop itself (stats, errors): written now, or dropped if the client is behind. */
    void writeNow(final ByteBuf line, final boolean evenIfBehind)
    {
        if (closed || (!evenIfBehind && !channel.isWritable()))
        {
            line.release();
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(line), channel.voidPromise());
    }

    void onWritabilityChanged()
    {
        if (channel.isWritable())
        {
            behindSinceNanos = 0; // it reads: the lag bound counts time unwritable without a break
            flush();
            if (!shards.isEmpty())
            {
                hub.shards().wake(); // the shard thread writes shard pushes only while the channel is writable
            }
        }
        else
        {
            markBehind();
        }
        updateReading();
    }

    /** Control messages are read only while the client takes what it is sent and the hub has room. */
    void updateReading()
    {
        final boolean want = !closed && channel.isWritable() && !hub.isPaused(this);
        if (channel.config().isAutoRead() != want)
        {
            channel.config().setAutoRead(want);
        }
    }

    private void markBehind()
    {
        if (behindSinceNanos == 0)
        {
            behindSinceNanos = hub.nanoTime();
        }
        if (!lagCheckScheduled)
        {
            lagCheckScheduled = true;
            channel.eventLoop().schedule(lagCheck, hub.lagNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the connection if it has been unwritable for the lag bound; otherwise checks again when it would be. */
    void checkLag()
    {
        lagCheckScheduled = false;
        if (closed || behindSinceNanos == 0 || channel.isWritable())
        {
            behindSinceNanos = 0;
            return;
        }
        final long behind = hub.nanoTime() - behindSinceNanos;
        if (behind >= hub.lagNanos())
        {
            hub.closeLagging(this);
        }
        else
        {
            lagCheckScheduled = true;
            channel.eventLoop().schedule(lagCheck, hub.lagNanos() - behind, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops serving: the close frame goes after what is queued; the socket goes within seconds either way. */
    void close(final WebSocketCloseStatus status)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        gone = true;
        if (channel.isActive())
        {
            channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
            // A client that never reads never lets the close frame out.
            channel.eventLoop().schedule(() -> { channel.close(); }, FORCE_CLOSE_SECONDS, TimeUnit.SECONDS);
        }
        hub.onGone(this);
    }

    /** The channel went away (or Netty's codec is closing it). */
    void onInactive()
    {
        closed = true;
        gone = true;
        hub.onGone(this);
    }

    private long pendingOutboundBytes()
    {
        final ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
