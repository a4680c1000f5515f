package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ByteProcessor;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.pipeline.Snapshots;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.edge.TokenBucket;
import io.scoreline.pipeline.log.EventLog;
import io.scoreline.rules.EventParser;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The ring's single producer, living on the one worker event loop. Splits each received message
 * into NDJSON lines (GAME.md section 1: blank lines skipped, a last line without '\n' is an
 * event) and publishes one slot per line, straight from Netty's buffer into the slot.
 *
 * <p>Back-pressure: a connection stops publishing, and stops reading, when the ring is full
 * ({@link #tryNext} fails: it waits in {@link #blocked}, re-tried on a short timer), when it has
 * {@code maxInFlight} events unanswered (its flush task resumes it), or when its channel is not
 * writable (the writability event resumes it). Nothing else is buffered: unread input stays in
 * the socket.
 *
 * <p>Other threads' queries (push's subscriptions and periodic reads) come through
 * {@link #publishQuery}: this loop only publishes them, in the order handed, when the ring has room.
 */
final class Ingress
{
    private static final long RECHECK_MICROS = 100;
    /** Goes on while the bytes are blank: {@code forEachByte} returns -1 for a blank line (and an empty one). */
    private static final ByteProcessor BLANK_BYTE = EventParser::isBlankByte;
    private static final long RECOVERY_RECHECK_MICROS = 1000;

    private final ScoringPipeline pipeline;
    private final EventLoop loop;
    /** Inline topology: this loop runs the stages, once per loop iteration, after all of that iteration's reads. */
    private final boolean inline;
    private final Runnable inlineRunTask = this::inlineRun;
    private boolean inlineRunScheduled;
    private final Metrics metrics;
    private final HttpRoutes routes;
    private final int maxInFlight;
    private final UnreadAnswers unreadAnswers;
    private final long maxInboxBytes;
    private final int eventRate;
    private final int eventBurst;
    private final RateLimited rateLimited;
    private final ArrayDeque<Connection> blocked = new ArrayDeque<>();
    /** Retries, while the ring is full, the connections parked in {@link #blocked} and the handed queries. */
    private final RingWait ringWait;
    /** The handed queries found the ring full: {@link #ringWait}'s ticks publish them. */
    private boolean handedWaiting;
    private boolean stopped;
    private boolean draining;
    /** Set by the recovery thread once the journal is replayed: the producer role passes to this loop. */
    private volatile boolean recovered;
    private final ConcurrentLinkedQueue<HandedQuery> handed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handedScheduled = new AtomicBoolean();
    private final Runnable publishHandedTask = this::publishHanded;
    private final EventLog eventLog;

    /**
     * @param recoveredEvents  events replayed at start, for /health
     * @param takeSnapshot     POST /admin/snapshot: a snapshot now, completed when on disk
     */
    Ingress(final ScoringPipeline pipeline, final EventLoop loop, final Metrics metrics, final IngestSettings config,
        final LongSupplier recoveredEvents, final Supplier<CompletableFuture<Snapshots.Taken>> takeSnapshot)
    {
        this.pipeline = pipeline;
        this.loop = loop;
        this.inline = pipeline.topology() == Topology.INLINE;
        this.metrics = metrics;
        this.routes = new HttpRoutes(metrics, pipeline, recoveredEvents, this, new AdminSnapshot(takeSnapshot, this));
        this.maxInFlight = config.maxInFlight();
        this.unreadAnswers = new UnreadAnswers(config.unreadTimeoutMillis(), metrics);
        this.maxInboxBytes = 2L * config.maxMessageBytes();
        this.eventRate = config.eventRate();
        this.eventBurst = config.eventBurst();
        this.rateLimited = new RateLimited(metrics);
        this.eventLog = config.eventLog();
        this.ringWait = new RingWait(loop, this::retryWaiting);
    }

    /** Null while this node takes events; else why not, naming its role (a follower, a fenced primary). */
    String refusal()
    {
        return eventLog == null ? null : eventLog.refusal();
    }

    EventLog eventLog()
    {
        return eventLog;
    }

    EventLoop loop()
    {
        return loop;
    }

    Metrics metrics()
    {
        return metrics;
    }

    /** A new connection's event rate limit, or null when there is none. */
    TokenBucket newEventRate()
    {
        return eventRate == 0 ? null : new TokenBucket(eventRate, eventBurst, System.nanoTime());
    }

    UnreadAnswers unreadAnswers()
    {
        return unreadAnswers;
    }

    boolean isRecovered()
    {
        return recovered;
    }

    void onRecovered()
    {
        recovered = true;
    }

    /** Graceful close: publish nothing more. Event loop. */
    void stop()
    {
        stopped = true;
    }

    /** A drain has begun: read nothing more from any connection, but publish what was read. Event loop. */
    void beginDrain()
    {
        draining = true;
    }

    boolean isDraining()
    {
        return draining;
    }

    /** A message arrived (a WebSocket text message's bytes or a whole HTTP request). Event loop. */
    void onMessage(final Connection c, final Object message)
    {
        c.inbox.add(message, System.nanoTime());
        if (c.inbox.bytes() > maxInboxBytes)
        {
            // Only reachable by a client that floods past a stopped read; its own problem alone.
            metrics.connectionsClosedForBadInput.incrementAndGet();
            c.close(io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.POLICY_VIOLATION);
            return;
        }
        drain(c);
    }

    /** Publishes as much of the connection's input as it may now. Event loop. */
    void drain(final Connection c)
    {
        while (!c.closed && !stopped)
        {
            if (c.input() == null && c.trailer() == null)
            {
                if (c.httpBusy() || c.inbox.isEmpty())
                {
                    break;
                }
                final long receivedNanos = c.inbox.headTime();
                final Object message = c.inbox.poll();
                if (message instanceof FullHttpRequest)
                {
                    routes.start(c, (FullHttpRequest)message);
                }
                else
                {
                    c.startInput((ByteBuf)message);
                }
                c.receivedAt(receivedNanos);
                continue;
            }
            if (!recovered)
            {
                block(c);
                break;
            }
            if (c.input() != null && c.webSocket() && refuseEvents(c))
            {
                continue;
            }
            if (c.input() != null && !publishLines(c))
            {
                break;
            }
            if (c.trailer() != null && !publishTrailer(c))
            {
                break;
            }
        }
        scheduleInlineRun();
        c.updateReading();
    }

    /** A WebSocket message of events on a node that takes none: one error frame, the events dropped. */
    private boolean refuseEvents(final Connection c)
    {
        final String refusal = refusal();
        if (refusal == null)
        {
            return false;
        }
        c.inputDone();
        c.channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(
            io.scoreline.pipeline.edge.JsonError.of(refusal)), c.channel.voidPromise());
        return true;
    }

    private boolean publishLines(final Connection c)
    {
        final ByteBuf in = c.input();
        final int end = in.writerIndex();
        int start = in.readerIndex();
        while (start < end)
        {
            final int newline = in.indexOf(start, end, (byte)'\n');
            final int lineEnd = newline < 0 ? end : newline;
            final int next = newline < 0 ? end : newline + 1;
            if (isBlank(in, start, lineEnd))
            {
                start = next;
                continue;
            }
            if (c.inFlight() >= maxInFlight || !c.channel.isWritable())
            {
                in.readerIndex(start); // resumed by the flush task or the writability event
                return false;
            }
            final long sequence = pipeline.tryNext();
            if (sequence < 0)
            {
                in.readerIndex(start);
                block(c);
                return false;
            }
            try
            {
                final EventSlot slot = pipeline.slot(sequence);
                final boolean refused = c.eventRate != null && !c.eventRate.tryTake(System.nanoTime());
                slot.reset(refused ? EventSlot.REFUSED : EventSlot.EVENT, c);
                final int length = lineEnd - start;
                final int stored = Math.min(length, EventSlot.LINE_CAPACITY);
                slot.storedLength = stored;
                slot.trueLength = length;
                in.getBytes(start, slot.line, 0, stored);
                slot.receivedNanos = c.inputNanos();
                if (refused)
                {
                    rateLimited.answer(slot);
                }
                else
                {
                    slot.ordinal = pipeline.takeOrdinal();
                }
            }
            finally
            {
                pipeline.publish(sequence);
            }
            c.countPublished();
            start = next;
        }
        c.inputDone();
        return true;
    }

    private boolean publishTrailer(final Connection c)
    {
        final long sequence = pipeline.tryNext();
        if (sequence < 0)
        {
            block(c);
            return false;
        }
        final BoardQuery query = c.trailer();
        try
        {
            pipeline.slot(sequence).resetQuery(query, c);
        }
        finally
        {
            pipeline.publish(sequence);
        }
        c.trailerDone();
        return true;
    }

    /**
     * Any thread: a query to put into the ring (push's subscriptions and board reads). Published
     * by this loop, the ring's producer, in the order handed; while the ring is full it waits in
     * the hand-off queue, which the caller bounds (push keeps at most a few thousand in flight).
     */
    void publishQuery(final BoardQuery query, final Object context)
    {
        handed.add(new HandedQuery(query, context));
        if (handedScheduled.compareAndSet(false, true))
        {
            try
            {
                loop.execute(publishHandedTask);
            }
            catch (final RejectedExecutionException ignored)
            {
                // shutting down
            }
        }
    }

    private void publishHanded()
    {
        while (true)
        {
            final HandedQuery next = handed.peek();
            if (next == null || stopped)
            {
                if (stopped)
                {
                    handed.clear();
                }
                handedScheduled.set(false);
                if (handed.isEmpty() || stopped || !handedScheduled.compareAndSet(false, true))
                {
                    scheduleInlineRun();
                    return;
                }
                continue; // one was handed between the check and the flag
            }
            final long sequence = recovered ? pipeline.tryNext() : -1;
            if (sequence < 0)
            {
                scheduleInlineRun();
                handedWaiting = true;
                awaitRing();
                return; // still scheduled: handers need not wake this loop
            }
            handedWaiting = false;
            handed.poll();
            try
            {
                pipeline.slot(sequence).resetQuery(next.query, next.context);
            }
            finally
            {
                pipeline.publish(sequence);
            }
        }
    }

    private static final class HandedQuery
    {
        final BoardQuery query;
        final Object context;

        HandedQuery(final BoardQuery query, final Object context)
        {
            this.query = query;
            this.context = context;
        }
    }

    /**
     * Inline topology: runs the stages over what this iteration's reads published, once, after
     * every ready channel was read (a Netty tail task), so that a busy loop scores its reads as
     * one group (one journal batch, the group prefetch) instead of one read at a time.
     */
    private void scheduleInlineRun()
    {
        if (!inline || inlineRunScheduled)
        {
            return;
        }
        inlineRunScheduled = true;
        if (loop instanceof SingleThreadEventLoop)
        {
            ((SingleThreadEventLoop)loop).executeAfterEventLoopIteration(inlineRunTask);
        }
        else
        {
            loop.execute(inlineRunTask);
        }
    }

    private void inlineRun()
    {
        inlineRunScheduled = false;
        pipeline.runPublished();
    }

    /** GAME.md: a line of only spaces, tabs and '\r' is not an event ({@link EventParser#isBlankByte}). */
    private static boolean isBlank(final ByteBuf in, final int from, final int to)
    {
        return in.forEachByte(from, to - from, BLANK_BYTE) < 0;
    }

    private void block(final Connection c)
    {
        if (!c.blocked())
        {
            c.blocked(true);
            blocked.addLast(c);
        }
        awaitRing();
    }

    private void awaitRing()
    {
        metrics.ringFullWaits.incrementAndGet();
        ringWait.await(recovered ? RECHECK_MICROS : RECOVERY_RECHECK_MICROS);
    }

    /** A tick of {@link #ringWait}: each waiting connection, oldest first, then the handed queries, get another go. */
    private void retryWaiting()
    {
        if (handedWaiting)
        {
            handedWaiting = false;
            publishHanded();
        }
        for (int n = blocked.size(); n > 0; n--)
        {
            final Connection c = blocked.pollFirst();
            c.blocked(false);
            drain(c);
        }
    }
}
