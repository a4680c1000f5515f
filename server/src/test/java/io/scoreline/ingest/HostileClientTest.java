package io.scoreline.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 14 on real sockets: every state a connection can stall in has a deadline (SERVICE.md
 * "Timeouts"), the half-open connections cannot hold the cap, and a rate-limited connection is
 * answered {@code rate_limited} while others are not touched. Timeouts are shortened here; the
 * bounds asserted are the issue's: closed no earlier than the timeout and within it plus 1 s
 * (the clock starts before the socket opens, so the server's own start is never earlier).
 *
 * <p>No verdict rests on the client keeping pace: where a client must stay above a floor or
 * inside a timeout, it does so by a wide margin (it may stall 800 ms or more and still pass). A
 * socket is judged closed by reading it to its end (a 10 s hang guard), and judged open by
 * completing its request and reading the answer: no sleep-then-peek. Break caught: evicting a
 * newer half-open connection instead of the oldest (ConnectionGuards.onHalfOpen) fails the
 * half-open bound case on the first old socket, which the server never closes.
 */
class HostileClientTest
{
    private static final int HEADER_TIMEOUT_MS = 700;
    private static final int BODY_WINDOW_MS = 1000;
    private static final int BODY_MIN_RATE = 1000;
    private static final int KEEP_ALIVE_MS = 1500;

    @TempDir
    Path journal;

    private ScorerServer server;
    private final List<Socket> sockets = new ArrayList<>();

    private ServerConfig config()
    {
        return Servers.config(journal)
            .headerTimeoutMillis(HEADER_TIMEOUT_MS)
            .bodyWindowMillis(BODY_WINDOW_MS)
            .bodyMinBytesPerSecond(BODY_MIN_RATE)
            .keepAliveTimeoutMillis(KEEP_ALIVE_MS);
    }

    @AfterEach
    void stop() throws IOException
    {
        for (final Socket s : sockets)
        {
            s.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void slowLorisHeadersAreAnswered408AndClosedWithinTheHeaderTimeout() throws Exception
    {
        server = Servers.started(config());
        final long start = System.nanoTime();
        final Socket loris = open();
        send(loris, "GET /health HTTP/1.1\r\nHost: x\r\n");
        // One more header line every 100 ms, the request never ending.
        final Thread trickle = trickle(loris, "X-Loris: 1\r\n", 100);
        final String answer = readUntilClosed(loris);
        final long elapsedMs = millisSince(start);
        trickle.interrupt();
        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        assertTrue(answer.contains("request line and headers not complete within 700 ms"), answer);
        assertWithinTimeoutPlusOneSecond(elapsedMs, HEADER_TIMEOUT_MS);
        assertEquals(1, server.metrics().closedHeaderTimeout.get());
        assertTrue(Servers.get(server, "/metrics").body()
            .contains("scoreline_connections_closed_total{reason=\"header_timeout\"} 1.0\n"));
    }

    @Test
    void aStalledWebSocketUpgradeIsTimedOutLikeHeaders() throws Exception
    {
        server = Servers.started(config());
        final long start = System.nanoTime();
        final Socket ws = open();
        final Socket push = open();
        send(ws, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
        send(push, "GET /push HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n");
        final String wsAnswer = readUntilClosed(ws);
        final String pushAnswer = readUntilClosed(push);
        final long elapsedMs = millisSince(start);
        assertTrue(wsAnswer.startsWith("HTTP/1.1 408 "), wsAnswer);
        assertTrue(pushAnswer.startsWith("HTTP/1.1 408 "), pushAnswer);
        assertWithinTimeoutPlusOneSecond(elapsedMs, HEADER_TIMEOUT_MS);
        assertEquals(2, server.metrics().closedHeaderTimeout.get());
    }

    @Test
    void aTrickledBodyIsClosedWhileABodyAboveTheFloorIsServed() throws Exception
    {
        server = Servers.started(config());
        final String head = "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ";

        // 10 bytes every 100 ms: 100 bytes a window, the floor asks 1000 (1000 B/s over 1 s).
        final Socket slow = open();
        final long start = System.nanoTime();
        send(slow, head + "100000\r\n\r\n");
        final Thread trickle = trickle(slow, "          ", 100);
        final String answer = readUntilClosed(slow);
        final long elapsedMs = millisSince(start);
        trickle.interrupt();
        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        assertWithinTimeoutPlusOneSecond(elapsedMs, BODY_WINDOW_MS);
        assertEquals(1, server.metrics().closedBodyTooSlow.get());

        // 1,000 bytes every 200 ms for 3 s (three windows), then the end: five times the floor, served
        // in full. Any one piece meets a window's floor: the client may stall 800 ms and still pass.
        final String join = "{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":1,\"team\":7}\n";
        final StringBuilder body = new StringBuilder(join);
        while (body.length() < 15_000)
        {
            body.append(' ');
        }
        final Socket steady = open();
        send(steady, head + body.length() + "\r\nConnection: close\r\n\r\n");
        for (int at = 0; at < body.length(); at += 1000)
        {
            Thread.sleep(200);
            send(steady, body.substring(at, Math.min(body.length(), at + 1000)));
        }
        final String served = readUntilClosed(steady);
        assertTrue(served.startsWith("HTTP/1.1 200 "), served);
        assertTrue(served.contains("\r\n" + Golden.resultLines("scenario").get(0) + "\n"), served);
        assertEquals(1, server.metrics().closedBodyTooSlow.get());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeoutAndAnActiveOneIsNot() throws Exception
    {
        server = Servers.started(config());
        final String health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        final Socket idle = open();
        send(idle, health);
        final long start = System.nanoTime(); // before the answer is read: the server's idle clock starts no earlier
        assertTrue(readResponse(idle).startsWith("HTTP/1.1 200 "));
        assertEquals("", readUntilClosed(idle), "closed without a response: nothing was asked");
        assertWithinTimeoutPlusOneSecond(millisSince(start), KEEP_ALIVE_MS);
        assertEquals(1, server.metrics().closedKeepAliveIdle.get());

        // Asking again every 150 ms, well within the 1.5 s keep-alive timeout (a stall of over a second
        // still passes), for 3 s, twice the timeout: kept open.
        final Socket active = open();
        for (int i = 0; i < 20; i++)
        {
            send(active, health);
            assertTrue(readResponse(active).startsWith("HTTP/1.1 200 "), "request " + i + " on a busy keep-alive connection");
            Thread.sleep(150);
        }
        assertEquals(1, server.metrics().closedKeepAliveIdle.get());
    }

    @Test
    void anIdleWebSocketIsClosedWith1001AsBefore() throws Exception
    {
        server = Servers.started(config().idleTimeoutSeconds(1));
        try (RawWebSocket ws = RawWebSocket.connect(server.port()))
        {
            assertEquals(1001, ws.awaitCloseCode());
        }
        assertEquals(1, server.metrics().closedWebSocketIdle.get());
        assertEquals(0, server.metrics().closedHeaderTimeout.get(), "a completed handshake leaves the header deadline");
    }

    @Test
    void pastTheHalfOpenBoundTheOldestHalfOpenConnectionsAreClosedFirst() throws Exception
    {
        server = Servers.started(config().headerTimeoutMillis(60_000).maxHalfOpen(10));
        final List<Socket> halfOpen = new ArrayList<>();
        for (int i = 1; i <= 15; i++)
        {
            final Socket s = open();
            send(s, "GET /health HTTP/1.1\r\n");
            halfOpen.add(s);
            final int accepted = i;
            await(() -> server.metrics().closedHalfOpenEvicted.get() + server.metrics().halfOpen.getAsInt() == accepted);
        }
        assertEquals(10, server.metrics().halfOpen.getAsInt());
        assertEquals(5, server.metrics().closedHalfOpenEvicted.get());
        for (int i = 0; i < 15; i++)
        {
            assertOpenOrClosed(i >= 5, halfOpen.get(i), "Host: x\r\n\r\n", "half-open connection " + (i + 1) + " of 15");
        }
    }

    @Test
    void aCapFullOfHalfOpenSocketsStillLetsAWellBehavedClientInAndNeverClosesAnActiveOne() throws Exception
    {
        // A header timeout longer than the test: no half-open socket goes by its deadline here.
        server = Servers.started(config().headerTimeoutMillis(60_000).maxConnections(40).maxHalfOpen(40));
        final byte[] join1 = join(1);
        try (RawWebSocket active = RawWebSocket.connect(server.port()))
        {
            active.sendText(join1);
            assertTrue(new String(active.readLines(1), StandardCharsets.UTF_8).contains("\"status\":\"ok\""));

            // 39 half-open sockets fill the cap of 40; 10 more each take the place of the oldest.
            final List<Socket> halfOpen = new ArrayList<>();
            for (int i = 1; i <= 49; i++)
            {
                final Socket s = open();
                send(s, "GET /ws HTTP/1.1\r\nHost: x\r\n");
                halfOpen.add(s);
                final int accepted = i;
                await(() -> server.metrics().closedHalfOpenEvicted.get() + server.metrics().halfOpen.getAsInt() == accepted);
            }
            assertEquals(39, server.metrics().halfOpen.getAsInt());
            assertEquals(0, server.metrics().connectionsRefused.get());

            final long start = System.nanoTime();
            try (RawWebSocket newcomer = RawWebSocket.connect(server.port()))
            {
                newcomer.sendText(join(2));
                final String result = new String(newcomer.readLines(1), StandardCharsets.UTF_8);
                assertTrue(result.startsWith("{\"seq\":1,\"player\":2,\"status\":\"ok\""), result);
                final long inMs = millisSince(start);
                assertTrue(inMs < 5_000, "served after " + inMs + " ms, not at once: it took the oldest half-open one's place");
            }
            assertEquals(11, server.metrics().closedHalfOpenEvicted.get());
            assertEquals(0, server.metrics().closedHeaderTimeout.get());
            for (int i = 0; i < 49; i++)
            {
                assertOpenOrClosed(i >= 11, halfOpen.get(i), "Connection: close\r\n\r\n", "half-open connection " + (i + 1) + " of 49");
            }
            // The connection that completed its handshake was never taken for room.
            active.sendText(join(3));
            assertTrue(new String(active.readLines(1), StandardCharsets.UTF_8).startsWith("{\"seq\":1,\"player\":3,\"status\":\"ok\""));
        }
    }

    @Test
    void eventsPastAConnectionsRateAreAnsweredRateLimitedAndAnotherConnectionIsUnaffected() throws Exception
    {
        server = Servers.started(config().eventRate(2).eventBurst(5));
        try (RawWebSocket greedy = RawWebSocket.connect(server.port());
             RawWebSocket polite = RawWebSocket.connect(server.port()))
        {
            final StringBuilder twelve = new StringBuilder();
            for (int player = 1; player <= 12; player++)
            {
                twelve.append(new String(join(player), StandardCharsets.US_ASCII)).append('\n');
            }
            greedy.sendText(twelve.toString().getBytes(StandardCharsets.US_ASCII));
            polite.sendText((new String(join(101), StandardCharsets.US_ASCII) + "\n" +
                new String(join(102), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));

            final String[] greedyResults = new String(greedy.readLines(12), StandardCharsets.UTF_8).split("\n");
            for (int player = 1; player <= 5; player++) // the burst
            {
                assertTrue(greedyResults[player - 1].startsWith("{\"seq\":1,\"player\":" + player + ",\"status\":\"ok\""),
                    greedyResults[player - 1]);
            }
            for (int player = 6; player <= 12; player++) // past it, answered in order, each with its seq and player
            {
                assertEquals("{\"seq\":1,\"player\":" + player + ",\"status\":\"rejected\",\"error\":\"rate_limited\"}",
                    greedyResults[player - 1]);
            }
            final String[] politeResults = new String(polite.readLines(2), StandardCharsets.UTF_8).split("\n");
            assertTrue(politeResults[0].startsWith("{\"seq\":1,\"player\":101,\"status\":\"ok\""), politeResults[0]);
            assertTrue(politeResults[1].startsWith("{\"seq\":1,\"player\":102,\"status\":\"ok\""), politeResults[1]);

            // A refused event changed nothing: sent again once the bucket refilled, it is accepted, not a duplicate.
            Thread.sleep(600);
            greedy.sendText(join(6));
            final String again = new String(greedy.readLines(1), StandardCharsets.UTF_8);
            assertTrue(again.startsWith("{\"seq\":1,\"player\":6,\"status\":\"ok\""), again);
        }
        assertEquals(7, server.metrics().eventsRateLimited.get());
        assertTrue(Servers.get(server, "/metrics").body().contains("scoreline_rate_limited_total{kind=\"event\"} 7.0\n"));
    }

    @Test
    void pushControlMessagesPastTheRateAreAnsweredRateLimited() throws Exception
    {
        server = Servers.started(config().pushControlRate(1).pushControlBurst(2));
        try (PushSubscriptionTest.Subscriber sub = PushSubscriptionTest.Subscriber.connect(server))
        {
            for (int i = 0; i < 4; i++)
            {
                sub.send("{\"subscribe\":\"nothing\"}");
            }
            final List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                answers.add(sub.next(line -> line.text.startsWith("{\"error\"")).text);
            }
            assertFalse(answers.get(0).contains("rate_limited"), answers.get(0));
            assertFalse(answers.get(1).contains("rate_limited"), answers.get(1));
            assertEquals("{\"error\":\"rate_limited\"}", answers.get(2));
            assertEquals("{\"error\":\"rate_limited\"}", answers.get(3));
        }
        assertTrue(Servers.get(server, "/metrics").body().contains("scoreline_rate_limited_total{kind=\"push_control\"} 2.0\n"));
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] join(final long player)
    {
        return ("{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":" + player + ",\"team\":7}")
            .getBytes(StandardCharsets.US_ASCII);
    }

    private Socket open() throws IOException
    {
        final Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        sockets.add(s);
        return s;
    }

    private static void send(final Socket s, final String text) throws IOException
    {
        final OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends {@code piece} every {@code everyMs} until interrupted or the socket fails. */
    private static Thread trickle(final Socket s, final String piece, final long everyMs)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    Thread.sleep(everyMs);
                    send(s, piece);
                }
            }
            catch (final InterruptedException | IOException e)
            {
                // the server closed it, or the test is done
            }
        }, "trickle");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Everything the server sends until it closes (a reset after the close counts as closed). */
    private static String readUntilClosed(final Socket s) throws IOException
    {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final InputStream in = s.getInputStream();
        final byte[] buffer = new byte[4096];
        try
        {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
            {
                got.write(buffer, 0, n);
            }
        }
        catch (final SocketTimeoutException e)
        {
            fail("not closed within 10 s; got: " + got.toString(StandardCharsets.ISO_8859_1));
        }
        catch (final IOException reset)
        {
            // connection reset: closed while our trickle was still writing
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status line of the next response (a close before it fails). */
    private static String readStatusLine(final Socket s) throws IOException
    {
        return readUntil(s.getInputStream(), "\r\n");
    }

    /** The bytes up to and including {@code end}; a close before it fails. */
    private static String readUntil(final InputStream in, final String end) throws IOException
    {
        final StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith(end))
        {
            final int b = in.read();
            if (b < 0)
            {
                fail("closed mid-response: " + got);
            }
            got.append((char)b);
        }
        return got.toString();
    }

    /** One response with a Content-Length body, leaving the connection open. */
    private static String readResponse(final Socket s) throws IOException
    {
        final InputStream in = s.getInputStream();
        final String head = readUntil(in, "\r\n\r\n");
        final String lower = head.toLowerCase();
        final int at = lower.indexOf("content-length: ");
        final int length = Integer.parseInt(lower.substring(at + 16, lower.indexOf("\r\n", at)).trim());
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /**
     * An open half-open socket is shown open by completing its request with {@code rest} and
     * reading an answer (a closed one would end mid-response); a closed one is read to its end
     * (a 408 before the close counts, and a reset) within the 10 s hang guard.
     */
    private static void assertOpenOrClosed(final boolean open, final Socket s, final String rest, final String what)
        throws IOException
    {
        if (open)
        {
            send(s, rest);
            final String answer = readStatusLine(s);
            assertTrue(answer.startsWith("HTTP/1.1 "), what + " answered: " + answer);
            assertFalse(answer.startsWith("HTTP/1.1 408 "), what + " was timed out: " + answer);
        }
        else
        {
            final String answer = readUntilClosed(s);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408 "), what + " closed, got: " + answer);
        }
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static long millisSince(final long startNanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void assertWithinTimeoutPlusOneSecond(final long elapsedMs, final int timeoutMs)
    {
        assertTrue(elapsedMs >= timeoutMs, "closed after " + elapsedMs + " ms, before the " + timeoutMs + " ms timeout");
        assertTrue(elapsedMs <= timeoutMs + 1000, "closed after " + elapsedMs + " ms, past the " + timeoutMs + " ms timeout + 1 s");
    }
}
