package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.util.HashSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One {@code /push} subscriber. Three owners, kept apart as in {@link Connection}:
 * <ul>
 * <li>the event loop: its subscriptions (checked against the caps), writes, lag and close;</li>
 * <li>the sink thread: its place among the top-N subscribers and what it was last sent;</li>
 * <li>both, under {@link #lock}: the pushes waiting to be written, coalesced (latest state of a
 *     player wins, latest top list wins), written by one preallocated flush task.</li>
 * </ul>
 * While the channel is not writable nothing is written: waiting pushes only coalesce. A channel
 * that stays unwritable past the lag bound is closed with 1008.
 */
final class PushConnection
{
    private static final long FORCE_CLOSE_SECONDS = 5;

    // ---- event loop ----
    final Channel channel;
    private final PushHub hub;
    final HashSet<Long> players = new HashSet<>();
    int topLimit;
    boolean stats;
    boolean closed;
    boolean goneSubmitted;
    private long behindSinceNanos;
    private boolean lagCheckScheduled;
    private final Runnable lagCheck = this::checkLag;

    // ---- sink thread ----
    int topIndex = -1;
    int emitTopLimit;
    long topHash;
    /** When the last {@link PushDispatcher#TOP_PUSHES_PER_SECOND} top pushes went, oldest at {@link #topSentIndex}. */
    final long[] topSentNanos = new long[PushDispatcher.TOP_PUSHES_PER_SECOND];
    int topSentIndex;

    // ---- shared, under lock ----
    private final Object lock = new Object();
    private final PushPending pending = new PushPending();
    private byte[] top = new byte[0];
    private int topLength;
    private boolean flushScheduled;
    /** Set by the event loop when it stops serving the channel: the sink thread stops handing it pushes. */
    private volatile boolean gone;
    private final Runnable flushTask = this::flush;

    PushConnection(final Channel channel, final PushHub hub)
    {
        this.channel = channel;
        this.hub = hub;
    }

    // ---------------------------------------------------------------- sink thread

    /** Whether a top push now keeps it within 10 in any second. Emit thread. */
    boolean mayPushTop(final long now)
    {
        return topSentNanos[topSentIndex] == 0 || now - topSentNanos[topSentIndex] >= PushDispatcher.ONE_SECOND_NANOS;
    }

    void topPushed(final long now)
    {
        topSentNanos[topSentIndex] = now;
        topSentIndex = (topSentIndex + 1) % topSentNanos.length;
    }

    /**
     * A player's state after an event (or a rank move). Emit thread.
     *
     * @return true when the connection now needs a flush: the caller hands it to the event loop
     *         ({@link PushHub#handOff}), together with the others of the batch.
     */
    boolean offerPlayer(final long player, final long total, final int rank)
    {
        if (gone)
        {
            return false;
        }
        synchronized (lock)
        {
            pending.put(player, total, rank);
            final boolean schedule = !flushScheduled;
            flushScheduled = true;
            return schedule;
        }
    }

    /** A whole encoded top push; replaces one not yet written. Emit thread. */
    void offerTop(final byte[] encoded, final int length)
    {
        if (gone)
        {
            return;
        }
        final boolean schedule;
        synchronized (lock)
        {
            if (top.length < length)
            {
                top = new byte[Math.max(length, 2 * top.length)];
            }
            System.arraycopy(encoded, 0, top, 0, length);
            topLength = length;
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        schedule(schedule);
    }

    private void schedule(final boolean schedule)
    {
        if (schedule)
        {
            try
            {
                channel.eventLoop().execute(flushTask);
            }
            catch (final RejectedExecutionException ignored)
            {
                // shutting down
            }
        }
    }

    // ---------------------------------------------------------------- event loop

    /** Writes what waits, as one frame of newline-separated pushes, if the client takes it. */
    void flush()
    {
        if (closed)
        {
            return;
        }
        if (!channel.isWritable())
        {
            // Leave flushScheduled set: the writability event flushes again; meanwhile offers only coalesce.
            markBehind();
            return;
        }
        behindSinceNanos = 0;
        ByteBuf out = null;
        synchronized (lock)
        {
            flushScheduled = false;
            final int bytes = pending.size() * PushPending.MAX_LINE + topLength;
            if (bytes > 0)
            {
                out = channel.alloc().ioBuffer(bytes);
                pending.drainTo(out);
                out.writeBytes(top, 0, topLength);
                topLength = 0;
            }
        }
        if (out != null)
        {
            channel.writeAndFlush(new TextWebSocketFrame(out), channel.voidPromise());
            if (pendingOutboundBytes() > hub.maxOutboundBytes())
            {
                hub.closeLagging(this);
            }
        }
    }

    /** A push produced on the event loop itself (stats, errors): written now, or dropped if the client is behind. */
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
            flush();
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
            behindSinceNanos = System.nanoTime();
        }
        if (!lagCheckScheduled)
        {
            lagCheckScheduled = true;
            channel.eventLoop().schedule(lagCheck, hub.lagNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void checkLag()
    {
        lagCheckScheduled = false;
        if (closed || behindSinceNanos == 0 || channel.isWritable())
        {
            behindSinceNanos = 0;
            return;
        }
        final long behind = System.nanoTime() - behindSinceNanos;
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
