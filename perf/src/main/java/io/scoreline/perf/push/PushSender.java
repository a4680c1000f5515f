package io.scoreline.perf.push;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/** PushScale's paced open-loop sender over a few /ws connections; results timed against their send time. */
final class PushSender
{
    private final PushScaleRun run;
    private final Link[] links;
    private final SplittableRandom random = new SplittableRandom(42);
    private final long[] seq;
    private volatile boolean running = true;
    private boolean preloaded;
    private Thread thread;

    PushSender(final PushScaleRun run, final int port) throws IOException
    {
        this.run = run;
        links = new Link[run.senderCount];
        for (int i = 0; i < run.senderCount; i++)
        {
            links[i] = new Link(port);
        }
        seq = new long[run.players + 1];
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
        final StringBuilder frame = new StringBuilder(PushScaleRun.BATCH * 160);
        int next = 0;
        for (int player = 1; player <= run.players; )
        {
            final long due = (System.nanoTime() - start) * run.preloadRate / 1_000_000_000L;
            if (player - 1 + PushScaleRun.BATCH > due)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                continue;
            }
            frame.setLength(0);
            for (int i = 0; i < PushScaleRun.BATCH && player <= run.players; i++, player++)
            {
                seq[player] = 1;
                frame.append("{\"type\":\"prediction_won\",\"seq\":1,\"ts\":").append(PushScaleRun.START_TS + 86_400_000L)
                    .append(",\"player\":").append(player).append(",\"team\":").append(player % 1000)
                    .append(",\"stake\":").append(1 + random.nextInt(20_000)).append(",\"odds\":100}\n");
            }
            links[next].send(frame.toString().getBytes(StandardCharsets.US_ASCII), System.nanoTime());
            next = (next + 1) % links.length;
        }
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (run.results.get() < run.players && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        System.out.printf("preloaded %d players in %.1f s%n", run.results.get(), (System.nanoTime() - start) / 1e9);
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

    PushScaleRun.Phase measure(final String name) throws InterruptedException
    {
        Thread.sleep(TimeUnit.SECONDS.toMillis(run.warmup));
        run.pushLatency.reset();
        run.resultLatency.reset();
        final long pushes0 = run.pushes.get();
        final long rank0 = run.rankPushes.get();
        final long results0 = run.results.get();
        final long ticks0 = run.cpuTicks(run.server.pid());
        final long ownTicks0 = run.cpuTicks(ProcessHandle.current().pid());
        final long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(run.seconds));
        final double elapsed = (System.nanoTime() - start) / 1e9;
        final long ticks = run.cpuTicks(run.server.pid()) - ticks0;
        final long ownTicks = run.cpuTicks(ProcessHandle.current().pid()) - ownTicks0;
        final Histogram result = run.resultLatency.getIntervalHistogram();
        final Histogram push = run.pushLatency.getIntervalHistogram();
        final PushScaleRun.Phase phase = run.new Phase(name, (run.results.get() - results0) / elapsed, (run.pushes.get() - pushes0) / elapsed,
            ticks / 100.0 / elapsed, result, push);
        phase.rankPushesPerSecond = (run.rankPushes.get() - rank0) / elapsed;
        phase.clientCores = ownTicks / 100.0 / elapsed;
        return phase;
    }

    private void send()
    {
        final long start = System.nanoTime();
        long sent = 0;
        int next = 0;
        final StringBuilder frame = new StringBuilder(PushScaleRun.BATCH * 160);
        final int[] batchPlayers = new int[PushScaleRun.BATCH];
        while (running)
        {
            final long due = (System.nanoTime() - start) * run.rate / 1_000_000_000L;
            if (sent + PushScaleRun.BATCH > due)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                continue;
            }
            frame.setLength(0);
            for (int i = 0; i < PushScaleRun.BATCH; i++)
            {
                final int player = 1 + random.nextInt(run.players);
                final long s = ++seq[player];
                batchPlayers[i] = player;
                frame.append("{\"type\":\"clue_solved\",\"seq\":").append(s)
                    .append(",\"ts\":").append(PushScaleRun.START_TS + s * 86_400_000L)
                    .append(",\"player\":").append(player).append(",\"team\":").append(player % 1000)
                    .append(",\"clue\":").append(s).append(",\"solveMs\":").append(random.nextInt(120_000))
                    .append(",\"hints\":0}\n");
            }
            final Link link = links[next];
            next = (next + 1) % links.length;
            final long now = System.nanoTime();
            for (int i = 0; i < PushScaleRun.BATCH; i++)
            {
                run.sentNanos.lazySet(batchPlayers[i], now);
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
            sent += PushScaleRun.BATCH;
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
                            run.results.incrementAndGet();
                            if (++inBatch == PushScaleRun.BATCH)
                            {
                                inBatch = 0;
                                final Long sent = batches.poll();
                                if (sent != null)
                                {
                                    run.resultLatency.recordValue(Math.max(1, Math.min(PushScaleRun.HIGHEST, now - sent)));
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
