package io.scoreline.ingest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.scoreline.pipeline.ResultSink;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.pipeline.edge.NanoClock;
import io.scoreline.pipeline.log.EventLog;
import io.scoreline.pipeline.log.LogFeed;
import io.scoreline.push.PushService;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service: one scoring pipeline behind one Netty worker event loop, which is the ring's
 * single producer (after recovery hands the role over). An acceptor loop of its own takes new
 * connections so a flood of connects never delays reads; {@code /push} connections move to a
 * third loop, the push module's, so writing to thousands of subscribers never delays the producer.
 *
 * <pre>
 *   clients --> acceptor --> worker loop (Ingress: split, publish) --ring--> journal -> parse -> score -> board
 *                              ^   |  ^ push's queries (QueryPublisher)                                   |
 *                              |   |  |                                                      sink: results, push
 *                              |   |  +--- push loop (/push channels: control, coalesced writes) <-- hand-off
 *                              |   +-- /push upgrade: channel moves to the push loop
 *                              +---- flush task per connection <-- ResultDispatcher
 * </pre>
 *
 * All three loops use one {@link Transport} (epoll where it loads, else NIO), logged at start.
 */
public final class ScorerServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("scoreline.ingest");
    /** Each of the drain's two waits (answers, then closes): a SIGTERM'd service exits within 10 s. */
    private static final long DRAIN_TIMEOUT_MS = 4_000;

    private final ServerConfig config;
    private final Metrics metrics = new Metrics();
    private final ScoringPipeline pipeline;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup worker;
    private final EventLoopGroup pushLoop;
    private final Transport transport;
    private final Ingress ingress;
    private final PushService push;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final CountDownLatch recoveredLatch = new CountDownLatch(1);
    private final Thread recovery;
    private final io.scoreline.pipeline.Snapshots snapshots;
    private volatile long snapshotOrdinal = -1;
    private Channel serverChannel;
    private volatile long recoveredEvents;
    private volatile Throwable recoveryFailure;
    private boolean closed;
    private String drained;

    private ScorerServer(final ServerConfig config)
    {
        this.config = config;
        transport = Transport.choose(config.transport());
        LOG.log(System.Logger.Level.INFO, "scoreline: netty transport " + transport.name + transport.note());
        BearerAuth.warnIfOpenBeyondLoopback(config);
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("scoreline-accept"), transport.ioHandlerFactory);
        worker = new WorkerLoopGroup(new DefaultThreadFactory("scoreline-io"), transport.workerFactory(config.spinMicros()));
        pushLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("scoreline-push"), transport.ioHandlerFactory);
        // Push hands its queries to the ingress (the ring's producer), which exists only once the pipeline does.
        push = new PushService(config.push(), pushLoop.next(), this::publishQuery,
            NanoClock.SYSTEM);
        metrics.pushClosedForBadInput = push::closedForBadInput;
        metrics.pushClosedIdle = push::closedIdle;
        metrics.pushControlsRateLimited = push::controlsRateLimited;
        metrics.pushCopyBytes = push::copyBytes;
        if (config.eventLog() != null)
        {
            metrics.eventLog = config.eventLog();
        }
        final ResultSink results = config.eventLog() == null
            ? new ResultDispatcher(metrics) : config.eventLog().gate(new ResultDispatcher(metrics));
        final ResultSink pushes = push.sink();
        // The journal is off on a replicated log (docs/REPLICATION.md says why).
        pipeline = new ScoringPipeline(config.pipeline()
            .journalDir(config.eventLog() == null ? config.journalDir() : null)
            // A restart replays from the newest snapshot: opening the journal walks only the records from there.
            .journalVerifyFrom(config.eventLog() == null ?
                io.scoreline.pipeline.SnapshotFile.newestEvents(config.snapshots().dirFor(config.journalDir())) : 0)
            .scratchJournal(config.eventLog() != null) // GAME.md 7: a void re-reads the log's events from a local copy
            .journalConfig(config.journalConfig()), (slot, endOfBatch) ->
            {
                results.onSlot(slot, endOfBatch);
                pushes.onSlot(slot, endOfBatch);
            });
        ingress = new Ingress(pipeline, worker.next(), metrics, config, () -> recoveredEvents, this::takeSnapshot);
        snapshots = pipeline.snapshots(config.snapshots().dirFor(config.journalDir()), config.snapshots().keep(),
            config.journalDir(), config.snapshots().retain());
        metrics.snapshots = snapshots;
        recovery = new Thread(this::recover, "scoreline-recovery");
    }

    /** Push's queries go to the ring through its producer, the worker loop. Any thread. */
    private void publishQuery(final io.scoreline.pipeline.BoardQuery query, final Object context)
    {
        ingress.publishQuery(query, context);
    }

    /** Binds, starts recovering from the journal in the background, and returns. */
    public static ScorerServer start(final ServerConfig config)
    {
        config.validate();
        final ScorerServer server = new ScorerServer(config);
        try
        {
            server.bind();
        }
        catch (final RuntimeException e)
        {
            server.close();
            throw e;
        }
        server.recovery.start();
        server.push.start();
        server.ingress.loop().scheduleAtFixedRate(server.metrics::tick, 1, 1, TimeUnit.SECONDS);
        final long sweep = UnreadAnswers.sweepMillis(config.unreadTimeoutMillis());
        server.ingress.loop().scheduleAtFixedRate(server.ingress.unreadAnswers()::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        final long interval = config.snapshots().intervalSeconds();
        if (interval > 0 && config.eventLog() == null) // a log's node restarts from the log, not a snapshot (yet)
        {
            server.ingress.loop().scheduleAtFixedRate(server::takeSnapshot, interval, interval, TimeUnit.SECONDS);
        }
        return server;
    }

    private void bind()
    {
        serverChannel = Listener.bind(config.host(), config.port(), transport, acceptor, worker,
            new ChannelSetup(config, ingress, metrics, channels, new PushRoute()
            {
                @Override
                public boolean isPushPath(final String uri)
                {
                    return PushService.isPushPath(uri);
                }

                @Override
                public void takeOver(final Channel channel, final io.netty.handler.codec.http.FullHttpRequest request)
                {
                    push.takeOver(channel, request);
                }
            }));
    }

    /** An {@link EventLog}'s way into the ring: tasks run on the worker loop, the ring's producer. */
    private final class Feed implements LogFeed
    {
        @Override
        public void asProducer(final java.util.function.Consumer<ScoringPipeline> task) throws InterruptedException
        {
            try
            {
                ingress.loop().submit(() -> task.accept(pipeline)).get();
            }
            catch (final java.util.concurrent.ExecutionException e)
            {
                throw new IllegalStateException("feeding the ring failed: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void abandon(final Object context, final String message)
        {
            if (context instanceof Connection)
            {
                ((Connection)context).refuseInFlight(message);
            }
        }
    }

    /** Replays the journal as the ring's producer, then hands the role to the worker loop. */
    private void recover()
    {
        try
        {
            config.beforeRecovery().run();
            if (config.eventLog() == null) // a log's node reads the whole log (docs/REPLICATION.md: snapshots not yet)
            {
                pipeline.copyRestoredPlayersTo(push::restoredMove); // push's shard copy of the board, beside the snapshot's load
                snapshotOrdinal = pipeline.restoreNewest(config.snapshots().dirFor(config.journalDir()), config.journalDir());
                pipeline.forEachRestoredPlayer(push::restoredMove); // what the load did not hand on (nothing, as of issue 22)
                final long replayStart = System.nanoTime();
                recoveredEvents = pipeline.recover(config.journalDir(), snapshotOrdinal + 1);
                // A restart's phases, for perf/restart-retained.sh (issue 22 attributes the 5 s there).
                LOG.log(System.Logger.Level.INFO, "recovery: journal replay of " + recoveredEvents + " events in " +
                    (System.nanoTime() - replayStart) / 1_000_000 + " ms");
            }
            settleHeap();
            LOG.log(System.Logger.Level.INFO, NativeHeap.trim()); // what the start alone needed (issue 27)
            ingress.onRecovered(); // volatile write: publishes after this line happen on the worker loop only
            if (config.eventLog() != null)
            {
                config.eventLog().start(new Feed()); // the log's events reach the ring through the worker loop
            }
        }
        catch (final Throwable t)
        {
            recoveryFailure = t;
            LOG.log(System.Logger.Level.ERROR, "recovery failed", t);
        }
        finally
        {
            recoveredLatch.countDown();
        }
    }

    /**
     * One full collection before serving: the preallocated state (hundreds of MiB of primitive
     * arrays) starts in the young generation, and the first young collections under load copied
     * it, pausing 138 and 421 ms (measured at 20k events/s, -Xlog:gc). Collected now, it sits in
     * the old generation, and young collections only see the little garbage of the network layer.
     */
    private static void settleHeap()
    {
        final long start = System.nanoTime();
        System.gc();
        LOG.log(System.Logger.Level.INFO, "heap settled before serving in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Any thread: a snapshot now, through the worker loop (the ring's producer); completes when on disk. */
    java.util.concurrent.CompletableFuture<io.scoreline.pipeline.Snapshots.Taken> takeSnapshot()
    {
        if (!ingress.isRecovered())
        {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("recovering"));
        }
        return snapshots.request(query -> ingress.publishQuery(query, null));
    }

    /** Ordinal of the snapshot the state was restored from at start, -1 for none (a full journal replay). */
    public long snapshotOrdinal()
    {
        return snapshotOrdinal;
    }

    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    public String host()
    {
        return config.host();
    }

    public boolean isRecovered()
    {
        return ingress.isRecovered();
    }

    /** The network side's counters, as /metrics shows them. */
    Metrics metrics()
    {
        return metrics;
    }

    /** The {@code /push} side (perf tools read its shard refresh timings). */
    public PushService push()
    {
        return push;
    }

    /** {@code /push} subscribers closed for staying behind past the bound. */
    long pushClosedLagging()
    {
        return push.closedLagging();
    }

    /** The Netty transport in use: epoll or nio. */
    public TransportKind transport()
    {
        return transport.name;
    }

    /** Events replayed from the journal at start. */
    public long recoveredEvents()
    {
        return recoveredEvents;
    }

    /**
     * Waits until the journal is replayed and the service answers events.
     *
     * @throws TimeoutException if it is not within the timeout.
     * @throws IllegalStateException if recovery failed.
     */
    public void awaitRecovered(final Duration timeout) throws InterruptedException, TimeoutException
    {
        if (!recoveredLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            throw new TimeoutException("not recovered within " + timeout);
        }
        if (recoveryFailure != null)
        {
            throw new IllegalStateException("recovery failed: " + recoveryFailure, recoveryFailure);
        }
    }

    /** {@link #drain()}, for try-with-resources and the tests. */
    @Override
    public void close()
    {
        drain();
    }

    /**
     * The graceful stop (SIGTERM): stops accepting connections and reading from the open ones,
     * publishes what was already read and answers it all, forces the journal, closes WebSockets
     * with 1001 (going away) and the rest of the connections, and closes the pipeline; within
     * {@link #DRAIN_TIMEOUT_MS} for the answers, half that for the WebSockets' closing handshakes
     * and as long again for the rest. Idempotent.
     *
     * @return one line saying what it drained
     */
    public synchronized String drain()
    {
        if (closed)
        {
            return drained;
        }
        closed = true;
        final long start = System.nanoTime();
        if (serverChannel != null)
        {
            serverChannel.close().syncUninterruptibly();
        }
        joinRecovery();
        long inFlight = 0;
        long published = 0;
        long unanswered = 0;
        if (!worker.isShuttingDown())
        {
            push.stop();
            final long ordinalAtStop = onWorker(() ->
            {
                ingress.beginDrain();
                for (final Channel channel : channels)
                {
                    channel.config().setAutoRead(false);
                }
                return pipeline.nextOrdinal();
            });
            inFlight = pipeline.backlog();
            final long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
            while ((pipeline.backlog() > 0 || onWorker(this::connectionsWithPendingInput) > 0) &&
                System.currentTimeMillis() < deadline)
            {
                sleepQuietly();
            }
            if (config.eventLog() != null)
            {
                config.eventLog().close(); // commits and answers what the ring passed, stops reading the log
            }
            unanswered = pipeline.backlog() + onWorker(this::connectionsWithPendingInput);
            published = onWorker(pipeline::nextOrdinal) - ordinalAtStop;
            worker.submit(ingress::stop).syncUninterruptibly();
            // Flush tasks the sink queued before the backlog hit zero run before these.
            worker.submit(() -> {}).syncUninterruptibly();
            pushLoop.submit(() -> {}).syncUninterruptibly();
        }
        final int open = channels.size();
        final int webSockets = closeWebSockets();
        final int others = Math.max(0, open - webSockets);
        channels.close().awaitUninterruptibly(DRAIN_TIMEOUT_MS / 2);
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        pushLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        worker.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        pushLoop.terminationFuture().syncUninterruptibly();
        snapshots.close();
        snapshotAtShutdown();
        pipeline.closeForced();
        drained = "drained in " + (System.nanoTime() - start) / 1_000_000 + " ms: stopped accepting; answered " + inFlight +
            " ring slots in flight and " + published + " events published from what was already read" +
            (unanswered > 0 ? " (" + unanswered + " left unanswered at the deadline)" : "") + "; journal forced at " +
            pipeline.journalBytes() + " bytes; closed " + webSockets + " WebSockets with 1001 and " + others +
            " other connections";
        return drained;
    }

    /** Connections whose read input is not yet published or answered. Worker loop. */
    private long connectionsWithPendingInput()
    {
        long pending = 0;
        for (final Channel channel : channels)
        {
            final ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
            if (handler != null && handler.connection() != null && handler.connection().hasPendingInput())
            {
                pending++;
            }
        }
        return pending;
    }

    /**
     * Sends 1001 (going away) on every WebSocket, /ws and /push alike, and completes the closing
     * handshake: reading resumes (nothing read now is published: the ingress has stopped) so that
     * the client's Close reply reaches Netty's protocol handler, which then closes the channel.
     * Closing the socket at once instead would leave the client's unread frames in our receive
     * buffer, and the kernel would answer them with a reset that can destroy the 1001 (and the
     * last results) before the client reads them. Waits for those closes up to the timeout.
     *
     * @return how many WebSockets were sent 1001
     */
    private int closeWebSockets()
    {
        final List<ChannelFuture> closed = new ArrayList<>();
        for (final Channel channel : channels)
        {
            if (channel.isActive() && channel.pipeline().get(WebSocketFrameEncoder.class) != null)
            {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE));
                channel.config().setAutoRead(true);
                closed.add(channel.closeFuture());
            }
        }
        final long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MS / 2;
        for (final ChannelFuture future : closed)
        {
            future.awaitUninterruptibly(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return closed.size();
    }

    private <T> T onWorker(final java.util.concurrent.Callable<T> task)
    {
        try
        {
            return worker.submit(task).get(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        }
        catch (final java.util.concurrent.ExecutionException | TimeoutException e)
        {
            throw new IllegalStateException("the event loop did not answer while draining", e);
        }
    }

    /**
     * A graceful stop takes a snapshot (unless snapshots are off), so the next start replays
     * nothing. The worker loop has stopped: this thread is the ring's producer now.
     */
    private void snapshotAtShutdown()
    {
        if (config.snapshots().intervalSeconds() == 0 || config.eventLog() != null || !ingress.isRecovered() || recoveryFailure != null)
        {
            return;
        }
        try
        {
            snapshots.take(query -> pipeline.offerQuery(query, null));
        }
        catch (final Exception e)
        {
            LOG.log(System.Logger.Level.WARNING, "snapshot at shutdown failed: " + e);
        }
    }

    private void joinRecovery()
    {
        if (recovery.isAlive())
        {
            try
            {
                recovery.join();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepQuietly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
