package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.edge.JsonError;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client channel, HTTP or (after the upgrade) WebSocket. Three owners, kept apart:
 * <ul>
 * <li>the event loop: what is being read and published ({@link Ingress} drives it);</li>
 * <li>the sink thread: results of this connection's events, gathered during a batch with no lock;</li>
 * <li>both, under {@link #lock}: the hand-off buffer the sink thread fills at the end of a batch
 *     and the event loop empties in {@link #flush()}, one preallocated task per connection.</li>
 * </ul>
 */
final class Connection
{
    /** Trailer of a POST /events: its emission means every result of the request is in. */
    static final BoardQuery END_OF_REQUEST = (boards, handle) -> {};

    private static final int INITIAL_BUFFER = 1024;
    private static final int KEPT_BUFFER = 64 * 1024;
    private static final int CALM_FLUSHES = 1_000;
    private static final long CLOSE_FRAME_GRACE_MILLIS = 1_000;

    // ---- event loop ----
    // Other classes read these fields; only this class writes them, through the methods below.
    final Channel channel;
    final Inbox inbox = new Inbox();
    /** Message being published, its reader index at the next line. */
    private ByteBuf input;
    private long inputNanos;
    /** Query to publish after the input (HTTP), or null. */
    private BoardQuery trailer;
    private boolean webSocket;
    /** An HTTP request was submitted and is not yet answered: later requests wait (answers stay in order). */
    private boolean httpBusy;
    private boolean keepAlive;
    private boolean headerSent;
    /** Events published from this connection. */
    private long published;
    /** Queued in the ingress's list of connections waiting for ring room. */
    private boolean blocked;
    /** Counted in {@link Metrics#connectionsReadPaused} / {@link Metrics#connectionsOutboundFull}. */
    private boolean readPaused;
    private boolean outboundFull;
    /** When the channel went unwritable (System.nanoTime()), 0 while writable ({@link UnreadAnswers}). */
    long unwritableSince;
    boolean closed;
    private final Ingress ingress;
    /** Events a second this connection may send, or null when unlimited (IngestSettings#eventRate). */
    final io.scoreline.pipeline.edge.TokenBucket eventRate;

    // ---- sink thread ----
    private byte[] emitBuffer = new byte[INITIAL_BUFFER];
    private int emitLength;
    private int emitCount;
    private BoardQuery emitAnswer;
    /** In the sink thread's list of connections to hand off at the end of the batch. */
    private boolean dirty;

    // ---- shared, under lock ----
    private final Object lock = new Object();
    private byte[] shared = new byte[INITIAL_BUFFER];
    private int sharedLength;
    private BoardQuery sharedAnswer;
    /** Flushes in a row that used under a quarter of a {@link #shared} larger than {@link #KEPT_BUFFER}. */
    private int calmFlushes;
    private boolean flushScheduled;
    /** When the pending flush was scheduled (System.nanoTime). */
    private long flushScheduledNanos;
    /** Results handed off and not yet flushed. */
    private int sharedCount;
    /**
     * Events answered so far: counted when their results are flushed, not when handed off, so
     * the in-flight cap also bounds the results waiting for the event loop (the hand-off buffer).
     * Event loop.
     */
    private long completed;
    private final Runnable flushTask = this::flush;
    /** Event loop: the buffers the flush writes frames into. */
    private final OutputBuffers outputBuffers = new OutputBuffers();

    Connection(final Channel channel, final Ingress ingress)
    {
        this.channel = channel;
        this.ingress = ingress;
        this.eventRate = ingress.newEventRate();
    }

    long inFlight()
    {
        return published - completed;
    }

    // ---------------------------------------------------------------- event loop: its own state

    ByteBuf input()
    {
        return input;
    }

    long inputNanos()
    {
        return inputNanos;
    }

    BoardQuery trailer()
    {
        return trailer;
    }

    boolean webSocket()
    {
        return webSocket;
    }

    boolean httpBusy()
    {
        return httpBusy;
    }

    boolean keepAlive()
    {
        return keepAlive;
    }

    boolean blocked()
    {
        return blocked;
    }

    /** The next message to publish: a WebSocket message of NDJSON events. */
    void startInput(final ByteBuf message)
    {
        input = message;
    }

    /** When the message now being published (or the request now routed) was received. */
    void receivedAt(final long nanos)
    {
        inputNanos = nanos;
    }

    /** Every line of the input is published (or refused): releases it. */
    void inputDone()
    {
        input.release();
        input = null;
    }

    /** One more event of this connection is in the ring. */
    void countPublished()
    {
        published++;
    }

    void trailerDone()
    {
        trailer = null;
    }

    /** The WebSocket handshake completed: this is a {@code /ws} connection from now on. */
    void upgraded()
    {
        webSocket = true;
    }

    void keepAlive(final boolean keepAlive)
    {
        this.keepAlive = keepAlive;
    }

    /** A POST's body to publish, then its end marker; later requests wait until it is answered. */
    void startRequest(final ByteBuf body)
    {
        input = body;
        trailer = END_OF_REQUEST;
        httpBusy = true;
    }

    /** A board query to publish for a GET; later requests wait until it is answered. */
    void startQuery(final BoardQuery query)
    {
        trailer = query;
        httpBusy = true;
    }

    /** A request answered off the ring (admin) holds later ones ({@code true}) until it is done. */
    void httpBusy(final boolean busy)
    {
        httpBusy = busy;
    }

    /** In (or out of) the ingress's list of connections waiting for ring room. */
    void blocked(final boolean blocked)
    {
        this.blocked = blocked;
    }

    // ---------------------------------------------------------------- sink thread

    /** @return whether it was not yet in the sink's list of connections to hand off (it is now) */
    boolean markDirty()
    {
        if (dirty)
        {
            return false;
        }
        dirty = true;
        return true;
    }

    /** Handed off at the end of the batch: out of the list. */
    void clearDirty()
    {
        dirty = false;
    }

    /** Appends one result line. Sink thread. */
    void emitResult(final byte[] result, final int length)
    {
        final int needed = emitLength + length + 1;
        if (needed > emitBuffer.length)
        {
            emitBuffer = grow(emitBuffer, emitLength, needed);
        }
        System.arraycopy(result, 0, emitBuffer, emitLength, length);
        emitBuffer[emitLength + length] = '\n';
        emitLength = needed;
        emitCount++;
    }

    /** A query (or the end of a POST) of this connection passed every stage. Sink thread. */
    void emitAnswer(final BoardQuery query)
    {
        emitAnswer = query;
    }

    int emitPending()
    {
        return emitLength;
    }

    /** Hands what the batch gathered to the event loop; schedules the flush task once. Sink thread. */
    void handOff()
    {
        final boolean schedule;
        synchronized (lock)
        {
            if (emitLength > 0)
            {
                final int needed = sharedLength + emitLength;
                if (needed > shared.length)
                {
                    shared = grow(shared, sharedLength, needed);
                }
                System.arraycopy(emitBuffer, 0, shared, sharedLength, emitLength);
                sharedLength = needed;
            }
            if (emitAnswer != null)
            {
                sharedAnswer = emitAnswer;
            }
            sharedCount += emitCount;
            schedule = !flushScheduled;
            flushScheduled = true;
            if (schedule)
            {
                flushScheduledNanos = System.nanoTime();
            }
        }
        emitLength = 0;
        emitCount = 0;
        emitAnswer = null;
        if (emitBuffer.length > KEPT_BUFFER)
        {
            emitBuffer = new byte[INITIAL_BUFFER];
        }
        if (schedule)
        {
            try
            {
                channel.eventLoop().execute(flushTask);
            }
            catch (final RejectedExecutionException ignored)
            {
                // shutting down: the client is being disconnected anyway
            }
        }
    }

    // ---------------------------------------------------------------- event loop

    /** Writes what the sink thread handed over, then lets the ingress go on (room freed, request done). */
    private void flush()
    {
        ByteBuf out = null;
        final BoardQuery answer;
        final long scheduledAt;
        synchronized (lock)
        {
            flushScheduled = false;
            scheduledAt = flushScheduledNanos;
            if (sharedLength > 0 && !closed)
            {
                // A /ws batch goes out as one encoded text frame, header and all: no frame object.
                out = outputBuffers.take(channel.alloc(), sharedLength + (webSocket ? TextFrame.MAX_HEADER_BYTES : 0));
                if (webSocket)
                {
                    TextFrame.writeHeader(out, sharedLength);
                }
                out.writeBytes(shared, 0, sharedLength);
            }
            keepOrShrinkShared();
            sharedLength = 0;
            completed += sharedCount;
            sharedCount = 0;
            answer = sharedAnswer;
            sharedAnswer = null;
        }
        if (closed)
        {
            return;
        }
        if (webSocket)
        {
            if (out != null)
            {
                channel.writeAndFlush(out, channel.voidPromise());
            }
        }
        else
        {
            flushHttp(out, answer);
        }
        if (out != null)
        {
            ingress.metrics().recordFlushWait(System.nanoTime() - scheduledAt);
        }
        ingress.drain(this);
    }

    /**
     * The hand-off buffer keeps the size a busy connection needs (no garbage while it stays busy)
     * and goes back to {@link #INITIAL_BUFFER} only after {@link #CALM_FLUSHES} flushes in a row
     * used under a quarter of it: memory per connection stays bounded by what it recently needed.
     * Under the lock.
     */
    private void keepOrShrinkShared()
    {
        if (shared.length <= KEPT_BUFFER || sharedLength >= shared.length / 4)
        {
            calmFlushes = 0;
        }
        else if (++calmFlushes >= CALM_FLUSHES)
        {
            calmFlushes = 0;
            shared = new byte[INITIAL_BUFFER];
            outputBuffers.dropLarge(KEPT_BUFFER);
        }
    }

    private void flushHttp(final ByteBuf out, final BoardQuery answer)
    {
        if (answer == END_OF_REQUEST)
        {
            if (headerSent)
            {
                channel.write(out == null ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent(out));
            }
            else
            {
                final FullHttpResponse response =
                    Responses.bytes(HttpResponseStatus.OK, Responses.NDJSON, out == null ? Unpooled.EMPTY_BUFFER : out);
                HttpUtil.setKeepAlive(response, keepAlive);
                channel.write(response);
            }
            finishRequest();
        }
        else if (answer instanceof HttpQuery)
        {
            ReferenceCountUtil.release(out);
            final FullHttpResponse response = ((HttpQuery)answer).response(channel.alloc());
            HttpUtil.setKeepAlive(response, keepAlive);
            channel.write(response);
            finishRequest();
        }
        else if (out != null)
        {
            // A long body's results stream out as chunks rather than piling up here.
            if (!headerSent)
            {
                final HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, Responses.NDJSON)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                HttpUtil.setKeepAlive(head, keepAlive);
                channel.write(head);
                headerSent = true;
            }
            channel.writeAndFlush(new DefaultHttpContent(out), channel.voidPromise());
        }
    }

    private void finishRequest()
    {
        headerSent = false;
        httpBusy = false;
        if (keepAlive)
        {
            channel.flush();
        }
        else
        {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            closed = true;
        }
    }

    /** Writes an HTTP response produced on the event loop (health, errors) in the request's turn. */
    void respond(final FullHttpResponse response, final boolean keepAliveAfter)
    {
        HttpUtil.setKeepAlive(response, keepAliveAfter);
        if (keepAliveAfter)
        {
            channel.writeAndFlush(response, channel.voidPromise());
        }
        else
        {
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            closed = true;
        }
    }

    /** Stops serving this client: WebSocket clients get the close code, HTTP ones a closed socket. */
    void close(final WebSocketCloseStatus status)
    {
        if (webSocket && channel.isActive() && !closed)
        {
            channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            channel.close();
        }
        closed = true;
        releaseInput();
    }

    /**
     * Events of this connection were published but will never be answered here (the node was
     * fenced, docs/REPLICATION.md): a WebSocket client gets the error as a text frame and a close
     * (1013, try again later), an HTTP client a 503 unless its answer already began (then the
     * connection closes). Either way it resends what had no result. Any thread.
     */
    void refuseInFlight(final String message)
    {
        try
        {
            channel.eventLoop().execute(() ->
            {
                if (closed)
                {
                    return;
                }
                if (webSocket)
                {
                    channel.write(new TextWebSocketFrame(JsonError.of(message)));
                    close(WebSocketCloseStatus.TRY_AGAIN_LATER);
                }
                else if (!headerSent)
                {
                    respond(Responses.error(channel.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, message), false);
                    releaseInput();
                }
                else
                {
                    close(WebSocketCloseStatus.TRY_AGAIN_LATER);
                }
            });
        }
        catch (final RejectedExecutionException ignored)
        {
            // shutting down: the client is being disconnected anyway
        }
    }

    /** Someone else (Netty's WebSocket codec) is closing the channel: stop serving it. */
    void abandon()
    {
        closed = true;
        releaseInput();
    }

    /** Read from the socket but not yet published, or published and not yet answered (HTTP). */
    boolean hasPendingInput()
    {
        return !closed && (input != null || trailer != null || !inbox.isEmpty() || httpBusy);
    }

    /** The channel went away: drop what it sent and had not published. */
    void onInactive()
    {
        closed = true;
        releaseInput();
        outputBuffers.releaseAll();
        showBackPressure(false, false);
    }

    private void releaseInput()
    {
        if (input != null)
        {
            input.release();
            input = null;
        }
        trailer = null;
        inbox.releaseAll();
    }

    /**
     * Reads only while there is nothing waiting to be published and the client takes its answers.
     * Back-pressure (input waiting, or answers not taken) is counted in /metrics while it keeps
     * reading off; an HTTP request being answered stops reading too, but is not back-pressure.
     */
    void updateReading()
    {
        final boolean unwritable = !channel.isWritable();
        final boolean backPressure = input != null || trailer != null || !inbox.isEmpty() || unwritable;
        final boolean want = !closed && !backPressure && !httpBusy && !ingress.isDraining();
        if (channel.config().isAutoRead() != want)
        {
            channel.config().setAutoRead(want);
        }
        showBackPressure(!closed && backPressure && !channel.config().isAutoRead(), !closed && unwritable);
    }

    /** Keeps this connection's share of the read-paused and outbound-full gauges. Event loop. */
    private void showBackPressure(final boolean paused, final boolean full)
    {
        if (paused != readPaused)
        {
            readPaused = paused;
            ingress.metrics().connectionsReadPaused.addAndGet(paused ? 1 : -1);
        }
        if (full != outboundFull)
        {
            outboundFull = full;
            ingress.metrics().connectionsOutboundFull.addAndGet(full ? 1 : -1);
            if (full)
            {
                ingress.unreadAnswers().add(this, System.nanoTime());
            }
            else
            {
                UnreadAnswers.remove(this);
            }
        }
    }

    /**
     * Its answers stayed unread past the timeout ({@link UnreadAnswers}): a WebSocket client gets
     * 1008 behind the answers it has not read, an HTTP one a closed socket. A client that reads
     * nothing more would hold the close frame's write forever, so the channel is closed after
     * {@link #CLOSE_FRAME_GRACE_MILLIS} in any case.
     */
    void closeUnread()
    {
        close(WebSocketCloseStatus.POLICY_VIOLATION);
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_FRAME_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }


    private static byte[] grow(final byte[] buffer, final int used, final int needed)
    {
        final byte[] bigger = new byte[Math.max(needed, buffer.length * 2)];
        System.arraycopy(buffer, 0, bigger, 0, used);
        return bigger;
    }
}
