package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadAndBackPressureTest
{
    private static final byte[] METRICS_REQUEST =
        "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(US_ASCII);
    private static final Pattern EVENTS_OK = Pattern.compile("(?m)^scoreline_events_total\\{status=\"ok\"} (\\d+)(?:\\.0)?$");
    private static final Pattern EVENTS_REJECTED =
        Pattern.compile("(?m)^scoreline_events_total\\{status=\"rejected\"} (\\d+)(?:\\.0)?$");
    private static final Pattern READ_PAUSED = Pattern.compile("(?m)^scoreline_connections_read_paused (\\d+)(?:\\.0)?$");

    @TempDir
    Path journal;

    @Test
    void thousandConnectionsOpenedAtOnceEachGetTheirResult() throws Exception
    {
        final int connections = 1000;
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            final List<RawWebSocket> clients = new ArrayList<>(connections);
            try
            {
                for (int i = 0; i < connections; i++)
                {
                    clients.add(RawWebSocket.sendHandshake(server.port()));
                }
                for (final RawWebSocket client : clients)
                {
                    client.awaitHandshake();
                }
                for (int i = 0; i < connections; i++)
                {
                    clients.get(i).sendText(join(i + 1));
                }
                for (int i = 0; i < connections; i++)
                {
                    final String result = new String(clients.get(i).readLines(1), StandardCharsets.UTF_8);
                    // GAME.md: a join scores R01 (100 points) and R47; the rank depends on who came first.
                    assertTrue(result.startsWith("{\"seq\":1,\"player\":" + (i + 1) + ",\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":"),
                        result);
                    assertTrue(result.endsWith(",\"rules\":[\"R01\",\"R47\"]}\n"), result);
                }
                assertEquals(connections, Golden.toCsv(Servers.get(server, "/leaderboard?limit=2000").body(), "player")
                    .split("\n").length - 1);
            }
            finally
            {
                for (final RawWebSocket client : clients)
                {
                    client.close();
                }
            }
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAtAcceptNotLeftToTimeOutAndTheOthersServed() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).maxConnections(2));
            RawWebSocket first = RawWebSocket.connect(server.port());
            RawWebSocket second = RawWebSocket.connect(server.port());
            RawWebSocket third = RawWebSocket.sendHandshake(server.port()))
        {
            // A refusal is the server closing the socket before it answers a byte: EOF, or a reset because
            // the handshake it never read was still queued. Waiting 10 s for nothing is not a refusal.
            third.readTimeout(10_000);
            final IOException refusal = assertThrows(IOException.class, third::awaitHandshake);
            assertFalse(refusal instanceof SocketTimeoutException, "the third connection was left open, not refused");
            assertTrue(refusal instanceof SocketException ||
                    (refusal instanceof EOFException && "closed during handshake: ".equals(refusal.getMessage())),
                "closed at accept, before any answer: " + refusal);
            assertEquals(1, server.metrics().connectionsRefused.get(), "counted as refused at the cap");
            assertEquals(2, server.metrics().connections.get(), "the two served connections stay open");

            first.sendText(join(1));
            second.sendText(join(2));
            assertTrue(new String(first.readLines(1), US_ASCII).startsWith("{\"seq\":1,\"player\":1,\"status\":\"ok\""));
            assertTrue(new String(second.readLines(1), US_ASCII).startsWith("{\"seq\":1,\"player\":2,\"status\":\"ok\""));
        }
    }

    /**
     * A client that sends and never reads: the server must stop reading its socket once its answers
     * pile up, say so in /metrics, read none of its bytes while it stays so, and serve another
     * client meanwhile. Proven by exact byte and event counts, not by a counter standing still.
     */
    @Test
    void clientThatNeverReadsIsNotReadFromAndDoesNotStallOthers() throws Exception
    {
        // 200,000 "{}" lines a frame (each rejected: missing_field, ~70 bytes of answer): one frame's
        // answers (~14 MB) are far more than the non-reader's 8 KiB receive buffer, the server's send
        // buffer (at most 4 MiB here) and the 256 KiB write high-water mark hold together, so the
        // server can never publish all of the first frame, and must not read the second.
        final int linesPerFrame = 200_000;
        final byte[] frame = "{}\n".repeat(linesPerFrame).getBytes(US_ASCII);
        final long frameOnWire = RawWebSocket.frameBytes(frame.length);
        try (ScorerServer server = Servers.started(Servers.config(journal));
            RawWebSocket nonReader = RawWebSocket.connectWithReceiveBuffer(server.port(), 8192);
            RawWebSocket reader = RawWebSocket.connect(server.port()))
        {
            final Metrics metrics = server.metrics();
            final Thread writer = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < 3; i++)
                    {
                        nonReader.sendText(frame);
                    }
                }
                catch (final IOException ignored)
                {
                    // closed at the end of the test while blocked
                }
            });
            writer.setDaemon(true);
            writer.start();

            // The 30 s limit is a hang guard; the state reached is what is asserted.
            awaitTrue(() -> metrics.connectionsReadPaused.get() == 1 && metrics.connectionsOutboundFull.get() == 1,
                "the non-reader's reading paused with its answers at the high-water mark");
            final String before = metricsText(server.port());
            final long receivedBefore = metrics.receivedBytes.get();

            // Everything read so far: two handshakes, that GET, and the non-reader's frames. It sent 3;
            // the first whole (its events were published), not the second.
            final long fromNonReader =
                receivedBefore - 2L * RawWebSocket.handshakeRequest(server.port()).length - METRICS_REQUEST.length;
            assertTrue(fromNonReader >= frameOnWire && fromNonReader < 2 * frameOnWire,
                "bytes read from the non-reader " + fromNonReader + ", a frame is " + frameOnWire);
            final long scored = count(EVENTS_REJECTED, before);
            assertTrue(scored > 0 && scored < linesPerFrame, "part of the first frame was scored: " + scored);
            assertEquals(0, count(EVENTS_OK, before));

            long readerBytes = 0;
            for (int player = 1; player <= 20; player++)
            {
                reader.sendText(join(player));
                readerBytes += RawWebSocket.frameBytes(join(player).length);
                final String result = new String(reader.readLines(1), US_ASCII);
                assertTrue(result.startsWith("{\"seq\":1,\"player\":" + player + ",\"status\":\"ok\""), result);
            }

            assertEquals(readerBytes, metrics.receivedBytes.get() - receivedBefore,
                "meanwhile the server read the reader's 20 frames and not one byte of the non-reader's");
            final String after = metricsText(server.port());
            // Lines of the first frame may still be published as the kernel takes more of the non-reader's
            // answers, but that frame is never done, so the socket stays unread and its reading paused.
            final long scoredAfter = count(EVENTS_REJECTED, after);
            assertTrue(scoredAfter >= scored && scoredAfter < linesPerFrame, "only first-frame lines: " + scoredAfter);
            assertEquals(20, count(EVENTS_OK, after));
            assertEquals(1, count(READ_PAUSED, after), after);
        }
    }

    /** GET /metrics on a fresh socket with a request of known length ({@link #METRICS_REQUEST}). */
    private static String metricsText(final int port) throws IOException
    {
        final String response = Servers.rawExchange(port, METRICS_REQUEST);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        return response;
    }

    private static long count(final Pattern metric, final String text)
    {
        final Matcher m = metric.matcher(text);
        assertTrue(m.find(), metric + " in " + text);
        return Long.parseLong(m.group(1));
    }

    /** Polls a condition every 10 ms; the deadline only keeps a broken build from hanging the suite. */
    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, "not reached within 30 s: " + what);
            Thread.sleep(10);
        }
    }

    private static byte[] join(final long player)
    {
        return ("{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":" + player + ",\"team\":1}")
            .getBytes(StandardCharsets.US_ASCII);
    }
}
