package io.scoreline.ingest;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoServerTest
{
    private static final String RESULT =
        "{\"seq\":123456,\"player\":48371,\"status\":\"ok\",\"delta\":100,\"total\":2400,\"rank\":1517,\"rules\":[\"R01\",\"R47\"]}\n";

    @Test
    void shouldAnswerEachEventLineOfAWebSocketMessageWithOneFixedResultLineAndSkipBlankLines() throws Exception
    {
        try (EchoServer server = EchoServer.start(new ServerConfig().host("127.0.0.1").port(0));
             RawWebSocket ws = RawWebSocket.connect(server.port()))
        {
            ws.readTimeout(10_000);
            // Three events, one blank line and a last line without '\n' (GAME.md section 1: still an event).
            ws.sendText("{\"a\":1}\n \t\r\n{\"b\":2}\n{\"c\":3}".getBytes(StandardCharsets.US_ASCII));
            ws.sendText("{\"d\":4}\n".getBytes(StandardCharsets.US_ASCII));

            final String four = new String(ws.readLines(4), StandardCharsets.US_ASCII);

            assertEquals(RESULT.repeat(4), four);
            assertEquals(102, RESULT.length() - 1, "a scored event's typical result length");
        }
    }

    @Test
    void shouldAnswerHealthAndServeTheHiccupSeriesOnItsMetricsPage() throws Exception
    {
        try (EchoServer server = EchoServer.start(new ServerConfig().host("127.0.0.1").port(0)))
        {
            final HttpResponse<String> health = get(server, "/health");
            assertEquals(200, health.statusCode());
            assertEquals(404, get(server, "/leaderboard").statusCode());

            Thread.sleep(200); // the probe (started with the server) wakes every 0.5 ms: a few hundred samples
            final String metrics = get(server, "/metrics").body();

            assertTrue(metrics.contains("# TYPE scoreline_hiccup_seconds summary\n"), metrics);
            assertTrue(metrics.matches("(?s).*\nscoreline_hiccup_seconds\\{quantile=\"0\\.99\"} [0-9.eE-]+\n.*"), metrics);
        }
    }

    @Test
    void shouldCountEventLinesAsTheIngressSplitsThem()
    {
        assertEquals(0, EchoHandler.lines(io.netty.buffer.Unpooled.copiedBuffer("", StandardCharsets.US_ASCII)));
        assertEquals(0, EchoHandler.lines(io.netty.buffer.Unpooled.copiedBuffer("\n \r\n\t\n", StandardCharsets.US_ASCII)));
        assertEquals(1, EchoHandler.lines(io.netty.buffer.Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII)));
        assertEquals(2, EchoHandler.lines(io.netty.buffer.Unpooled.copiedBuffer("x\n\ny\n", StandardCharsets.US_ASCII)));
        assertEquals(3, EchoHandler.lines(io.netty.buffer.Unpooled.copiedBuffer("x\ny\n z", StandardCharsets.US_ASCII)));
    }

    private static HttpResponse<String> get(final EchoServer server, final String path)
    {
        return Servers.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build());
    }
}
