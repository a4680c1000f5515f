package io.scoreline.perf.push;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One push-scale run ({@link PushScale}): starts the child scorer, drives the phases with a
 * {@link PushSender}, connects the subscribers and prints the figures.
 */
final class PushScaleRun
{
    static final long HIGHEST = TimeUnit.MINUTES.toNanos(1);
    static final long START_TS = 1_700_000_000_000L;
    static final int BATCH = 50;

    private final int subscribers;
    final int players;
    final long rate;
    final int seconds;
    final int warmup;
    final int senderCount;
    private final String serverCpus;
    private final String serverOpts;
    Process server;
    final AtomicLongArray sentNanos;
    final Recorder pushLatency = new Recorder(1, HIGHEST, 3);
    final Recorder resultLatency = new Recorder(1, HIGHEST, 3);
    final AtomicLong pushes = new AtomicLong();
    final AtomicLong rankPushes = new AtomicLong();
    final AtomicLong results = new AtomicLong();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger subscriberClosed = new AtomicInteger();
    boolean shards;
    int refreshMillis = 1000;
    /** The child's rank rule (issue 25): --rank-exact-top, --rank-step, --rank-max-age-s. */
    int rankExactTop = io.scoreline.push.PushConfig.DEFAULT_RANK_EXACT_TOP;
    double rankStep = io.scoreline.push.PushConfig.DEFAULT_RANK_STEP;
    int rankMaxAgeSeconds = io.scoreline.push.PushConfig.DEFAULT_RANK_MAX_AGE_SECONDS;
    private ShardTruth truth;
    long preloadRate;
    /**
     * The child's class path, null for this JVM's: another build's jars (e.g. an older commit's
     * app/target/lib/*) measured by this build's tool. Its {@code PushScale --serve} must take the
     * arguments given here (an older one reads MAX_PLAYERS REFRESH_MS and ignores the rest).
     */
    String serverClasspath;
    /** Shard mode: times the gateways close and subscribe again after the first snapshot, before phase 2. */
    int resubscribe;
    /** Shard mode: live stream between a snapshot and the next reconnect (the JIT's queue from the last one drains). */
    long reconnectAfterMillis;
    /** Shard mode: the end check (every last push against GET /leaderboard after the stream stops). */
    boolean endCheck = true;
    /** SO_RCVBUF of the shard subscribers, 0 for the OS's autotuning. */
    int clientReceiveBuffer;
    private BufferedReader serverOut;
    /** Shard mode: the last total pushed per player (the client loop's only), and per subscriber counts. */
    private long[] lastTotal;
    private final List<ShardSubscriber> shardSubscribers = new ArrayList<>();

    PushScaleRun(final int subscribers, final int players, final long rate, final int seconds, final int warmup, final int senders,
        final String serverCpus, final String serverOpts)
    {
        this.serverCpus = serverCpus;
        this.serverOpts = serverOpts;
        this.subscribers = subscribers;
        this.players = players;
        this.rate = rate;
        this.seconds = seconds;
        this.warmup = warmup;
        this.senderCount = senders;
        this.sentNanos = new AtomicLongArray(players + 1);
    }

    void run() throws Exception
    {
        final List<String> command = new ArrayList<>();
        if (serverCpus != null)
        {
            command.add("taskset");
            command.add("-c");
            command.add(serverCpus);
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        for (final String option : serverOpts.trim().split("\\s+"))
        {
            if (!option.isEmpty())
            {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(serverClasspath != null ? serverClasspath : System.getProperty("java.class.path"));
        command.add(PushScale.class.getName());
        command.add("--serve");
        command.add(Integer.toString(shards ? players + 1 : 1_000_000));
        command.add(Integer.toString(refreshMillis));
        command.add(Integer.toString(rankExactTop));
        command.add(Double.toString(rankStep));
        command.add(Integer.toString(rankMaxAgeSeconds));
        server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        EventLoopGroup group = null;
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            serverOut = out;
            String line;
            int port = -1;
            while ((line = out.readLine()) != null)
            {
                if (line.startsWith("port="))
                {
                    port = Integer.parseInt(line.substring(5));
                    break;
                }
            }
            if (port < 0)
            {
                throw new IllegalStateException("the server child did not start");
            }
            System.out.printf("push scale: %d subscribers, %d players, %d events/s, %d s per phase (+%d s warm-up), %d cores here, server cpus %s%n",
                subscribers, players, rate, seconds, warmup, Runtime.getRuntime().availableProcessors(),
                serverCpus == null ? "shared" : serverCpus);
            final PushSender sender = new PushSender(this, port);
            if (shards)
            {
                System.out.printf("gateway parse warmed up (%d)%n", ShardSubscriber.warmUp());
                group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
                warmUpGateway(group);
                sender.preload();
            }
            sender.start();

            final Phase without = sender.measure("without subscribers");
            if (group == null)
            {
                group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            }
            final long connectStart = System.nanoTime();
            if (shards)
            {
                connectShardSubscribers(group, port);
                for (int again = 0; again < resubscribe; again++)
                {
                    // A gateway's reconnect: the same subscriptions on new connections, to a service that has sent snapshots before.
                    serverSays();
                    Thread.sleep(reconnectAfterMillis);
                    for (final ShardSubscriber sub : shardSubscribers)
                    {
                        sub.leaving = true;
                        sub.channel.close().syncUninterruptibly();
                    }
                    shardSubscribers.clear();
                    subscribed.set(0);
                    Thread.sleep(500); // the service drops the old subscriptions
                    System.out.printf("reconnect %d:%n", again + 1);
                    connectShardSubscribers(group, port);
                }
                serverSays(); // from here on, the server's timings are phase 2's
            }
            else
            {
                connectSubscribers(group, port);
            }
            System.out.printf("connected and subscribed %d /push clients in %.1f s%n",
                subscribed.get(), (System.nanoTime() - connectStart) / 1e9);
            pushes.set(0);
            rankPushes.set(0);
            final long[][] before = shardCounts();
            final Phase with = sender.measure("with " + subscribed.get() + " subscribers");
            final long[][] after = shardCounts();
            sender.stop();
            final long stopped = System.nanoTime();
            if (shards)
            {
                if (endCheck)
                {
                    truth.check(port, stopped, TimeUnit.SECONDS.toMillis(rankMaxAgeSeconds));
                }
                System.out.println();
                System.out.println("server, phase 2:");
                serverSays();
                for (int i = 0; i < shardSubscribers.size(); i++)
                {
                    final ShardSubscriber sub = shardSubscribers.get(i);
                    final double secs = (after[i][3] - before[i][3]) / 1e9;
                    System.out.printf("shard %d of %d: snapshot %d players in %d ms; phase 2: %.0f lines/s (%.0f event pushes/s, " +
                        "%.0f rank refreshes/s), %.2f MB/s%n", sub.shard, shardSubscribers.size(), sub.snapshotPlayers,
                        sub.snapshotNanos / 1_000_000, (after[i][0] - before[i][0]) / secs, (after[i][1] - before[i][1]) / secs,
                        (after[i][0] - before[i][0] - after[i][1] + before[i][1]) / secs, (after[i][2] - before[i][2]) / secs / 1e6);
                }
            }

            System.out.println();
            System.out.println(without.summary());
            System.out.println(with.summary());
            System.out.printf("push latency (event written -> push of its new total read): %s%n", with.pushes);
            System.out.printf("push latency distribution (us): %s%n", with.pushPercentiles);
            System.out.printf("pushes/s=%.0f (rank refreshes %.0f/s) subscribers_closed=%d%n", with.pushesPerSecond,
                with.rankPushesPerSecond, subscriberClosed.get());
        }
        finally
        {
            if (group != null)
            {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS))
            {
                server.destroyForcibly();
            }
        }
    }

    /** Asks the child for its shard timings and prints them. */
    private void serverSays() throws IOException
    {
        server.getOutputStream().write("shards\n".getBytes(StandardCharsets.US_ASCII));
        server.getOutputStream().flush();
        for (String line; (line = serverOut.readLine()) != null && !"end".equals(line); )
        {
            System.out.println("  " + line);
        }
    }

    /** Per shard subscriber: lines, event pushes, bytes, and when. */
    private long[][] shardCounts()
    {
        final long[][] counts = new long[shardSubscribers.size()][];
        final long now = System.nanoTime();
        for (int i = 0; i < counts.length; i++)
        {
            final ShardSubscriber sub = shardSubscribers.get(i);
            counts[i] = new long[]{sub.lines.get(), sub.eventPushes.get(), sub.bytes.get(), now};
        }
        return counts;
    }

    /** Shard mode: one connection per shard 0..N-1 of N, all subscribing at once; returns when every snapshot is in. */
    private void connectShardSubscribers(final EventLoopGroup group, final int port) throws Exception
    {
        lastTotal = new long[players + 1];
        truth = new ShardTruth(players);
        java.util.Arrays.fill(lastTotal, Long.MIN_VALUE);
        final URI uri = URI.create("ws://127.0.0.1:" + port + "/push");
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        if (clientReceiveBuffer > 0)
        {
            bootstrap.option(ChannelOption.SO_RCVBUF, clientReceiveBuffer);
        }
        final Map<String, Long> serverBefore = ThreadTicks.of(server.pid());
        final Map<String, Long> ownBefore = ThreadTicks.of(ProcessHandle.current().pid());
        final Map<String, Long> serverFaultsBefore = ThreadTicks.faults(server.pid());
        final long connectStart = System.nanoTime();
        for (int shard = 0; shard < subscribers; shard++)
        {
            final ShardSubscriber sub = new ShardSubscriber(shard, subscribers);
            shardSubscribers.add(sub);
            connectGateway(bootstrap, uri, port, sub);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (shardSubscribers.stream().anyMatch(s -> s.snapshotNanos == 0) && subscriberClosed.get() == 0 &&
            System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        final long elapsed = System.nanoTime() - connectStart;
        final Map<String, Long> serverAfter = ThreadTicks.of(server.pid());
        final Map<String, Long> ownAfter = ThreadTicks.of(ProcessHandle.current().pid());
        final Map<String, Long> serverFaultsAfter = ThreadTicks.faults(server.pid());
        System.out.printf("snapshots read in %s ms (subscribe sent -> marker read), %.2f s from the first connect;%n",
            shardSubscribers.stream().map(s -> Long.toString(s.snapshotNanos / 1_000_000)).collect(java.util.stream.Collectors.joining(", ")),
            elapsed / 1e9);
        System.out.println("  CPU s meanwhile, service threads: " + ThreadTicks.since(serverBefore, serverAfter));
        System.out.println("  CPU s meanwhile, PushScale threads: " + ThreadTicks.since(ownBefore, ownAfter));
        System.out.println("  minor page faults meanwhile (thousands), service threads: " + ThreadTicks.faultsSince(serverFaultsBefore, serverFaultsAfter));
        System.out.printf("  first frame read %s ms after the subscribe; %s MB read per gateway%n",
            shardSubscribers.stream().map(s -> Long.toString(s.firstReadNanos / 1_000_000)).collect(java.util.stream.Collectors.joining(", ")),
            shardSubscribers.stream().map(s -> String.format("%.1f", s.bytes.get() / 1e6)).collect(java.util.stream.Collectors.joining(", ")));
    }

    private static void connectGateway(final Bootstrap bootstrap, final URI uri, final int port, final ShardSubscriber sub)
    {
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>()
        {
            @Override
            protected void initChannel(final SocketChannel ch)
            {
                // No UTF-8 validation of text frames (on by default in Netty): one more pass over every byte
                // (124 MB for the 4 snapshots) on the gateways' one thread; the lines are ASCII.
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                    new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                        .version(WebSocketVersion.V13).maxFramePayloadLength(1 << 20).withUTF8Validator(false).build()),
                    sub);
            }
        }).connect("127.0.0.1", port);
    }

    /**
     * Runs a gateway's whole read path (the loop's socket reads, the WebSocket client decoder, the
     * line parse) before the service's first snapshot, against a loopback server of this JVM that
     * answers the subscribe with {@link GatewayWarmUp#FRAMES} frames of lines: a gateway a service
     * reconnects is a long-running process, so its JIT must not be what the first snapshot measures.
     */
    private void warmUpGateway(final EventLoopGroup group) throws Exception
    {
        lastTotal = new long[players + 1];
        truth = new ShardTruth(players);
        final long start = System.nanoTime();
        final io.netty.channel.Channel listener = GatewayWarmUp.listen(group, players);
        final int port = ((java.net.InetSocketAddress)listener.localAddress()).getPort();
        final ShardSubscriber sub = new ShardSubscriber(0, 1);
        connectGateway(new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true),
            URI.create("ws://127.0.0.1:" + port + "/push"), port, sub);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sub.snapshotNanos == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        sub.leaving = true;
        if (sub.channel != null)
        {
            sub.channel.close().syncUninterruptibly();
        }
        listener.close().syncUninterruptibly();
        subscribed.set(0);
        System.out.printf("gateway read path warmed up: %d lines, %.0f MB in %.2f s%n", sub.lines.get(), sub.bytes.get() / 1e6,
            (System.nanoTime() - start) / 1e9);
    }

    /**
     * A gateway: subscribes to its shard, reads the snapshot up to its marker (timed from the
     * subscribe), then times each push of a new total against the player's latest event.
     */
    private final class ShardSubscriber extends SimpleChannelInboundHandler<Object>
    {
        private static final int PLAYER_AT = "{\"push\":\"player\",\"player\":".length();
        private static final int TOTAL_SKIP = ",\"total\":".length();
        private static final int RANK_SKIP = ",\"rank\":".length();
        final int shard;
        final int of;
        final AtomicLong lines = new AtomicLong();
        final AtomicLong eventPushes = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        private long subscribedNanos;
        volatile io.netty.channel.Channel channel;
        /** Closed by the run (a reconnect), not by the service. */
        volatile boolean leaving;
        volatile long snapshotNanos;
        /** Subscribe sent -> first frame read. */
        volatile long firstReadNanos;
        /** The frame being parsed (the client loop's). */
        private byte[] text = new byte[64 * 1024];
        /** The line being parsed: player, total, rank. */
        private final long[] line = new long[3];
        long snapshotPlayers;

        ShardSubscriber(final int shard, final int of)
        {
            this.shard = shard;
            this.of = of;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
        {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                subscribedNanos = System.nanoTime();
                channel = ctx.channel();
                ctx.writeAndFlush(new TextWebSocketFrame("{\"subscribe\":\"players\",\"shard\":" + shard + ",\"of\":" + of + "}"));
                subscribed.incrementAndGet();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final Object msg)
        {
            if (!(msg instanceof TextWebSocketFrame))
            {
                if (msg instanceof CloseWebSocketFrame && !leaving)
                {
                    subscriberClosed.incrementAndGet();
                }
                return;
            }
            if (leaving)
            {
                return;
            }
            final long now = System.nanoTime();
            final ByteBuf content = ((TextWebSocketFrame)msg).content();
            final int end = content.readableBytes();
            if (bytes.getAndAdd(end) == 0)
            {
                firstReadNanos = Math.max(1, now - subscribedNanos);
            }
            // One copy into an array, then plain array reads: a ByteBuf.getByte per byte (bounds and
            // reference checks each) made this loop the gateway's largest cost during a snapshot.
            if (text.length < end)
            {
                text = new byte[Math.max(end, text.length * 2)];
            }
            content.getBytes(content.readerIndex(), text, 0, end);
            int lineStart = 0;
            for (int i = 0; i < end; i++)
            {
                if (text[i] != '\n')
                {
                    continue;
                }
                final int from = lineStart;
                lineStart = i + 1;
                if (text[from + 9] == 's') // {"push":"snapshot",...}
                {
                    snapshotPlayers = lines.get();
                    snapshotNanos = Math.max(1, now - subscribedNanos);
                    continue;
                }
                lines.incrementAndGet();
                parseLine(text, from, line);
                final long player = line[0];
                final long total = line[1];
                final int rank = (int)line[2];
                truth.pushed((int)player, total, rank);
                if (player % of != shard)
                {
                    throw new IllegalStateException("shard " + shard + " of " + of + " got player " + player);
                }
                final long previous = lastTotal[(int)player];
                lastTotal[(int)player] = total;
                if (snapshotNanos == 0 || total == previous)
                {
                    continue; // the snapshot, or a rank refresh
                }
                eventPushes.incrementAndGet();
                pushes.incrementAndGet();
                final long sent = sentNanos.get((int)player);
                if (sent != 0)
                {
                    pushLatency.recordValue(Math.max(1, Math.min(HIGHEST, now - sent)));
                }
            }
        }

        /** One {"push":"player",...} line from {@code from}: player, total and rank into {@code out}. */
        static void parseLine(final byte[] text, final int from, final long[] out)
        {
            int j = from + PLAYER_AT;
            long player = 0;
            for (byte b; (b = text[j]) != ','; j++)
            {
                player = player * 10 + (b - '0');
            }
            j += TOTAL_SKIP;
            final boolean negative = text[j] == '-';
            if (negative)
            {
                j++;
            }
            long total = 0;
            for (byte b; (b = text[j]) != ','; j++)
            {
                total = total * 10 + (b - '0');
            }
            j += RANK_SKIP;
            long rank = 0;
            for (byte b; (b = text[j]) != '}'; j++)
            {
                rank = rank * 10 + (b - '0');
            }
            out[0] = player;
            out[1] = negative ? -total : total;
            out[2] = rank;
        }

        /**
         * Parses a million synthetic lines before any subscribes, so that the first snapshot is not
         * read by interpreted code (the gateway a service reconnects is a long-running one).
         *
         * @return a sum of what was parsed, so that the work is not dead.
         */
        static long warmUp()
        {
            final StringBuilder frame = new StringBuilder();
            for (int i = 1; i <= 500; i++)
            {
                frame.append("{\"push\":\"player\",\"player\":").append(i * 4001L).append(",\"total\":").append(i * 37L)
                    .append(",\"rank\":").append(i * 3989).append("}\n");
            }
            final byte[] text = frame.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final long[] out = new long[3];
            long sum = 0;
            for (int round = 0; round < 2000; round++)
            {
                int lineStart = 0;
                for (int i = 0; i < text.length; i++)
                {
                    if (text[i] == '\n')
                    {
                        parseLine(text, lineStart, out);
                        sum += out[0] + out[1] + out[2];
                        lineStart = i + 1;
                    }
                }
            }
            return sum;
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            if (!leaving)
            {
                subscriberClosed.incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            cause.printStackTrace();
            ctx.close();
        }
    }

    private void connectSubscribers(final EventLoopGroup group, final int port) throws Exception
    {
        final URI uri = URI.create("ws://127.0.0.1:" + port + "/push");
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        final int step = 500;
        for (int from = 0; from < subscribers; from += step)
        {
            final int to = Math.min(subscribers, from + step);
            for (int i = from; i < to; i++)
            {
                final long player = i + 1;
                bootstrap.clone().handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                            new Subscriber(player));
                    }
                }).connect("127.0.0.1", port);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (subscribed.get() + subscriberClosed.get() < to && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
        }
        Thread.sleep(1000); // let the last subscriptions travel the ring
    }

    /** One /push client: subscribes to its player, times each push of a new total against that player's latest event. */
    private final class Subscriber extends SimpleChannelInboundHandler<Object>
    {
        private final long player;
        private long lastTotal = Long.MIN_VALUE;

        Subscriber(final long player)
        {
            this.player = player;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
        {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"subscribe\":\"player\",\"player\":" + player + "}"));
                subscribed.incrementAndGet();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof TextWebSocketFrame)
            {
                final long now = System.nanoTime();
                final ByteBuf text = ((TextWebSocketFrame)msg).content();
                // Each line is {"push":"player","player":ID,"total":T,"rank":R}; only our player is pushed here.
                // A push with a new total answers an event of the player: timed against the latest event
                // sent for it. A push with the same total is a rank refresh (once a second, no event):
                // counted, not timed (timing it against the last event would measure the event rate).
                int lineStart = text.readerIndex();
                for (int i = text.readerIndex(); i < text.writerIndex(); i++)
                {
                    if (text.getByte(i) == '\n')
                    {
                        pushes.incrementAndGet();
                        final long total = totalOf(text, lineStart, i);
                        lineStart = i + 1;
                        if (total == lastTotal)
                        {
                            rankPushes.incrementAndGet();
                            continue;
                        }
                        lastTotal = total;
                        final long sent = sentNanos.get((int)player);
                        if (sent != 0)
                        {
                            pushLatency.recordValue(Math.max(1, Math.min(HIGHEST, now - sent)));
                        }
                    }
                }
            }
            else if (msg instanceof CloseWebSocketFrame)
            {
                subscriberClosed.incrementAndGet();
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            subscriberClosed.incrementAndGet();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }

    final class Phase
    {
        final String name;
        final double ackedPerSecond;
        final double pushesPerSecond;
        double rankPushesPerSecond;
        final double serverCores;
        /** This JVM's CPU (sender, result readers, subscribers), in cores. */
        double clientCores;
        final Histogram result;
        final String pushes;
        final String pushPercentiles;

        Phase(final String name, final double ackedPerSecond, final double pushesPerSecond, final double serverCores,
            final Histogram result, final Histogram push)
        {
            this.serverCores = serverCores;
            this.name = name;
            this.ackedPerSecond = ackedPerSecond;
            this.pushesPerSecond = pushesPerSecond;
            this.result = result;
            this.pushes = push.getTotalCount() == 0 ? "none" : describe(push);
            final StringBuilder p = new StringBuilder();
            for (final double q : new double[]{50, 90, 99, 99.9, 99.99, 100})
            {
                p.append(" p").append(q).append('=').append(push.getValueAtPercentile(q) / 1000);
            }
            this.pushPercentiles = p.toString().trim();
        }

        String summary()
        {
            return String.format("%-28s acked/s=%.0f server_cpu=%.2f client_cpu=%.2f cores result latency %s", name + ":",
                ackedPerSecond, serverCores, clientCores, describe(result));
        }
    }

    /** The number after "total": in the line [from, to), or Long.MIN_VALUE. */
    private static long totalOf(final ByteBuf text, final int from, final int to)
    {
        for (int i = from + 1; i + 8 < to; i++)
        {
            if (text.getByte(i) == 't' && text.getByte(i + 5) == '"' && text.getByte(i + 6) == ':' &&
                text.getByte(i - 1) == '"' && text.getByte(i + 1) == 'o')
            {
                long value = 0;
                boolean negative = false;
                int j = i + 7;
                if (text.getByte(j) == '-')
                {
                    negative = true;
                    j++;
                }
                for (; j < to && text.getByte(j) >= '0' && text.getByte(j) <= '9'; j++)
                {
                    value = value * 10 + (text.getByte(j) - '0');
                }
                return negative ? -value : value;
            }
        }
        return Long.MIN_VALUE;
    }

    /** User + system CPU ticks (1/100 s) of a process, from /proc (0 where there is none). */
    static long cpuTicks(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of the line
        }
        catch (final IOException | RuntimeException e)
        {
            return 0;
        }
    }

    static String describe(final Histogram h)
    {
        return String.format("n=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d", h.getTotalCount(),
            h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000,
            h.getValueAtPercentile(99.9) / 1000, h.getMaxValue() / 1000);
    }

}
