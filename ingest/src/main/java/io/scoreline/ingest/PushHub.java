package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.ScoringPipeline;
import org.HdrHistogram.Histogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event-loop half of push. The worker loop is the ring's single producer, so control
 * messages and the periodic board reads are published from here as {@link PushQuery} slots:
 * they reach the sink thread ({@link PushDispatcher}) in ring order. When the ring is full the
 * queries wait here (in order, re-tried every 100 us) and the connections that sent them stop
 * being read until they are out, so nothing grows without bound.
 *
 * <p>Ticks: every 100 ms a top-N snapshot while anyone subscribes to the top; every second a
 * rank refresh while anyone subscribes to a player, and the stats push (extension) while anyone
 * subscribes to stats. Each periodic query is in the ring at most once.
 */
final class PushHub
{
    private static final long RETRY_MICROS = 100;
    private static final long TOP_TICK_MILLIS = 100;
    private static final long SECOND_TICK_MILLIS = 1000;

    private final ScoringPipeline pipeline;
    private final EventLoop loop;
    private final Ingress ingress;
    private final int maxSubscriptions;
    private final long lagNanos;
    private final int maxOutboundBytes;
    private final int sendBufferBytes;
    private final ArrayDeque<BoardQuery> waiting = new ArrayDeque<>();
    private final List<PushConnection> paused = new ArrayList<>();
    private final List<PushConnection> statsSubscribers = new ArrayList<>();
    private final Runnable retryTask = this::publishWaiting;
    private boolean retryScheduled;
    private boolean stopped;

    private final PushQuery.TopSnapshot topSnapshot = new PushQuery.TopSnapshot(PushControl.MAX_TOP_LIMIT);
    private volatile boolean topInFlight;
    private final PushQuery.RankRefresh rankRefresh = new PushQuery.RankRefresh();
    private final PushQuery.Stats stats = new PushQuery.Stats(this::sendStats);
    private final PushDispatcher dispatcher;
    private int topSubscribers;
    private int playerSubscriptions;
    private Histogram latencyInterval;
    private long lastEvents = -1;
    private long lastStatsNanos;

    private final Object handOffLock = new Object();
    private PushConnection[] handedOff = new PushConnection[256];
    private PushConnection[] flushing = new PushConnection[256];
    private int handedOffCount;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushHandedOff;

    final AtomicLong closedLagging = new AtomicLong();
    final AtomicLong connections = new AtomicLong();

    PushHub(final ScoringPipeline pipeline, final EventLoop loop, final Ingress ingress, final PushDispatcher dispatcher,
        final ServerConfig config)
    {
        this.pipeline = pipeline;
        this.loop = loop;
        this.ingress = ingress;
        this.dispatcher = dispatcher;
        this.maxSubscriptions = config.maxPushSubscriptions();
        this.lagNanos = TimeUnit.MILLISECONDS.toNanos(config.pushLagMillis());
        this.maxOutboundBytes = config.maxPushOutboundBytes();
        this.sendBufferBytes = config.pushSendBufferBytes();
        dispatcher.hub(this);
    }

    /** Starts the ticks. */
    void start()
    {
        loop.scheduleAtFixedRate(this::tickTop, TOP_TICK_MILLIS, TOP_TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::tickSecond, SECOND_TICK_MILLIS, SECOND_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Publishes nothing more (graceful close). Event loop. */
    void stop()
    {
        stopped = true;
    }

    EventLoop loop()
    {
        return loop;
    }

    long lagNanos()
    {
        return lagNanos;
    }

    int maxOutboundBytes()
    {
        return maxOutboundBytes;
    }

    int sendBufferBytes()
    {
        return sendBufferBytes;
    }

    boolean isPaused(final PushConnection c)
    {
        return !paused.isEmpty() && paused.contains(c);
    }

    // ---------------------------------------------------------------- control messages (event loop)

    void onControl(final PushConnection c, final String text)
    {
        if (c.closed)
        {
            return;
        }
        final PushControl control = PushControl.parse(text);
        if (control.error != null)
        {
            error(c, control.error);
            return;
        }
        switch (control.kind)
        {
            case PushControl.PLAYER:
                if (control.subscribe)
                {
                    if (c.players.contains(control.player))
                    {
                        return;
                    }
                    if (c.players.size() >= maxSubscriptions)
                    {
                        error(c, "too many player subscriptions on this connection (max " + maxSubscriptions + ")");
                        return;
                    }
                    c.players.add(control.player);
                    playerSubscriptions++;
                    submit(new PushQuery.SubscribePlayer(c, control.player), c);
                }
                else if (c.players.remove(control.player))
                {
                    playerSubscriptions--;
                    submit(new PushQuery.UnsubscribePlayer(c, control.player), c);
                }
                return;
            case PushControl.TOP:
                if (control.subscribe)
                {
                    if (c.topLimit == 0)
                    {
                        topSubscribers++;
                    }
                    c.topLimit = control.limit;
                    submit(new PushQuery.SubscribeTop(c, control.limit), c);
                }
                else if (c.topLimit != 0)
                {
                    topSubscribers--;
                    c.topLimit = 0;
                    submit(new PushQuery.UnsubscribeTop(c), c);
                }
                return;
            default:
                if (control.subscribe && !c.stats)
                {
                    c.stats = true;
                    statsSubscribers.add(c);
                }
                else if (!control.subscribe && c.stats)
                {
                    c.stats = false;
                    statsSubscribers.remove(c);
                }
        }
    }

    private void error(final PushConnection c, final String message)
    {
        c.writeNow(ByteBufUtil.writeUtf8(c.channel.alloc(), Responses.errorJson(message) + "\n"), true);
    }

    /** The connection stopped being served: its subscriptions go (once). Event loop. */
    void onGone(final PushConnection c)
    {
        if (c.goneSubmitted)
        {
            return;
        }
        c.goneSubmitted = true;
        connections.decrementAndGet();
        paused.remove(c);
        playerSubscriptions -= c.players.size();
        if (c.topLimit != 0)
        {
            topSubscribers--;
        }
        if (c.stats)
        {
            statsSubscribers.remove(c);
        }
        final long[] ids = new long[c.players.size()];
        int i = 0;
        for (final Long id : c.players)
        {
            ids[i++] = id;
        }
        submit(new PushQuery.Gone(c, ids), null);
    }

    /** A subscriber behind past the bound: closed with 1008, scoring goes on. Event loop. */
    void closeLagging(final PushConnection c)
    {
        if (!c.closed)
        {
            closedLagging.incrementAndGet();
            c.close(WebSocketCloseStatus.POLICY_VIOLATION);
        }
    }

    // ---------------------------------------------------------------- publishing (event loop)

    private void submit(final BoardQuery query, final PushConnection from)
    {
        waiting.addLast(query);
        publishWaiting();
        if (!waiting.isEmpty() && from != null && !paused.contains(from))
        {
            paused.add(from);
            from.updateReading();
        }
    }

    private void publishWaiting()
    {
        retryScheduled = false;
        if (stopped)
        {
            waiting.clear();
            return;
        }
        while (!waiting.isEmpty())
        {
            if (!ingress.isRecovered())
            {
                scheduleRetry(1000);
                return;
            }
            final long sequence = pipeline.tryNext();
            if (sequence < 0)
            {
                scheduleRetry(RETRY_MICROS);
                return;
            }
            final BoardQuery query = waiting.pollFirst();
            try
            {
                final EventSlot slot = pipeline.slot(sequence);
                slot.reset(EventSlot.QUERY, this);
                slot.query = query;
            }
            finally
            {
                pipeline.publish(sequence);
            }
        }
        if (!paused.isEmpty())
        {
            final PushConnection[] resumed = paused.toArray(new PushConnection[0]);
            paused.clear();
            for (final PushConnection c : resumed)
            {
                c.updateReading();
            }
        }
    }

    private void scheduleRetry(final long micros)
    {
        if (!retryScheduled)
        {
            retryScheduled = true;
            loop.schedule(retryTask, micros, TimeUnit.MICROSECONDS);
        }
    }

    // ---------------------------------------------------------------- batched hand-off

    /**
     * Emit thread, end of batch: the connections that need a flush go to the event loop in one
     * task (one wake-up per batch, not one per subscriber).
     */
    void handOff(final PushConnection[] connections, final int count)
    {
        if (count == 0)
        {
            return;
        }
        final boolean schedule;
        synchronized (handOffLock)
        {
            if (handedOffCount + count > handedOff.length)
            {
                handedOff = java.util.Arrays.copyOf(handedOff, Math.max(handedOffCount + count, 2 * handedOff.length));
            }
            System.arraycopy(connections, 0, handedOff, handedOffCount, count);
            handedOffCount += count;
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule)
        {
            try
            {
                loop.execute(flushTask);
            }
            catch (final java.util.concurrent.RejectedExecutionException ignored)
            {
                // shutting down
            }
        }
    }

    private void flushHandedOff()
    {
        final PushConnection[] batch;
        final int count;
        synchronized (handOffLock)
        {
            batch = handedOff;
            count = handedOffCount;
            if (flushing.length < batch.length)
            {
                flushing = new PushConnection[batch.length];
            }
            handedOff = flushing;
            flushing = batch;
            handedOffCount = 0;
            flushScheduled = false;
        }
        for (int i = 0; i < count; i++)
        {
            final PushConnection c = batch[i];
            batch[i] = null;
            c.flush();
        }
    }

    // ---------------------------------------------------------------- ticks (event loop)

    private void tickTop()
    {
        if (topSubscribers > 0 && !topInFlight && !stopped)
        {
            topInFlight = true;
            submit(topSnapshot, null);
        }
    }

    /** Emit thread: the last snapshot was compared; the next may go. */
    void topDelivered()
    {
        topInFlight = false;
    }

    private void tickSecond()
    {
        if (stopped)
        {
            return;
        }
        if (playerSubscriptions > 0 && rankRefresh.ready)
        {
            rankRefresh.ready = false;
            submit(rankRefresh, null);
        }
        if (!statsSubscribers.isEmpty() && !stats.inFlight)
        {
            stats.inFlight = true;
            submit(stats, null);
        }
    }

    /** Event loop, after the stats query passed the sink thread. */
    private void sendStats()
    {
        stats.inFlight = false;
        final long now = System.nanoTime();
        latencyInterval = dispatcher.latency.getIntervalHistogram(latencyInterval);
        final double seconds = lastEvents < 0 ? 0 : (now - lastStatsNanos) / 1e9;
        final long rate = seconds <= 0 ? 0 : Math.round((stats.events - lastEvents) / seconds);
        lastEvents = stats.events;
        lastStatsNanos = now;
        final StringBuilder json = new StringBuilder(512)
            .append("{\"push\":\"stats\",\"events\":").append(stats.events)
            .append(",\"eventsPerSecond\":").append(rate)
            .append(",\"players\":").append(stats.players)
            .append(",\"latencyP50Micros\":");
        if (latencyInterval.getTotalCount() == 0)
        {
            json.append("null,\"latencyP99Micros\":null");
        }
        else
        {
            json.append(latencyInterval.getValueAtPercentile(50) / 1000)
                .append(",\"latencyP99Micros\":").append(latencyInterval.getValueAtPercentile(99) / 1000);
        }
        json.append(",\"teams\":[");
        for (int i = 0; i < stats.teamCount; i++)
        {
            if (i > 0)
            {
                json.append(',');
            }
            json.append("{\"rank\":").append(i + 1).append(",\"team\":").append(stats.teamIds[i])
                .append(",\"score\":").append(stats.teamScores[i]).append('}');
        }
        json.append("]}\n");
        final String line = json.toString();
        for (final PushConnection c : statsSubscribers)
        {
            c.writeNow(ByteBufUtil.writeUtf8(c.channel.alloc(), line), false);
        }
    }
}
