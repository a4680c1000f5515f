package io.scoreline.push;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.edge.JsonError;
import io.scoreline.pipeline.edge.NanoClock;
import org.HdrHistogram.Histogram;

import java.lang.invoke.VarHandle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push loop's half of push; everything here runs on the push loop (its own thread), except
 * {@link #wake()} and {@link #queryDelivered()}, which the sink thread calls.
 *
 * <ul>
 * <li><b>Control messages</b> and the periodic board reads become {@link PushQuery} slots, handed
 *     to the ring's producer ({@link QueryPublisher}) so that they reach the sink thread
 *     ({@link PushDispatcher}) in ring order. At most {@link #MAX_IN_FLIGHT} are on their way;
 *     past that they wait here, in order, and the connections that sent them are not read.</li>
 * <li><b>Flushes</b>: every change the sink hands off waits in its subscriber's pending pushes
 *     (the newest state per player wins) until the next flush tick, which writes each waiting
 *     subscriber one frame. Ticks come at most every {@code flushInterval}; under load they are
 *     timer-driven and the sink never wakes this thread, after a quiet tick they stop until the
 *     sink's next hand-off wakes the loop once.</li>
 * <li><b>Ticks</b>: every 100 ms a top-N snapshot while anyone subscribes to the top; every
 *     20 ms a rank refresh of one fiftieth of the subscribed players while anyone subscribes to a
 *     player (each player once a second); every second the stats push (extension) while anyone
 *     subscribes to stats. Each periodic query is in the ring at most once.</li>
 * </ul>
 */
final class PushHub implements PushHandOff.Consumer
{
    static final int MAX_IN_FLIGHT = 4096;
    /**
     * SO_SNDBUF of a connection with shard subscriptions. Bytes queued in the kernel are bytes an
     * event's push waits behind; a refresh the reader cannot take coalesces here instead.
     */
    static final int SHARD_SEND_BUFFER = 256 * 1024;
    /** Water mark of a connection with shard subscriptions (player-only ones keep {@link PushHandler#WATER_MARK}). */
    static final io.netty.channel.WriteBufferWaterMark SHARD_WATER_MARK = new io.netty.channel.WriteBufferWaterMark(64 * 1024, 256 * 1024);
    private static final long RETRY_MILLIS = 1;
    private static final long TOP_TICK_MILLIS = 100;
    static final long RANK_TICK_MILLIS = 1000 / PushQuery.RankRefresh.SLICES;
    private static final long STATS_TICK_MILLIS = 1000;
    private static final int STATS_WINDOW_SECONDS = 10;

    private final EventLoop loop;
    private final QueryPublisher publisher;
    private final NanoClock clock;
    private final PushConfig config;
    private final long lagNanos;
    private final long flushIntervalNanos;
    private final PushHandOff handOff;
    private final SinkReport sinkReport;

    // ---- control and queries ----
    private final ArrayDeque<PushQuery> waiting = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<PushConnection> paused = new ArrayList<>();
    private final List<PushConnection> statsSubscribers = new ArrayList<>();
    private final Runnable retryTask = this::publishWaiting;
    private boolean retryScheduled;
    private boolean stopped;

    // ---- flushing ----
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Runnable flushTask = this::flushTick;
    private final List<PushConnection> queued = new ArrayList<>();

    // ---- periodic reads ----
    private final PushQuery.TopSnapshot topSnapshot = new PushQuery.TopSnapshot(PushControl.MAX_TOP_LIMIT);
    private volatile boolean topInFlight;
    private final PushQuery.RankRefresh rankRefresh = new PushQuery.RankRefresh();
    private final PushQuery.Stats stats = new PushQuery.Stats(this::sendStats);
    private final PushQuery.Nudge nudge = new PushQuery.Nudge();
    private int topSubscribers;
    private int playerSubscriptions;
    private final Histogram[] latencyWindow = new Histogram[STATS_WINDOW_SECONDS];
    private final Histogram latencySum = new Histogram(1, TimeUnit.MINUTES.toNanos(1), 2);
    private int latencySlot;
    private long lastEvents = -1;
    private long lastStatsNanos;

    // ---- shard subscriptions (served on their own thread) ----
    private PushShards shards;
    /** Shard subscriptions per shard count N in force: at most {@link PushShards#MAX_DIVISORS} different N. */
    private final java.util.HashMap<Integer, Integer> shardCounts = new java.util.HashMap<>();

    final AtomicLong closedLagging = new AtomicLong();
    final AtomicLong closedForBadInput = new AtomicLong();
    final AtomicLong closedIdle = new AtomicLong();
    final AtomicLong controlsRateLimited = new AtomicLong();
    final AtomicLong connections = new AtomicLong();

    PushHub(final EventLoop loop, final QueryPublisher publisher, final NanoClock clock, final PushConfig config,
        final PushHandOff handOff, final SinkReport sinkReport)
    {
        this.loop = loop;
        this.publisher = publisher;
        this.clock = clock;
        this.config = config;
        this.lagNanos = config.lagNanos();
        this.flushIntervalNanos = config.flushIntervalNanos();
        this.handOff = handOff;
        this.sinkReport = sinkReport;
    }

    /** Where shard subscriptions go (none: they are refused). */
    void shards(final PushShards shards)
    {
        this.shards = shards;
    }

    PushShards shards()
    {
        return shards;
    }

    /** Starts the ticks. */
    void start()
    {
        loop.scheduleAtFixedRate(this::tickTop, TOP_TICK_MILLIS, TOP_TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::tickRank, RANK_TICK_MILLIS, RANK_TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::tickStats, STATS_TICK_MILLIS, STATS_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Publishes nothing more (graceful close). Push loop. */
    void stop()
    {
        stopped = true;
    }

    EventLoop loop()
    {
        return loop;
    }

    long nanoTime()
    {
        return clock.nanoTime();
    }

    long lagNanos()
    {
        return lagNanos;
    }

    int maxOutboundBytes()
    {
        return config.maxOutboundBytes();
    }

    PushConfig config()
    {
        return config;
    }

    boolean isPaused(final PushConnection c)
    {
        return !paused.isEmpty() && paused.contains(c);
    }

    // ---------------------------------------------------------------- control messages (push loop)

    /**
     * The answer to a control message past the connection's rate (SERVICE.md "Rate limits"); the
     * message is not acted on. The same code as an event past its rate.
     */
    static final String RATE_LIMITED = "rate_limited";

    void onControl(final PushConnection c, final String text)
    {
        if (c.closed)
        {
            return;
        }
        if (c.controls != null && !c.controls.tryTake(clock.nanoTime()))
        {
            controlsRateLimited.incrementAndGet();
            error(c, RATE_LIMITED);
            return;
        }
        final PushControl control = PushControl.parse(text);
        if (control.error != null)
        {
            error(c, control.error);
            return;
        }
        final int maxSubscriptions = config.maxSubscriptions();
        switch (control.kind)
        {
            case PLAYER:
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
            case TOP:
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
            case PLAYERS:
                onShardControl(c, control);
                return;
            case STATS:
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

    private void onShardControl(final PushConnection c, final PushControl control)
    {
        if (shards == null)
        {
            error(c, "shard subscriptions are not served here");
            return;
        }
        final long key = (long)control.of << 32 | control.shard;
        if (control.subscribe)
        {
            if (c.shards.contains(key))
            {
                return;
            }
            if (c.shards.size() >= PushShards.MAX_OF)
            {
                error(c, "too many shard subscriptions on this connection (max " + PushShards.MAX_OF + ")");
                return;
            }
            if (!shardCounts.containsKey(control.of) && shardCounts.size() >= PushShards.MAX_DIVISORS)
            {
                error(c, "too many different shard counts in use (max " + PushShards.MAX_DIVISORS + "): " + shardCounts.keySet());
                return;
            }
            if (c.shards.isEmpty())
            {
                // A shard streams far more than a few players: fewer, larger writes between wake-ups.
                c.channel.config().setWriteBufferWaterMark(SHARD_WATER_MARK);
                if (config.sendBufferBytes() == 0)
                {
                    c.channel.config().setOption(io.netty.channel.ChannelOption.SO_SNDBUF, SHARD_SEND_BUFFER);
                }
            }
            c.shards.add(key);
            shardCounts.merge(control.of, 1, Integer::sum);
            shards.subscribe(c, control.shard, control.of);
        }
        else if (c.shards.remove(key))
        {
            dropShardCount(control.of);
            shards.unsubscribe(c, control.shard, control.of);
        }
    }

    private void dropShardCount(final int of)
    {
        shardCounts.computeIfPresent(of, (n, count) -> count == 1 ? null : count - 1);
    }

    private void error(final PushConnection c, final String message)
    {
        c.writeNow(ByteBufUtil.writeUtf8(c.channel.alloc(), JsonError.of(message) + "\n"), true);
    }

    /** The connection stopped being served: its subscriptions go (once). Push loop. */
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
        if (!c.shards.isEmpty())
        {
            for (final long key : c.shards)
            {
                dropShardCount((int)(key >>> 32));
            }
            shards.gone(c);
        }
        final long[] ids = new long[c.players.size()];
        int i = 0;
        for (final Long id : c.players)
        {
            ids[i++] = id;
        }
        submit(new PushQuery.Gone(c, ids), null);
    }

    /** A subscriber behind past the bound: closed with 1008, scoring goes on. Push loop. */
    void closeLagging(final PushConnection c)
    {
        if (!c.closed)
        {
            closedLagging.incrementAndGet();
            c.close(WebSocketCloseStatus.POLICY_VIOLATION);
        }
    }

    // ---------------------------------------------------------------- publishing (push loop)

    private void submit(final PushQuery query, final PushConnection from)
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
        while (!waiting.isEmpty() && inFlight.get() < MAX_IN_FLIGHT)
        {
            inFlight.incrementAndGet();
            publisher.publish(waiting.pollFirst(), this);
        }
        if (!waiting.isEmpty())
        {
            if (!retryScheduled)
            {
                retryScheduled = true;
                loop.schedule(retryTask, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
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

    /** Sink thread: one of our queries passed the sink. */
    void queryDelivered()
    {
        inFlight.decrementAndGet();
    }

    /** Queries handed to the ring's producer and not yet past the sink. */
    int queriesInFlight()
    {
        return inFlight.get();
    }

    // ---------------------------------------------------------------- flushing

    /**
     * Sink thread, after a hand-off: makes sure a flush tick comes. While ticks are armed this is
     * one read of a flag; only the first hand-off after a quiet tick wakes the push loop.
     */
    void wake()
    {
        // The hand-off's records were published with ordered (release) stores; the loop clears
        // 'armed' and then looks at the hand-off. Without a full fence here the sink could read a
        // stale 'armed' while the loop reads a stale tail, and a lone change would wait for the next.
        VarHandle.fullFence();
        if (!armed.get() && armed.compareAndSet(false, true))
        {
            try
            {
                loop.execute(flushTask);
            }
            catch (final RejectedExecutionException ignored)
            {
                // shutting down
            }
        }
    }

    private void flushTick()
    {
        final long delay = flushPending();
        if (delay > 0)
        {
            loop.schedule(flushTask, delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * One flush tick: takes every hand-off record into its subscriber's pending pushes and writes
     * one frame to each subscriber that has something waiting. Push loop. Flushes are at least an
     * interval apart by construction: a tick schedules the next one an interval later, and only a
     * tick that found nothing stops them (itself an interval after the last flush), after which
     * the sink's next hand-off runs one at once.
     *
     * @return nanoseconds until the next tick, or 0 when ticks stop (nothing came since the last one).
     */
    long flushPending()
    {
        final int records = handOff.drain(this);
        if (records == 0 && queued.isEmpty())
        {
            armed.set(false);
            if (handOff.isEmpty() || !armed.compareAndSet(false, true))
            {
                return 0;
            }
            handOff.drain(this); // a hand-off raced the disarm: take it now
        }
        for (int i = 0; i < queued.size(); i++)
        {
            final PushConnection c = queued.get(i);
            c.queued = false;
            c.flush();
        }
        queued.clear();
        if (sinkReport.carrying && !nudge.inFlight && !stopped)
        {
            nudge.inFlight = true;
            submit(nudge, null);
        }
        return flushIntervalNanos;
    }

    @Override
    public void player(final PushConnection c, final long player, final long total, final int rank)
    {
        if (!c.closed)
        {
            c.putPlayer(player, total, rank);
            queue(c);
        }
    }

    @Override
    public void top(final PushConnection c, final byte[] encoded)
    {
        if (!c.closed)
        {
            c.putTop(encoded);
            queue(c);
        }
    }

    private void queue(final PushConnection c)
    {
        if (!c.queued)
        {
            c.queued = true;
            queued.add(c);
        }
    }

    // ---------------------------------------------------------------- ticks (push loop)

    void tickTop()
    {
        if (topSubscribers > 0 && !topInFlight && !stopped)
        {
            topInFlight = true;
            submit(topSnapshot, null);
        }
    }

    /** Sink thread: the last snapshot was compared; the next may go. */
    void topDelivered()
    {
        topInFlight = false;
    }

    void tickRank()
    {
        if (!stopped && playerSubscriptions > 0 && rankRefresh.ready)
        {
            rankRefresh.ready = false;
            submit(rankRefresh, null);
        }
    }

    void tickStats()
    {
        if (!stopped && !statsSubscribers.isEmpty() && !stats.inFlight)
        {
            stats.inFlight = true;
            submit(stats, null);
        }
    }

    /** Push loop, after the stats query passed the sink thread: latency over the last 10 s. */
    private void sendStats()
    {
        stats.inFlight = false;
        final long now = clock.nanoTime();
        latencyWindow[latencySlot] = sinkReport.latency.getIntervalHistogram(latencyWindow[latencySlot]);
        latencySlot = (latencySlot + 1) % latencyWindow.length;
        latencySum.reset();
        for (final Histogram h : latencyWindow)
        {
            if (h != null)
            {
                latencySum.add(h);
            }
        }
        final double seconds = lastEvents < 0 ? 0 : (now - lastStatsNanos) / 1e9;
        final long rate = seconds <= 0 ? 0 : Math.round((stats.events - lastEvents) / seconds);
        lastEvents = stats.events;
        lastStatsNanos = now;
        final StringBuilder json = new StringBuilder(512)
            .append("{\"push\":\"stats\",\"events\":").append(stats.events)
            .append(",\"eventsPerSecond\":").append(rate)
            .append(",\"players\":").append(stats.players)
            .append(",\"latencyP50Micros\":");
        if (latencySum.getTotalCount() == 0)
        {
            json.append("null,\"latencyP99Micros\":null");
        }
        else
        {
            json.append(latencySum.getValueAtPercentile(50) / 1000)
                .append(",\"latencyP99Micros\":").append(latencySum.getValueAtPercentile(99) / 1000);
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
