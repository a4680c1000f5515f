package io.scoreline.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each bad input gets its own answer (SERVICE.md wire protocol) and touches no one else: a
 * well-behaved WebSocket client, connected before the bad one, is served right after.
 */
class BadInputTest
{
    /** The scenario's first event and its golden result: a fresh player joins. */
    private static final byte[] JOIN = "{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":1,\"team\":7}"
        .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path journal;

    private ScorerServer server;
    private RawWebSocket goodClient;

    @BeforeEach
    void start() throws Exception
    {
        server = Servers.started(Servers.config(journal));
        goodClient = RawWebSocket.connect(server.port());
    }

    @AfterEach
    void stop() throws Exception
    {
        goodClient.close();
        server.close();
    }

    @Test
    void frameOverOneMebibyteIsClosedWith1009() throws Exception
    {
        try (RawWebSocket bad = RawWebSocket.connect(server.port()))
        {
            bad.sendHeaderOnly(RawWebSocket.TEXT, (1 << 20) + 1);
            assertEquals(1009, bad.awaitCloseCode());
        }
        assertGoodClientServed();
    }

    @Test
    void fragmentedMessageOverOneMebibyteIsClosedWith1009() throws Exception
    {
        try (RawWebSocket bad = RawWebSocket.connect(server.port()))
        {
            final byte[] part = new byte[600 * 1024];
            Arrays.fill(part, (byte)' ');
            bad.sendFrame(RawWebSocket.TEXT, part, false);
            bad.sendFrame(0, part, true);
            assertEquals(1009, bad.awaitCloseCode());
        }
        assertGoodClientServed();
    }

    @Test
    void binaryFrameIsClosedWith1003() throws Exception
    {
        try (RawWebSocket bad = RawWebSocket.connect(server.port()))
        {
            bad.sendFrame(RawWebSocket.BINARY, JOIN, true);
            assertEquals(1003, bad.awaitCloseCode());
        }
        assertGoodClientServed();
    }

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() throws Exception
    {
        try (RawWebSocket bad = RawWebSocket.connect(server.port()))
        {
            final byte[] invalid = "{\"type\":\"join\",\"x\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1); // lone 0xFF
            bad.sendText(invalid);
            assertEquals(1007, bad.awaitCloseCode());
        }
        assertGoodClientServed();
    }

    @Test
    void malformedHttpRequestGets400() throws Exception
    {
        final String answer = Servers.rawExchange(server.port(),
            "GET /health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertGoodClientServed();
    }

    @Test
    void unknownPathGets404AndWrongMethodGets405() throws Exception
    {
        assertEquals(404, Servers.get(server, "/nowhere").statusCode());
        assertEquals(405, Servers.get(server, "/events").statusCode());
        final var wrongMethod = Servers.post(server, "/leaderboard", new byte[0]);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("allow").orElse(""));
        assertGoodClientServed();
    }

    @Test
    void bodyOverOneMebibyteGets413() throws Exception
    {
        final String answer = Servers.rawExchange(server.port(), ("POST /events HTTP/1.1\r\nHost: x\r\n" +
            "Content-Length: 2000000\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertGoodClientServed();
    }

    @Test
    void badQueryParametersGet400() throws Exception
    {
        assertEquals(400, Servers.get(server, "/leaderboard?limit=abc").statusCode());
        assertEquals(400, Servers.get(server, "/leaderboard?limit=-1").statusCode());
        assertEquals(400, Servers.get(server, "/leaderboard?limit=100001").statusCode());
        assertEquals(400, Servers.get(server, "/leaderboard/teams?offset=1.5").statusCode());
        assertEquals(400, Servers.get(server, "/players/0").statusCode());
        assertEquals(400, Servers.get(server, "/players/seven").statusCode());
        assertEquals(400, Servers.get(server, "/players/99999999999999999999").statusCode());
        assertGoodClientServed();
    }

    @Test
    void goodClientIsServedWhileABadOneIsBeingClosed() throws Exception
    {
        try (RawWebSocket bad = RawWebSocket.connect(server.port()))
        {
            goodClient.sendText(JOIN);
            bad.sendFrame(RawWebSocket.BINARY, JOIN, true);
            assertEquals(firstScenarioResult(), new String(goodClient.readLines(1), StandardCharsets.UTF_8));
            assertEquals(1003, bad.awaitCloseCode());
        }
    }

    private void assertGoodClientServed() throws Exception
    {
        goodClient.sendText(JOIN);
        assertEquals(firstScenarioResult(), new String(goodClient.readLines(1), StandardCharsets.UTF_8));
    }

    private static String firstScenarioResult()
    {
        return Golden.resultLines("scenario").get(0) + "\n";
    }
}
