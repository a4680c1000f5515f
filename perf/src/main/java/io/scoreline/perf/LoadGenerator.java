package io.scoreline.perf;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.scoreline.ingest.HiccupProbe;
import io.scoreline.ingest.Transport;
import io.scoreline.ingest.TransportKind;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop WebSocket load: {@code connections} sockets to the service's {@code /ws}, event
 * {@code k} due at {@code start + k / rate} (see {@link LoadSchedule}), sent when due whether or
 * not earlier events were answered, up to {@code batch} due events per text frame. Latency is
 * taken from each event's intended send time to the arrival of its result line (wrk2), into an
 * HdrHistogram in microseconds. Each connection owns a disjoint set of players, so every
 * player's {@code seq} rises in the order the service receives its events.
 *
 * <pre>
 *   sender thread --frames of <= B events--> C sockets --> service /ws
 *   event loop(s) <--result lines, in order--  (LoadLatency: j-th line = j-th event)
 * </pre>
 */
public final class LoadGenerator
{

    private LoadGenerator()
    {
    }

    /** What a run measured; counts and latencies cover the measured part only (not the warm-up). */
    public static final class Report
    {
        public final long scheduled;
        public final long sent;
        public final long acked;
        public final long rejected;
        public final long duplicates;
        public final double ackedPerSecond;
        public final long p50Micros;
        public final long p99Micros;
        public final long p999Micros;
        public final long maxMicros;
        /** Bytes the sender thread allocated per measured event, -1 where the JVM cannot count them. */
        public final double senderBytesPerEvent;
        /** Bytes the client's event-loop threads allocated per measured event, -1 where the JVM cannot count them. */
        public final double ioBytesPerEvent;
        /** How late this JVM's hiccup probe woke at p99 over the measured part, in microseconds: the load side's floor. */
        public long hiccupP99Micros;
        private final Histogram histogram;

        Report(
            final long scheduled, final long sent, final long acked, final long rejected, final long duplicates,
            final double ackedPerSecond, final Histogram histogram, final double senderBytesPerEvent,
            final double ioBytesPerEvent)
        {
            this.senderBytesPerEvent = senderBytesPerEvent;
            this.ioBytesPerEvent = ioBytesPerEvent;
            this.scheduled = scheduled;
            this.sent = sent;
            this.acked = acked;
            this.rejected = rejected;
            this.duplicates = duplicates;
            this.ackedPerSecond = ackedPerSecond;
            this.histogram = histogram;
            final boolean empty = histogram.getTotalCount() == 0;
            this.p50Micros = empty ? 0 : histogram.getValueAtPercentile(50.0);
            this.p99Micros = empty ? 0 : histogram.getValueAtPercentile(99.0);
            this.p999Micros = empty ? 0 : histogram.getValueAtPercentile(99.9);
            this.maxMicros = empty ? 0 : histogram.getMaxValue();
        }

        /** Latency of every acked event in microseconds from its intended send time. */
        public Histogram histogram()
        {
            return histogram;
        }

        /** {@code sent=N acked=N rejected=N acked/s=R p50_us=X p99_us=X p999_us=X max_us=X hiccup_p99_us=H} */
        public String summaryLine()
        {
            return "sent=" + sent + " acked=" + acked + " rejected=" + rejected +
                " acked/s=" + Math.round(ackedPerSecond) + " p50_us=" + p50Micros + " p99_us=" + p99Micros +
                " p999_us=" + p999Micros + " max_us=" + maxMicros + " hiccup_p99_us=" + hiccupP99Micros;
        }
    }

    /**
     * Connects, runs the timetable, waits up to the grace period for outstanding results, prints
     * the percentile distribution and, as the last line, {@link Report#summaryLine()}.
     *
     * @throws IllegalArgumentException on a bad config
     * @throws IllegalStateException    if a connection or WebSocket handshake fails (one-line message)
     * @throws IOException              if the --out files cannot be written
     */
    public static Report run(final LoadConfig config, final PrintStream out) throws IOException, InterruptedException
    {
        config.validate();
        final URI uri = config.uri();
        final int port = uri.getPort() > 0 ? uri.getPort() : 80;
        final int connections = config.connections;
        final long total = config.rate * (config.durationSeconds + (long)config.warmupSeconds);
        final long warmup = config.rate * config.warmupSeconds;
        final LoadConnection[] sockets = new LoadConnection[connections];
        final int playersPerConnection = config.players / connections;
        final int threads = Math.min(connections, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        final Transport transport = Transport.choose(TransportKind.AUTO); // the server's choice: epoll where it loads
        final IoHandlerFactory io = config.spin ? transport.withStrategy(SpinningSelectStrategy::new) : transport.ioHandlerFactory;
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        try
        {
            for (int c = 0; c < connections; c++)
            {
                sockets[c] = new LoadConnection(c, new SyntheticEvents(playersPerConnection, config.seed + c, connections, c));
            }
            for (final LoadConnection socket : sockets)
            {
                socket.authorization(config.authToken == null ? null : "Bearer " + config.authToken);
            }
            connect(group, transport.clientChannel, uri, port, sockets);
            out.println("loadgen: " + connections + " connections open (" + transport.name + "), open loop starts");
            out.flush();
            // The timetable starts once every socket is open.
            final LoadSchedule schedule = new LoadSchedule(
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1), config.rate, connections, total, warmup);
            for (final LoadConnection socket : sockets)
            {
                socket.begin(schedule);
            }
            final long deadline = schedule.lastIntendedNanos() + TimeUnit.SECONDS.toNanos(config.graceSeconds);
            final ThreadAllocation senderAllocation = new ThreadAllocation(Thread.currentThread().getId());
            final ThreadAllocation ioAllocation = new ThreadAllocation(eventLoopThreads(group));
            final HiccupProbe hiccup = HiccupProbe.shared();
            send(schedule, sockets, config.batch, deadline, config.spin, () ->
            {
                senderAllocation.start();
                ioAllocation.start();
                hiccup.mark();
            });
            awaitResults(sockets, deadline);
            final long senderBytes = senderAllocation.sinceStart();
            final long ioBytes = ioAllocation.sinceStart();
            final Report report = report(schedule, sockets, senderBytes, ioBytes);
            writeSlowResults(config.out, sockets);
            final Histogram lateness = HiccupProbe.newHistogram();
            hiccup.sinceMark(lateness);
            report.hiccupP99Micros = lateness.getTotalCount() == 0 ? 0 : lateness.getValueAtPercentile(99.0) / 1_000;
            print(config, report, out);
            return report;
        }
        finally
        {
            for (final LoadConnection socket : sockets)
            {
                if (socket != null)
                {
                    socket.close();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void connect(
        final EventLoopGroup group, final Class<? extends Channel> channelClass, final URI uri, final int port,
        final LoadConnection[] sockets)
    {
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(channelClass)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        for (final LoadConnection socket : sockets)
        {
            socket.target(uri);
            final Channel channel = bootstrap.handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(socket.handler());
                }
            }).connect(uri.getHost(), port).awaitUninterruptibly().channel();
            if (!channel.isActive())
            {
                throw new IllegalStateException("cannot connect to " + uri + ": " + reason(channel.closeFuture().cause()));
            }
        }
        for (final LoadConnection socket : sockets)
        {
            if (!socket.handshake().awaitUninterruptibly(10, TimeUnit.SECONDS) || !socket.handshake().isSuccess())
            {
                throw new IllegalStateException("WebSocket handshake with " + uri + " failed: " +
                    reason(socket.handshake().cause()));
            }
        }
    }

    /** Ids of the group's event-loop threads (each loop reports its own). */
    private static long[] eventLoopThreads(final EventLoopGroup group) throws InterruptedException
    {
        final java.util.List<Long> ids = new java.util.ArrayList<>();
        for (final EventExecutor loop : group)
        {
            try
            {
                ids.add(loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS));
            }
            catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex)
            {
                throw new IllegalStateException("event loop did not answer", ex);
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The open loop: the sender thread wakes when events fall due and has each event loop send
     * its connections' due events ({@link LoopSender}); it never waits for results.
     * {@code onMeasureStart} runs once, when the warm-up's last event is due.
     */
    static void send(
        final LoadSchedule schedule, final LoadConnection[] sockets, final int batch, final long deadline, final boolean spin,
        final Runnable onMeasureStart)
    {
        final LoopSender[] senders = loopSenders(schedule, sockets, batch);
        final long measureStart = schedule.measureStartNanos();
        if (spin)
        {
            spinningSends(senders, measureStart, deadline, onMeasureStart);
            return;
        }
        boolean measuring = false;
        while (true)
        {
            final long now = System.nanoTime();
            if (!measuring && now - measureStart >= 0)
            {
                measuring = true;
                onMeasureStart.run();
            }
            final long nextEvent = schedule.nextIntendedNanosAfter(now);
            long wakeAt = Long.MAX_VALUE;
            boolean pending = false;
            for (final LoopSender sender : senders)
            {
                if (sender.pending())
                {
                    pending = true;
                    sender.dispatch(now);
                    wakeAt = Math.min(wakeAt, Math.max(sender.nextDue(nextEvent), now + 1_000));
                }
            }
            if (!pending || now - deadline >= 0)
            {
                return;
            }
            final long park = Math.min(wakeAt, deadline) - System.nanoTime();
            if (park > 0)
            {
                LockSupport.parkNanos(park);
            }
        }
    }

    /** {@code --spin}: each loop sends its own due events every turn; this thread only marks the measured part's start. */
    private static void spinningSends(
        final LoopSender[] senders, final long measureStart, final long deadline, final Runnable onMeasureStart)
    {
        for (final LoopSender sender : senders)
        {
            sender.loop().execute(() -> SpinningSelectStrategy.sendFrom(sender::runIfDue));
        }
        boolean measuring = false;
        while (System.nanoTime() - deadline < 0)
        {
            if (!measuring && System.nanoTime() - measureStart >= 0)
            {
                measuring = true;
                onMeasureStart.run();
            }
            boolean pending = false;
            for (final LoopSender sender : senders)
            {
                pending |= sender.pending();
            }
            if (!pending && measuring)
            {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** One sender per event loop, with the connections it serves. */
    private static LoopSender[] loopSenders(final LoadSchedule schedule, final LoadConnection[] sockets, final int batch)
    {
        final java.util.Map<EventLoop, java.util.List<LoadConnection>> byLoop = new java.util.LinkedHashMap<>();
        for (final LoadConnection socket : sockets)
        {
            byLoop.computeIfAbsent(socket.channel().eventLoop(), loop -> new java.util.ArrayList<>()).add(socket);
        }
        final java.util.List<LoopSender> senders = new java.util.ArrayList<>();
        byLoop.forEach((loop, list) -> senders.add(new LoopSender(loop, list.toArray(new LoadConnection[0]), schedule, batch)));
        return senders.toArray(new LoopSender[0]);
    }

    private static void awaitResults(final LoadConnection[] sockets, final long deadline)
    {
        for (final LoadConnection socket : sockets)
        {
            while (socket.latency().acked() < socket.sent() && socket.channel().isActive() &&
                System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** Gathers each connection's figures on its own event loop, the only thread that writes them. */
    private static Report report(
        final LoadSchedule schedule, final LoadConnection[] sockets, final long senderBytes, final long ioBytes)
        throws InterruptedException
    {
        final Histogram histogram = new Histogram(LoadLatency.HIGHEST_MICROS, 3);
        long scheduled = 0;
        long sent = 0;
        long acked = 0;
        long rejected = 0;
        long duplicates = 0;
        long lastResult = 0;
        for (final LoadConnection socket : sockets)
        {
            final int c = socket.index();
            final LoadLatency latency = socket.latency();
            final long[] figures = onEventLoop(socket, () -> new long[]{
                latency.measuredAcked(), latency.rejected(), latency.duplicates(), latency.lastResultNanos()});
            onEventLoop(socket, () ->
            {
                histogram.add(latency.histogram());
                return null;
            });
            final long warmup = schedule.warmupEventsFor(c);
            scheduled += schedule.eventsFor(c) - warmup;
            sent += Math.max(0, socket.sent() - warmup);
            acked += figures[0];
            rejected += figures[1];
            duplicates += figures[2];
            lastResult = Math.max(lastResult, figures[3]);
        }
        final long measureStart = schedule.measureStartNanos();
        final double window = Math.max(schedule.lastIntendedNanos() - measureStart, lastResult - measureStart);
        final double perSecond = window <= 0 ? acked : acked * 1e9 / window;
        return new Report(scheduled, sent, acked, rejected, duplicates, perSecond, histogram,
            perEvent(senderBytes, sent), perEvent(ioBytes, sent));
    }

    private static double perEvent(final long bytes, final long events)
    {
        return bytes < 0 || events == 0 ? -1 : (double)bytes / events;
    }

    private static <T> T onEventLoop(final LoadConnection socket, final Callable<T> task) throws InterruptedException
    {
        try
        {
            return socket.channel().eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            if (ex instanceof InterruptedException)
            {
                throw (InterruptedException)ex;
            }
            throw new IllegalStateException("could not collect results of connection " + socket.index(), ex);
        }
    }

    private static void print(final LoadConfig config, final Report report, final PrintStream out) throws IOException
    {
        final String title = title(config);
        if (config.distribution)
        {
            out.println("Latency in microseconds from each event's intended send time (open loop, " + title + ")");
            report.histogram().outputPercentileDistribution(out, 1.0);
        }
        if (report.sent < report.scheduled || report.acked < report.sent)
        {
            out.println("incomplete: scheduled=" + report.scheduled + " sent=" + report.sent + " acked=" +
                report.acked + " (the rest was still queued or unanswered when the grace period ended)");
        }
        if (report.duplicates > 0)
        {
            out.println("duplicates=" + report.duplicates + " (counted as acked)");
        }
        if (config.out != null)
        {
            writeFiles(config.out, title, report.histogram());
        }
        if (config.distribution)
        {
            out.printf(Locale.ROOT, "loadgen: allocated %.2f bytes/event on the sender thread, %.2f on the I/O threads (measured part)%n",
                report.senderBytesPerEvent, report.ioBytesPerEvent);
            if (config.out != null)
            {
                out.println("wrote " + config.out.resolve("latency.hgrm") + " and " + config.out.resolve("latency.svg"));
            }
            out.println(report.summaryLine());
        }
        out.flush();
    }

    /** {@code slow.txt} beside the .hgrm when {@code -Dscoreline.loadgen.slowMicros} is set: every result that slow. */
    private static void writeSlowResults(final Path dir, final LoadConnection[] sockets) throws IOException, InterruptedException
    {
        if (dir == null || LoadLatency.SLOW_MICROS <= 0)
        {
            return;
        }
        final long epochMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        final StringBuilder text = new StringBuilder("# intended_send_epoch_ns arrival_epoch_ns connection (results >= ")
            .append(LoadLatency.SLOW_MICROS).append(" us)\n");
        for (final LoadConnection socket : sockets)
        {
            onEventLoop(socket, () ->
            {
                socket.latency().slowResults(text, epochMinusNano);
                return null;
            });
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("slow.txt"), text);
    }

    /** {@code latency.hgrm} (HdrHistogram's percentile text) and {@code latency.svg} (its plot). */
    static void writeFiles(final Path dir, final String title, final Histogram histogram) throws IOException
    {
        Files.createDirectories(dir);
        try (PrintStream hgrm = new PrintStream(Files.newOutputStream(dir.resolve("latency.hgrm")), false,
            StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(hgrm, 1.0);
        }
        Files.writeString(dir.resolve("latency.svg"), LoadPlot.svg(histogram, "Latency by percentile: " + title));
    }

    static String title(final LoadConfig config)
    {
        return String.format(Locale.ROOT, "rate %d/s, %d connections, batch %d, %d s%s",
            config.rate, config.connections, config.batch, config.durationSeconds,
            config.warmupSeconds > 0 ? " after " + config.warmupSeconds + " s warm-up" : "");
    }

    private static String reason(final Throwable cause)
    {
        if (cause == null)
        {
            return "unknown reason";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
