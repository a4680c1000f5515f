package io.scoreline.perf.push;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.scoreline.ingest.ScorerServer;
import io.scoreline.perf.CpuList;
import io.scoreline.ingest.ServerConfig;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * Push at scale (perf/PUSH.md), {@code bin/scorer push-scale}: a scorer in a child JVM (so neither
 * process needs 20,000 file descriptors), a paced sender of {@code clue_solved} events over /ws,
 * and thousands of /push subscribers, one player each, on one Netty client loop.
 *
 * <pre>
 *   push-scale [--subscribers 10000] [--players 20000] [--rate 50000] [--seconds 15] [--warmup 3] [--senders 4]
 *              [--server-cpus LIST]   (the child runs under taskset -c LIST; run this JVM on other cores: --cpus)
 *              [--server-opts "JVM OPTIONS"]   (the child's only, e.g. -XX:StartFlightRecording=...)
 *   push-scale --shards 4 --players 2000000 [--rank-refresh-ms 1000] [--preload-rate 100000] [--client-rcvbuf BYTES] ...
 *                                 (shard mode, issue 13: every player loaded first, then N shard subscribers)
 *   PushScale --serve MAX_PLAYERS REFRESH_MS   (main: the child, started by the run itself)
 *                                 (prints "port=N", serves until its stdin closes; a line
 *                                  "shards" on stdin prints its shard refresh and snapshot timings)
 * </pre>
 *
 * Shard mode: every player gets one {@code prediction_won} first (stake 1..20,000 at odds 100, so
 * totals spread evenly over 1..20,000), then phase 1 runs without subscribers, then {@code --shards}
 * connections subscribe to shards 0..N-1 of N at once (snapshot time = subscribe sent -> its
 * snapshot marker read), then phase 2. A push whose total differs from the last one seen for the
 * player answers an event (timed against the player's latest event sent); one with the same
 * total is a rank refresh (counted).
 *
 * Phase 1 scores the load with no subscriber, phase 2 with all subscribers connected. Push
 * latency is from the moment the sender wrote the player's latest event to the moment a push of a
 * new total for that player arrived (players get an event every {@code players / rate} s on
 * average, so the latest one sent is the one pushed but for rare close pairs, which then read a
 * little low). Rank refreshes (same total, once a second) are counted but not timed.
 */
@Command(name = "push-scale", description = {
    "Push at scale (perf/PUSH.md): a scorer in a child JVM, a paced sender over /ws and thousands of /push subscribers;",
    "result and push latency without, then with, the subscribers."})
public final class PushScale implements Callable<Integer>
{
    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(1);
    private static final long START_TS = 1_700_000_000_000L;
    private static final int BATCH = 50;

    @Option(names = "--subscribers", paramLabel = "N", description = "/push subscribers, one player each (default: ${DEFAULT-VALUE})")
    private int subscribers = 10_000;

    @Option(names = "--players", paramLabel = "N", description = "players the sender scores (default: ${DEFAULT-VALUE})")
    private int players = 20_000;

    @Option(names = "--rate", paramLabel = "R", description = "events a second (default: ${DEFAULT-VALUE})")
    private long rate = 50_000;

    @Option(names = "--seconds", paramLabel = "S", description = "seconds of each phase (default: ${DEFAULT-VALUE})")
    private int seconds = 15;

    @Option(names = "--warmup", paramLabel = "S", description = "warm-up seconds before the first phase (default: ${DEFAULT-VALUE})")
    private int warmup = 3;

    @Option(names = "--senders", paramLabel = "N", description = "/ws connections of the sender (default: ${DEFAULT-VALUE})")
    private int senders = 4;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "run the child scorer under taskset -c LIST")
    private String serverCpus;

    @Option(names = "--server-opts", paramLabel = "JVM_OPTIONS", description = "extra JVM options of the child only, e.g. -XX:StartFlightRecording=...")
    private String serverOpts = "";

    @Option(names = "--shards", paramLabel = "N", description = "shard mode: N shard subscribers instead of --subscribers (default: ${DEFAULT-VALUE}: off)")
    private int shards;

    @Option(names = "--rank-refresh-ms", paramLabel = "MS", description = "the child's --rank-refresh-ms (default: ${DEFAULT-VALUE})")
    private int refreshMillis = 1000;

    @Option(names = "--preload-rate", paramLabel = "R", description = "shard mode: events a second of the preload (default: ${DEFAULT-VALUE})")
    private long preloadRate = 100_000;

    @Option(names = "--client-rcvbuf", paramLabel = "BYTES", description = "SO_RCVBUF of the shard subscribers (default: ${DEFAULT-VALUE}: the OS's autotuning)")
    private int clientReceiveBuffer;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run this JVM on these CPUs (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    /** The child scorer ({@code --serve MAX_PLAYERS REFRESH_MS}), started by {@link Driver#run()}. */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 3 || !"--serve".equals(args[0]))
        {
            throw new IllegalArgumentException("usage: PushScale --serve MAX_PLAYERS REFRESH_MS (the run is bin/scorer push-scale)");
        }
        serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }

    @Override
    public Integer call() throws Exception
    {
        CpuList.warnUnlessConfined(cpus);
        if (subscribers > players)
        {
            throw new IllegalArgumentException("subscribers must be <= players");
        }
        final Driver driver = new Driver(shards > 0 ? shards : subscribers, players, rate, seconds, warmup, senders, serverCpus, serverOpts);
        driver.shards = shards > 0;
        driver.refreshMillis = refreshMillis;
        driver.preloadRate = preloadRate;
        driver.clientReceiveBuffer = clientReceiveBuffer;
        driver.run();
        return 0;
    }

    /** The child: a scorer with room for the subscribers, until stdin closes. */
    private static void serve(final int maxPlayers, final int refreshMillis) throws Exception
    {
        final Path journal = Files.createTempDirectory("push-scale-journal");
        try (ScorerServer server = ScorerServer.start(new ServerConfig()
            .port(0).journalDir(journal).maxPlayers(maxPlayers).maxConnections(30_000).rankRefreshMillis(refreshMillis)))
        {
            server.awaitRecovered(java.time.Duration.ofSeconds(30));
            System.out.println("port=" + server.port());
            System.out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; )
            {
                if ("shards".equals(line))
                {
                    // Each since the last "shards": the refresh passes and the snapshots, server side.
                    final Histogram passes = server.push().shardPassTimes();
                    final Histogram snapshots = server.push().shardSnapshotTimes();
                    final Histogram ranks = server.push().shardRankTimes();
                    final Histogram live = server.push().shardLiveTimes();
                    System.out.println("refresh passes (rank all, compare, queue) " + Driver.describe(passes));
                    System.out.println("  of which ranking the copy (holds live pushes back) " + Driver.describe(ranks));
                    System.out.println("snapshots queued (server side) " + Driver.describe(snapshots));
                    System.out.println("event pushes, server side (event received -> line handed to Netty) " + Driver.describe(live));
                    System.out.println("end");
                    System.out.flush();
                }
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(journal))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final class Driver
    {
        private final int subscribers;
        private final int players;
        private final long rate;
        private final int seconds;
        private final int warmup;
        private final int senderCount;
        private final String serverCpus;
        private final String serverOpts;
        private Process server;
        private final AtomicLongArray sentNanos;
        private final Recorder pushLatency = new Recorder(1, HIGHEST, 3);
        private final Recorder resultLatency = new Recorder(1, HIGHEST, 3);
        private final AtomicLong pushes = new AtomicLong();
        private final AtomicLong rankPushes = new AtomicLong();
        private final AtomicLong results = new AtomicLong();
        private final AtomicInteger subscribed = new AtomicInteger();
        private final AtomicInteger subscriberClosed = new AtomicInteger();
        boolean shards;
        int refreshMillis = 1000;
        long preloadRate;
        /** SO_RCVBUF of the shard subscribers, 0 for the OS's autotuning. */
        int clientReceiveBuffer;
        private BufferedReader serverOut;
        /** Shard mode: the last total pushed per player (the client loop's only), and per subscriber counts. */
        private long[] lastTotal;
        private final List<ShardSubscriber> shardSubscribers = new ArrayList<>();

        Driver(final int subscribers, final int players, final long rate, final int seconds, final int warmup, final int senders,
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
            command.add(System.getProperty("java.class.path"));
            command.add(PushScale.class.getName());
            command.add("--serve");
            command.add(Integer.toString(shards ? players + 1 : 1_000_000));
            command.add(Integer.toString(refreshMillis));
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
                final Sender sender = new Sender(port);
                if (shards)
                {
                    sender.preload();
                }
                sender.start();

                final Phase without = sender.measure("without subscribers");
                group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
                final long connectStart = System.nanoTime();
                if (shards)
                {
                    connectShardSubscribers(group, port);
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
                if (shards)
                {
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
            java.util.Arrays.fill(lastTotal, Long.MIN_VALUE);
            final URI uri = URI.create("ws://127.0.0.1:" + port + "/push");
            final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
            if (clientReceiveBuffer > 0)
            {
                bootstrap.option(ChannelOption.SO_RCVBUF, clientReceiveBuffer);
            }
            for (int shard = 0; shard < subscribers; shard++)
            {
                final ShardSubscriber sub = new ShardSubscriber(shard, subscribers);
                shardSubscribers.add(sub);
                bootstrap.clone().handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                            sub);
                    }
                }).connect("127.0.0.1", port);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (shardSubscribers.stream().anyMatch(s -> s.snapshotNanos == 0) && subscriberClosed.get() == 0 &&
                System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
        }

        /**
         * A gateway: subscribes to its shard, reads the snapshot up to its marker (timed from the
         * subscribe), then times each push of a new total against the player's latest event.
         */
        private final class ShardSubscriber extends SimpleChannelInboundHandler<Object>
        {
            private static final int PLAYER_AT = "{\"push\":\"player\",\"player\":".length();
            private static final int TOTAL_SKIP = ",\"total\":".length();
            final int shard;
            final int of;
            final AtomicLong lines = new AtomicLong();
            final AtomicLong eventPushes = new AtomicLong();
            final AtomicLong bytes = new AtomicLong();
            private long subscribedNanos;
            volatile long snapshotNanos;
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
                    if (msg instanceof CloseWebSocketFrame)
                    {
                        subscriberClosed.incrementAndGet();
                    }
                    return;
                }
                final long now = System.nanoTime();
                final ByteBuf text = ((TextWebSocketFrame)msg).content();
                bytes.addAndGet(text.readableBytes());
                int lineStart = text.readerIndex();
                final int end = text.writerIndex();
                for (int i = lineStart; i < end; i++)
                {
                    if (text.getByte(i) != '\n')
                    {
                        continue;
                    }
                    final int from = lineStart;
                    lineStart = i + 1;
                    if (text.getByte(from + 9) == 's') // {"push":"snapshot",...}
                    {
                        snapshotPlayers = lines.get();
                        snapshotNanos = Math.max(1, now - subscribedNanos);
                        continue;
                    }
                    lines.incrementAndGet();
                    int j = from + PLAYER_AT;
                    long player = 0;
                    for (byte b; (b = text.getByte(j)) != ','; j++)
                    {
                        player = player * 10 + (b - '0');
                    }
                    j += TOTAL_SKIP;
                    final boolean negative = text.getByte(j) == '-';
                    if (negative)
                    {
                        j++;
                    }
                    long total = 0;
                    for (byte b; (b = text.getByte(j)) != ','; j++)
                    {
                        total = total * 10 + (b - '0');
                    }
                    total = negative ? -total : total;
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

            @Override
            public void channelInactive(final ChannelHandlerContext ctx)
            {
                subscriberClosed.incrementAndGet();
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

        private final class Phase
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
        private static long cpuTicks(final long pid)
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

        /** Paced open-loop sender over a few /ws connections; results timed against their send time. */
        private final class Sender
        {
            private final Link[] links;
            private final SplittableRandom random = new SplittableRandom(42);
            private final long[] seq;
            private volatile boolean running = true;
            private boolean preloaded;
            private Thread thread;

            Sender(final int port) throws IOException
            {
                links = new Link[senderCount];
                for (int i = 0; i < senderCount; i++)
                {
                    links[i] = new Link(port);
                }
                seq = new long[players + 1];
            }

            /**
             * Every player's first event, paced at the preload rate: a prediction paying its stake
             * (1..20,000, odds 100), so that totals spread evenly. Returns when every result is in.
             */
            void preload() throws Exception
            {
                for (final Link link : links)
                {
                    link.reader.start();
                }
                final long start = System.nanoTime();
                final StringBuilder frame = new StringBuilder(BATCH * 160);
                int next = 0;
                for (int player = 1; player <= players; )
                {
                    final long due = (System.nanoTime() - start) * preloadRate / 1_000_000_000L;
                    if (player - 1 + BATCH > due)
                    {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                        continue;
                    }
                    frame.setLength(0);
                    for (int i = 0; i < BATCH && player <= players; i++, player++)
                    {
                        seq[player] = 1;
                        frame.append("{\"type\":\"prediction_won\",\"seq\":1,\"ts\":").append(START_TS + 86_400_000L)
                            .append(",\"player\":").append(player).append(",\"team\":").append(player % 1000)
                            .append(",\"stake\":").append(1 + random.nextInt(20_000)).append(",\"odds\":100}\n");
                    }
                    links[next].send(frame.toString().getBytes(StandardCharsets.US_ASCII), System.nanoTime());
                    next = (next + 1) % links.length;
                }
                final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (results.get() < players && System.nanoTime() < deadline)
                {
                    Thread.sleep(10);
                }
                System.out.printf("preloaded %d players in %.1f s%n", results.get(), (System.nanoTime() - start) / 1e9);
                preloaded = true;
            }

            void start()
            {
                if (!preloaded)
                {
                    for (final Link link : links)
                    {
                        link.reader.start();
                    }
                }
                thread = new Thread(this::send, "push-scale-sender");
                thread.start();
            }

            void stop() throws Exception
            {
                running = false;
                thread.join();
                for (final Link link : links)
                {
                    link.socket.close();
                }
            }

            Phase measure(final String name) throws InterruptedException
            {
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                pushLatency.reset();
                resultLatency.reset();
                final long pushes0 = pushes.get();
                final long rank0 = rankPushes.get();
                final long results0 = results.get();
                final long ticks0 = cpuTicks(server.pid());
                final long ownTicks0 = cpuTicks(ProcessHandle.current().pid());
                final long start = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                final double elapsed = (System.nanoTime() - start) / 1e9;
                final long ticks = cpuTicks(server.pid()) - ticks0;
                final long ownTicks = cpuTicks(ProcessHandle.current().pid()) - ownTicks0;
                final Histogram result = resultLatency.getIntervalHistogram();
                final Histogram push = pushLatency.getIntervalHistogram();
                final Phase phase = new Phase(name, (results.get() - results0) / elapsed, (pushes.get() - pushes0) / elapsed,
                    ticks / 100.0 / elapsed, result, push);
                phase.rankPushesPerSecond = (rankPushes.get() - rank0) / elapsed;
                phase.clientCores = ownTicks / 100.0 / elapsed;
                return phase;
            }

            private void send()
            {
                final long start = System.nanoTime();
                long sent = 0;
                int next = 0;
                final StringBuilder frame = new StringBuilder(BATCH * 160);
                final int[] batchPlayers = new int[BATCH];
                while (running)
                {
                    final long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                    if (sent + BATCH > due)
                    {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                        continue;
                    }
                    frame.setLength(0);
                    for (int i = 0; i < BATCH; i++)
                    {
                        final int player = 1 + random.nextInt(players);
                        final long s = ++seq[player];
                        batchPlayers[i] = player;
                        frame.append("{\"type\":\"clue_solved\",\"seq\":").append(s)
                            .append(",\"ts\":").append(START_TS + s * 86_400_000L)
                            .append(",\"player\":").append(player).append(",\"team\":").append(player % 1000)
                            .append(",\"clue\":").append(s).append(",\"solveMs\":").append(random.nextInt(120_000))
                            .append(",\"hints\":0}\n");
                    }
                    final Link link = links[next];
                    next = (next + 1) % links.length;
                    final long now = System.nanoTime();
                    for (int i = 0; i < BATCH; i++)
                    {
                        sentNanos.lazySet(batchPlayers[i], now);
                    }
                    try
                    {
                        link.send(frame.toString().getBytes(StandardCharsets.US_ASCII), now);
                    }
                    catch (final IOException e)
                    {
                        if (running)
                        {
                            e.printStackTrace();
                        }
                        return;
                    }
                    sent += BATCH;
                }
            }
        }

        /** One /ws connection: frames out, results in (in order), each batch timed from its write. */
        private final class Link
        {
            final Socket socket;
            private final OutputStream out;
            private final DataInputStream in;
            private final ArrayBlockingQueue<Long> batches = new ArrayBlockingQueue<>(1 << 16);
            final Thread reader;

            Link(final int port) throws IOException
            {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                in = new DataInputStream(socket.getInputStream());
                out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n"))
                {
                    head.append((char)in.readUnsignedByte());
                }
                if (!head.toString().startsWith("HTTP/1.1 101"))
                {
                    throw new IOException("handshake refused: " + head);
                }
                reader = new Thread(this::read, "push-scale-results");
                reader.setDaemon(true);
            }

            void send(final byte[] payload, final long now) throws IOException
            {
                batches.add(now);
                final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
                frame.write(0x81);
                if (payload.length < 126)
                {
                    frame.write(0x80 | payload.length);
                }
                else
                {
                    frame.write(0x80 | 126);
                    frame.write(payload.length >>> 8);
                    frame.write(payload.length);
                }
                frame.write(new byte[4], 0, 4); // zero mask: the payload goes as is
                frame.write(payload, 0, payload.length);
                out.write(frame.toByteArray());
                out.flush();
            }

            private void read()
            {
                int inBatch = 0;
                try
                {
                    while (true)
                    {
                        in.readUnsignedByte();
                        long length = in.readUnsignedByte() & 0x7F;
                        if (length == 126)
                        {
                            length = in.readUnsignedShort();
                        }
                        else if (length == 127)
                        {
                            length = in.readLong();
                        }
                        final byte[] payload = new byte[(int)length];
                        in.readFully(payload);
                        final long now = System.nanoTime();
                        for (final byte b : payload)
                        {
                            if (b == '\n')
                            {
                                results.incrementAndGet();
                                if (++inBatch == BATCH)
                                {
                                    inBatch = 0;
                                    final Long sent = batches.poll();
                                    if (sent != null)
                                    {
                                        resultLatency.recordValue(Math.max(1, Math.min(HIGHEST, now - sent)));
                                    }
                                }
                            }
                        }
                    }
                }
                catch (final IOException e)
                {
                    // closed at the end
                }
            }
        }
    }
}
