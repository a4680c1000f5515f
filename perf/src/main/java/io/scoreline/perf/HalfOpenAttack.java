package io.scoreline.perf;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14's attack, for perf/attack.sh: holds {@code SOCKETS} half-open connections to a
 * running service (each sends half an upgrade request, then nothing) for {@code SECONDS},
 * opening a new one whenever the service closes one, so the service sees the full count all
 * along. Meanwhile a probe connects a fresh WebSocket every {@code PROBE_MS}, sends one event and
 * times connect-to-result. Reports how long after its connect each half-open socket was closed
 * (against the header timeout + 1 s), the probes, and the service's RSS (VmRSS of {@code PID})
 * before the attack and once all sockets are held.
 *
 * <pre>
 *   bin/scorer attack --sockets N --seconds S --pid PID [--host 127.0.0.1] [--port 8080] [--header-timeout-ms 10000] [--probe-ms 500]
 * </pre>
 * One thread and one selector for the sockets (a few hundred bytes of client memory each), one for the probe.
 */
public final class HalfOpenAttack
{
    private static final byte[] HALF_REQUEST = "GET /ws HTTP/1.1\r\nHost: attack\r\nUpgrade: websocket\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    /** Opens per selector round: past the listen backlog (4096) a SYN waits a second for its retry. */
    private static final int OPENS_PER_ROUND = 200;

    private final InetSocketAddress address;
    private final int sockets;
    private final long timeoutMs;
    private final Histogram closedAfterMs = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private final Histogram probeMs = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private int held;
    private int peakHeld;
    private long opened;
    private long answered;
    private long connectFailures;
    private long probeFailures;
    private long heldAllAtMs = -1;

    private HalfOpenAttack(final InetSocketAddress address, final int sockets, final long timeoutMs)
    {
        this.address = address;
        this.sockets = sockets;
        this.timeoutMs = timeoutMs;
    }

    /** Holds the sockets for {@code seconds} against the service at {@code address} (process {@code pid}), probing every {@code probeEveryMs}. */
    public static void attack(final InetSocketAddress address, final int sockets, final int seconds, final long timeoutMs,
        final String pid, final long probeEveryMs) throws Exception
    {
        new HalfOpenAttack(address, sockets, timeoutMs).run(seconds, pid, probeEveryMs);
    }

    private void run(final int seconds, final String pid, final long probeEveryMs) throws Exception
    {
        final long rssBefore = rssKib(pid);
        final long start = System.nanoTime();
        final long end = start + TimeUnit.SECONDS.toNanos(seconds);
        final Thread probe = new Thread(() -> probe(end, probeEveryMs), "probe");
        probe.start();
        long rssHeld = -1;
        final ByteBuffer scratch = ByteBuffer.allocate(4096);
        try (Selector selector = Selector.open())
        {
            while (System.nanoTime() < end)
            {
                for (int n = 0; n < OPENS_PER_ROUND && selector.keys().size() < sockets; n++)
                {
                    open(selector);
                }
                selector.select(10);
                for (final SelectionKey key : selector.selectedKeys())
                {
                    onReady(key, scratch);
                }
                selector.selectedKeys().clear();
                if (heldAllAtMs < 0 && held == sockets)
                {
                    heldAllAtMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    Thread.sleep(1000); // let the service settle on its new sockets before reading RSS
                    rssHeld = rssKib(pid);
                }
            }
            for (final SelectionKey key : selector.keys())
            {
                key.channel().close();
            }
        }
        probe.join();
        report(rssBefore, rssHeld);
    }

    private void open(final Selector selector) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.connect(address);
        channel.register(selector, SelectionKey.OP_CONNECT, new long[1]);
        opened++;
    }

    private void onReady(final SelectionKey key, final ByteBuffer scratch) throws IOException
    {
        final SocketChannel channel = (SocketChannel)key.channel();
        final long[] connectedNanos = (long[])key.attachment();
        try
        {
            if (key.isConnectable())
            {
                channel.finishConnect();
                connectedNanos[0] = System.nanoTime();
                channel.write(ByteBuffer.wrap(HALF_REQUEST));
                key.interestOps(SelectionKey.OP_READ);
                held++;
                peakHeld = Math.max(peakHeld, held);
                return;
            }
            scratch.clear();
            final int n = channel.read(scratch);
            if (n > 0)
            {
                answered++; // the 408, the close follows
                return;
            }
            if (n == 0)
            {
                return;
            }
        }
        catch (final IOException e)
        {
            if (connectedNanos[0] == 0)
            {
                connectFailures++;
                key.cancel();
                channel.close();
                return;
            }
            // a reset counts as the close
        }
        closedAfterMs.recordValue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedNanos[0]));
        held--;
        key.cancel();
        channel.close();
    }

    /** A fresh WebSocket every {@code everyMs}: connect, upgrade, one event, its result. */
    private void probe(final long endNanos, final long everyMs)
    {
        // Fresh player ids each run (a join of a known player would be a duplicate, not "ok").
        long player = 1_000_000_000L + System.currentTimeMillis() % 1_000_000_000L * 1000;
        while (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(everyMs) < endNanos)
        {
            sleep(everyMs);
            final long t0 = System.nanoTime();
            try (Socket s = new Socket())
            {
                s.connect(address, 30_000);
                s.setSoTimeout(30_000);
                s.setTcpNoDelay(true);
                final OutputStream out = s.getOutputStream();
                final DataInputStream in = new DataInputStream(s.getInputStream());
                out.write(("GET /ws HTTP/1.1\r\nHost: probe\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final String head = readHead(in);
                final String event = "{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":" + player++ + ",\"team\":7}";
                final byte[] payload = event.getBytes(StandardCharsets.US_ASCII);
                final ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write(0x81);
                frame.write(0x80 | payload.length); // under 126; a zero mask leaves the payload as is
                frame.write(new byte[4]);
                frame.write(payload);
                out.write(frame.toByteArray());
                out.flush();
                final String result = readTextFrame(in);
                final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (head.startsWith("HTTP/1.1 101") && result.contains("\"status\":\"ok\""))
                {
                    synchronized (probeMs)
                    {
                        probeMs.recordValue(ms);
                    }
                }
                else
                {
                    probeFailures++;
                }
            }
            catch (final IOException e)
            {
                probeFailures++;
            }
        }
    }

    private static String readHead(final DataInputStream in) throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            head.append((char)in.readUnsignedByte());
        }
        return head.toString();
    }

    private static String readTextFrame(final DataInputStream in) throws IOException
    {
        in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7f;
        if (length == 126)
        {
            length = in.readUnsignedShort();
        }
        final byte[] payload = new byte[length];
        in.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    private void report(final long rssBefore, final long rssHeld)
    {
        System.out.printf("half-open sockets: target=%d peak_held=%d opened=%d closed_by_service=%d answered=%d connect_failures=%d all_held_after_ms=%d%n",
            sockets, peakHeld, opened, closedAfterMs.getTotalCount(), answered, connectFailures, heldAllAtMs);
        System.out.printf("closed after connect (ms): p50=%d p99=%d max=%d; over the timeout + 1 s (%d ms): %d%n",
            closedAfterMs.getValueAtPercentile(50), closedAfterMs.getValueAtPercentile(99), closedAfterMs.getMaxValue(),
            timeoutMs + 1000, closedAfterMs.getCountBetweenValues(timeoutMs + 1001, Long.MAX_VALUE / 4));
        synchronized (probeMs)
        {
            System.out.printf("probe connect->result (ms): n=%d p50=%d max=%d failures=%d; limit (timeout + 1 s) %d ms%n",
                probeMs.getTotalCount(), probeMs.getValueAtPercentile(50), probeMs.getMaxValue(), probeFailures, timeoutMs + 1000);
        }
        System.out.printf("service RSS (KiB): before=%d with_all_held=%d growth=%d%n", rssBefore, rssHeld,
            rssHeld < 0 ? -1 : rssHeld - rssBefore);
    }

    private static long rssKib(final String pid)
    {
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc", pid, "status")))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (final IOException | NumberFormatException e)
        {
            return -1;
        }
        return -1;
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
