package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.scoreline.pipeline.edge.JsonError;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of every HTTP connection of the worker loop, and the bound on the half-open ones
 * (nginx's {@code client_header_timeout}, {@code client_body_timeout}, {@code keepalive_timeout};
 * HAProxy's {@code timeout http-request}). A connection is in at most one of three lists, each in
 * the order its connections entered it, which with one timeout per list is deadline order: one
 * sweep a {@link #SWEEP_MILLIS} looks at the heads only, so thousands of waiting sockets cost
 * nothing until they expire, and no timer is created per request.
 *
 * <ul>
 * <li>{@code headers}: the request line and headers are not complete (from the accept, or from
 *     the first byte after a keep-alive pause): closed {@code headerTimeout} later, with a 408.</li>
 * <li>{@code body}: headers done, body not: checked once per body window, closed (408) when the
 *     window brought fewer bytes than the floor rate allows.</li>
 * <li>{@code idle}: every request answered, nothing new: closed after the keep-alive timeout.</li>
 * </ul>
 *
 * The first two are the half-open connections. There are at most {@code maxHalfOpen} of them (the
 * oldest is closed when one more arrives), and when the connection cap is full a newcomer takes
 * the place of the oldest half-open or idle one ({@link #makeRoom()}): the cap can be held only by
 * connections that completed a request or a handshake. WebSocket connections leave the guard at
 * the handshake; their idle timeout is the {@code IdleStateHandler}'s. Worker loop only.
 */
final class ConnectionGuards
{
    static final long SWEEP_MILLIS = 100;
    /**
     * Closes per sweep run. A close (408, socket close) costs ~0.1 ms of the worker loop here: 5,000
     * sockets expiring together took one 240 ms run, and the events of well-behaved clients waited.
     */
    static final int SWEEP_BATCH = 64;

    private final Metrics metrics;
    final long headerTimeoutNanos;
    final long bodyWindowNanos;
    /** Bytes a body must bring per window. */
    final long bodyMinBytesPerWindow;
    final long keepAliveNanos;
    private final int maxHalfOpen;
    /** The two 408 answers, encoded once: at thousands of expiries a second, building each cost ~0.1 ms. */
    private final ByteBuf headerTimeout;
    private final ByteBuf bodyTooSlow;

    final GuardList headers = new GuardList();
    final GuardList body = new GuardList();
    final GuardList idle = new GuardList();
    private EventLoop loop;
    private final Runnable continueSweep = this::continueSweep;
    private boolean continuing;

    ConnectionGuards(final IngestSettings config, final Metrics metrics)
    {
        this.metrics = metrics;
        this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.headerTimeoutMillis());
        this.bodyWindowNanos = TimeUnit.MILLISECONDS.toNanos(config.bodyWindowMillis());
        this.bodyMinBytesPerWindow = (long)config.bodyMinBytesPerSecond() * config.bodyWindowMillis() / 1000;
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(config.keepAliveTimeoutMillis());
        this.maxHalfOpen = config.maxHalfOpen();
        this.headerTimeout = encoded408("request line and headers not complete within " + config.headerTimeoutMillis() + " ms");
        this.bodyTooSlow = encoded408("request body slower than " + bodyMinBytesPerWindow + " bytes per " +
            config.bodyWindowMillis() + " ms");
        metrics.halfOpen = this::halfOpen;
    }

    void start(final EventLoop loop)
    {
        this.loop = loop;
        loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    int halfOpen()
    {
        return headers.size + body.size;
    }

    /** A connection became half-open: past the bound, the oldest half-open one goes. */
    void onHalfOpen()
    {
        while (halfOpen() > maxHalfOpen)
        {
            final ConnectionGuard oldest = oldest(headers.head, body.head);
            metrics.closedHalfOpenEvicted.incrementAndGet();
            oldest.closeQuietly();
        }
    }

    /**
     * The connection cap is full and one more arrived: closes the oldest half-open connection, or
     * else the longest idle keep-alive one. @return false when there is none (the newcomer is refused).
     */
    boolean makeRoom()
    {
        final ConnectionGuard victim = halfOpen() > 0 ? oldest(headers.head, body.head) : idle.head;
        if (victim == null)
        {
            return false;
        }
        if (victim.list == idle)
        {
            metrics.closedIdleForRoom.incrementAndGet();
        }
        else
        {
            metrics.closedHalfOpenEvicted.incrementAndGet();
        }
        victim.closeQuietly();
        return true;
    }

    private static ConnectionGuard oldest(final ConnectionGuard a, final ConnectionGuard b)
    {
        if (a == null)
        {
            return b;
        }
        if (b == null)
        {
            return a;
        }
        return a.requestStartNanos - b.requestStartNanos <= 0 ? a : b;
    }

    /**
     * Closes what expired; each list's head first, stopping at the first that has not. At most
     * {@link #SWEEP_BATCH} closes a run: the rest wait for a continuation scheduled behind the
     * loop's next I/O, so a wave of expiries does not hold up the reads of well-behaved clients.
     */
    void sweep()
    {
        final long now = System.nanoTime();
        int budget = SWEEP_BATCH;
        for (ConnectionGuard g = headers.head; g != null && now - g.sinceNanos >= headerTimeoutNanos && budget > 0; g = headers.head)
        {
            metrics.closedHeaderTimeout.incrementAndGet();
            g.timeOut(headerTimeout);
            budget--;
        }
        for (ConnectionGuard g = body.head; g != null && now - g.sinceNanos >= bodyWindowNanos && budget > 0; g = body.head)
        {
            if (g.windowBytes < bodyMinBytesPerWindow)
            {
                metrics.closedBodyTooSlow.incrementAndGet();
                g.timeOut(bodyTooSlow);
                budget--;
            }
            else
            {
                g.windowBytes = 0;
                g.enter(body, now); // next window, at the tail
            }
        }
        for (ConnectionGuard g = idle.head; g != null && now - g.sinceNanos >= keepAliveNanos && budget > 0; g = idle.head)
        {
            metrics.closedKeepAliveIdle.incrementAndGet();
            g.closeQuietly();
            budget--;
        }
        if (budget == 0 && !continuing)
        {
            continuing = true;
            // A scheduled task is taken after the next I/O; an executed one would run in this task batch.
            loop.schedule(continueSweep, 0, TimeUnit.MILLISECONDS);
        }
    }

    private void continueSweep()
    {
        continuing = false;
        sweep();
    }

    /** A whole {@code 408 Request Timeout} response with a JSON error body, shared by every channel (duplicated to write). */
    private static ByteBuf encoded408(final String message)
    {
        final byte[] body = JsonError.of(message).getBytes(StandardCharsets.UTF_8);
        final byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: " + Responses.JSON + "\r\ncontent-length: " +
            body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(head.length + body.length).writeBytes(head).writeBytes(body));
    }

    /** An intrusive doubly linked list of guards in the order they entered it. */
    static final class GuardList
    {
        ConnectionGuard head;
        ConnectionGuard tail;
        int size;

        void addLast(final ConnectionGuard g)
        {
            g.list = this;
            g.prev = tail;
            g.next = null;
            if (tail == null)
            {
                head = g;
            }
            else
            {
                tail.next = g;
            }
            tail = g;
            size++;
        }

        void remove(final ConnectionGuard g)
        {
            if (g.prev == null)
            {
                head = g.next;
            }
            else
            {
                g.prev.next = g.next;
            }
            if (g.next == null)
            {
                tail = g.prev;
            }
            else
            {
                g.next.prev = g.prev;
            }
            g.prev = null;
            g.next = null;
            g.list = null;
            size--;
        }
    }
}
