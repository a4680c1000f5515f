package io.scoreline.push;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.scoreline.pipeline.ResultSink;
import io.scoreline.pipeline.edge.NanoClock;

import java.util.concurrent.TimeUnit;

/**
 * {@code /push} (SERVICE.md "Push"), the module's one door. Whoever runs the server gives it an
 * event loop of its own, the ring's producer ({@link QueryPublisher}) and a clock; puts
 * {@link #sink()} into the pipeline's sink (it runs on the board thread and allocates nothing per
 * event); and hands over every channel whose request is an upgrade to {@code /push}
 * ({@link #takeOver}). From then on the channel lives on the push loop: the handshake, control
 * messages, coalesced writes, lag checks and close. The server's own loops run no push work.
 *
 * <pre>
 *   board thread: PushDispatcher (subscribed players, top lists) --PushHandOff--> push loop: PushHub
 *                       ^                                                            | control, ticks
 *                       +--------- ring <-- ring's producer <-- QueryPublisher <-----+
 * </pre>
 */
public final class PushService
{
    public static final String PATH = "/push";
    /** Control messages are tiny. */
    static final int MAX_CONTROL_BYTES = 4096;
    /** Records the sink may hand over before the push loop takes them (each a subscriber and a player). */
    static final int HAND_OFF_CAPACITY = 1 << 16;

    private static final WebSocketServerProtocolConfig WEB_SOCKET = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(PATH)
        .checkStartsWith(true)
        .handleCloseFrames(true)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(MAX_CONTROL_BYTES)
            .allowExtensions(false)
            .closeOnProtocolViolation(true)
            .withUTF8Validator(true)
            .build())
        .build();

    private final PushConfig config;
    private final EventLoop loop;
    private final PushDispatcher dispatcher;
    private final PushHub hub;
    private final PushShards shards;
    private final ShardLog shardLog;

    public PushService(final PushConfig config, final EventLoop loop, final QueryPublisher publisher, final NanoClock clock)
    {
        this.config = config.validate();
        this.loop = loop;
        final PushHandOff handOff = new PushHandOff(HAND_OFF_CAPACITY);
        shardLog = new ShardLog(ShardLog.DEFAULT_CAPACITY);
        final SinkReport report = new SinkReport();
        hub = new PushHub(loop, publisher, clock, config, handOff, report);
        dispatcher = new PushDispatcher(clock, handOff, shardLog, hub, report);
        shards = new PushShards(shardLog, clock, config.maxPlayers(), config);
        hub.shards(shards);
    }

    /**
     * A player-board update made by a snapshot restore, which does not pass the sink: the shard
     * copy applies it like a move, pushed to no one. The recovery thread, before any slot is published.
     */
    public void restoredMove(final int handle, final long id, final long total, final long reachedAt)
    {
        shardLog.append(handle, id, total, reachedAt, false, 0);
    }

    /** Whether a request's URI is for push. */
    public static boolean isPushPath(final String uri)
    {
        return uri.equals(PATH) || uri.startsWith(PATH + "?");
    }

    /** Sees every finished slot, in ring order, on the thread that calls the pipeline's sink. */
    public ResultSink sink()
    {
        return dispatcher;
    }

    public EventLoop loop()
    {
        return loop;
    }

    /** Starts the periodic reads (top, ranks, stats). */
    public void start()
    {
        hub.start();
        shards.start();
    }

    /** Graceful close: submits nothing more to the ring. Any thread; done when this returns. */
    public void stop()
    {
        if (!loop.isShuttingDown())
        {
            loop.submit(hub::stop).syncUninterruptibly();
        }
        shards.stop();
    }

    /**
     * Takes over a channel whose request is an upgrade to {@code /push}. Call on the channel's
     * current loop, from its read of {@code request}, with the HTTP server codec (and aggregator)
     * left in its pipeline and nothing behind them. The channel stops reading, leaves its loop,
     * is registered with the push loop, gets the push handlers there and then the request (the
     * WebSocket handshake). Ownership of {@code request} passes here.
     */
    public void takeOver(final Channel channel, final FullHttpRequest request)
    {
        channel.config().setAutoRead(false);
        // Deregistration runs as a later task of the old loop: its read of this channel is over by then.
        channel.deregister().addListener(deregistered ->
        {
            if (!deregistered.isSuccess())
            {
                request.release();
                channel.close();
                return;
            }
            loop.register(channel).addListener(registered ->
            {
                if (!registered.isSuccess())
                {
                    request.release();
                    channel.close();
                    return;
                }
                onPushLoop(channel, request);
            });
        });
    }

    private void onPushLoop(final Channel channel, final FullHttpRequest request)
    {
        final ChannelPipeline pipeline = channel.pipeline();
        pipeline.addFirst("push-idle", new IdleStateHandler(0, 0, config.idleTimeoutSeconds(), TimeUnit.SECONDS));
        pipeline.addLast(new WebSocketServerProtocolHandler(WEB_SOCKET));
        pipeline.addLast(new WebSocketFrameAggregator(MAX_CONTROL_BYTES));
        pipeline.addLast(new PushHandler(hub));
        pipeline.fireChannelRead(request);
        channel.config().setAutoRead(true); // from the handshake on, PushConnection decides
    }

    /** Subscribers closed for staying behind past the bound. */
    public long closedLagging()
    {
        return hub.closedLagging.get();
    }

    /** Subscribers closed for a bad frame (binary, too long, corrupt). */
    public long closedForBadInput()
    {
        return hub.closedForBadInput.get();
    }

    /** Subscribers closed for sending nothing past the idle timeout (1001). */
    /** Bytes of push's preallocated copy of the player board and the log that feeds it (issue 27's "push copy"). */
    public long copyBytes()
    {
        return shards.allocatedBytes() + shardLog.allocatedBytes();
    }

    public long closedIdle()
    {
        return hub.closedIdle.get();
    }

    /** Control messages answered rate_limited. */
    public long controlsRateLimited()
    {
        return hub.controlsRateLimited.get();
    }

    /** Rank refresh passes of shard subscriptions since the last call, in nanoseconds (each: rank all, compare all). */
    public org.HdrHistogram.Histogram shardPassTimes()
    {
        return shards.passNanos.getIntervalHistogram();
    }

    /** Server side of shard live pushes since the last call: event received -> its line handed to Netty, in nanoseconds. */
    public org.HdrHistogram.Histogram shardLiveTimes()
    {
        return shards.liveNanos.getIntervalHistogram();
    }

    /** Of the refresh passes: ranking the whole copy of the board (the part that holds live pushes back), in nanoseconds. */
    public org.HdrHistogram.Histogram shardRankTimes()
    {
        return shards.rankNanos.getIntervalHistogram();
    }

    /** Times from taking a shard subscription to its snapshot queued, since the last call, in nanoseconds. */
    public org.HdrHistogram.Histogram shardSnapshotTimes()
    {
        return shards.snapshotNanos.getIntervalHistogram();
    }

    /** Times from taking a shard subscription to its snapshot's last line handed to Netty, since the last call, in nanoseconds. */
    public org.HdrHistogram.Histogram shardSnapshotWrittenTimes()
    {
        return shards.snapshotWrittenNanos.getIntervalHistogram();
    }

    /** The shard thread's CPU time over the same spans, in nanoseconds. */
    public org.HdrHistogram.Histogram shardSnapshotCpuTimes()
    {
        return shards.snapshotCpuNanos.getIntervalHistogram();
    }

    /** Of the same spans: taking the subscription to its first bytes handed to Netty, in nanoseconds. */
    public org.HdrHistogram.Histogram shardSnapshotFirstWriteTimes()
    {
        return shards.snapshotFirstWriteNanos.getIntervalHistogram();
    }

    /** Of the same spans: the time the subscriber's channel was not writable with snapshot lines waiting, in nanoseconds. */
    public org.HdrHistogram.Histogram shardSnapshotBlockedTimes()
    {
        return shards.snapshotBlockedNanos.getIntervalHistogram();
    }

    /** Open /push connections. */
    public long connections()
    {
        return hub.connections.get();
    }
}
