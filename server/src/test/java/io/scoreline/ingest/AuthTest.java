package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer auth (SERVICE.md "Authentication"): with a token, every route but GET /health and GET
 * /metrics answers 401 without it, with a wrong one, or with another scheme; the /ws and /push
 * handshakes are refused with 401; the token in the header, or in access_token for browsers, lets
 * everything through, and a WebSocket's events after the handshake need nothing more.
 */
class AuthTest
{
    private static final String TOKEN = "s3cret-Token_42";
    /** The first event of the golden scenario and its golden result. */
    private static final String JOIN = "{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":1,\"team\":7}";
    private static final String JOIN_RESULT =
        "{\"seq\":1,\"player\":1,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":1,\"rules\":[\"R01\",\"R47\"]}";
    private static final List<String> PROTECTED_GETS =
        List.of("/leaderboard", "/leaderboard/teams?limit=5", "/players/1", "/", "/index.html", "/live.js", "/live.css");

    @TempDir
    Path journal;

    @TempDir
    Path dir;

    /**
     * The paths come from the router's own table ({@link Route}, via {@link RouteAuth}): every
     * route, the admin ones included, each with every method, plus unknown paths and the
     * WebSocket paths as plain requests. Breaks caught: a route opened in BearerAuth.isOpen
     * (e.g. POST /admin/snapshot), or HEAD /health let through, fails on that request.
     */
    @Test
    void everyRouteButHealthAndMetricsAnswers401WithoutTheRightBearerToken() throws Exception
    {
        final ServerConfig config = Servers.config(journal).authToken(TOKEN);
        config.snapshots().intervalSeconds(3_600); // snapshots on, so that POST /admin/snapshot is a route
        try (ScorerServer server = Servers.started(config))
        {
            assertEquals(200, get(server, "/health", null).statusCode());
            assertEquals(200, get(server, "/metrics", null).statusCode());
            final int refused = RouteAuth.assertEveryRequestButTheOpenOnesIsRefused(server.port(), TOKEN);
            assertTrue(get(server, "/leaderboard", "Bearer " + TOKEN).body().startsWith("{\"size\":0,"),
                "nothing was scored by the refused requests");
            assertFalse(anySnapshot(), "no snapshot was taken by the refused requests");
            assertTrue(get(server, "/metrics", null).body().contains("\nscoreline_requests_unauthorized_total " + refused + ".0\n"),
                "every refusal counted: " + refused);

            RouteAuth.assertEveryRouteAnswersWithTheToken(server.port(), TOKEN);
            assertTrue(anySnapshot(), "POST /admin/snapshot with the token took one");
            final HttpResponse<String> posted = post(server, "/events", JOIN, "Bearer " + TOKEN);
            assertEquals(200, posted.statusCode());
            assertEquals(JOIN_RESULT + "\n", posted.body());
            assertEquals(200, get(server, "/players/1", "bearer " + TOKEN).statusCode(), "the scheme is case-insensitive");
            for (final String path : PROTECTED_GETS)
            {
                assertEquals(200, get(server, path, "Bearer " + TOKEN).statusCode(), path);
                assertEquals(200, get(server, path + (path.contains("?") ? "&" : "?") + "access_token=" + TOKEN, null)
                    .statusCode(), path + " with the token in the query");
            }
        }
    }

    @Test
    void theWebSocketHandshakesAreRefusedWith401WithoutTheTokenAndEventsFlowWithIt() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).authToken(TOKEN)))
        {
            for (final String path : new String[]{"/ws", "/push"})
            {
                assertTrue(Servers.rawExchange(server.port(), handshake(path, null))
                    .startsWith("HTTP/1.1 401 Unauthorized\r\n"), path);
                assertTrue(Servers.rawExchange(server.port(), handshake(path, "Bearer nope"))
                    .startsWith("HTTP/1.1 401 Unauthorized\r\n"), path);
                final ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> webSocket(server, path, null, new Collect()));
                assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
                assertEquals(401, ((WebSocketHandshakeException)refused.getCause()).getResponse().statusCode());
            }

            final Collect results = new Collect();
            final WebSocket ws = webSocket(server, "/ws", "Bearer " + TOKEN, results);
            ws.sendText(JOIN, true).get(5, TimeUnit.SECONDS);
            assertEquals(JOIN_RESULT, results.first.get(10, TimeUnit.SECONDS));
            ws.abort();

            // A browser's /push: the token in the query (the live page passes its own on).
            final Collect pushes = new Collect();
            final WebSocket push = webSocket(server, "/push?access_token=" + TOKEN, null, pushes);
            push.sendText("{\"subscribe\":\"top\",\"limit\":1}", true).get(5, TimeUnit.SECONDS);
            assertEquals("{\"push\":\"top\",\"limit\":1,\"players\":[{\"rank\":1,\"player\":1,\"score\":100}]}",
                pushes.first.get(10, TimeUnit.SECONDS));
            push.abort();
        }
    }

    @Test
    void theTokenComesFromItsFileOrTheEnvironmentAndMustBeOneWord() throws Exception
    {
        final Path file = dir.resolve("token");
        Files.writeString(file, "  " + TOKEN + "\n");
        assertEquals(TOKEN, new ServerConfig().authTokenFrom(file, "other").authToken(), "the file wins, trimmed");
        assertEquals("env-token", new ServerConfig().authTokenFrom(null, "env-token").authToken());
        assertEquals(null, new ServerConfig().authTokenFrom(null, null).authToken(), "neither: no auth");
        assertEquals(null, new ServerConfig().authTokenFrom(null, "").authToken());
        Files.writeString(file, "\n");
        assertEquals("auth token file " + file + " is empty", assertThrows(IllegalArgumentException.class,
            () -> new ServerConfig().authTokenFrom(file, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig().authTokenFrom(dir.resolve("none"), null));
        assertThrows(IllegalArgumentException.class, () -> Servers.config(journal).authToken("two words").validate());
    }

    @Test
    void aNonLoopbackBindWithoutATokenWarnsOnce()
    {
        assertTrue(BearerAuth.warnIfOpenBeyondLoopback(new ServerConfig().host("0.0.0.0")));
        assertFalse(BearerAuth.warnIfOpenBeyondLoopback(new ServerConfig().host("0.0.0.0").authToken(TOKEN)));
        assertFalse(BearerAuth.warnIfOpenBeyondLoopback(new ServerConfig().host("127.0.0.1")));
        assertFalse(BearerAuth.warnIfOpenBeyondLoopback(new ServerConfig().host("localhost")));
    }

    private boolean anySnapshot() throws java.io.IOException
    {
        final Path snapshots = journal.resolve("snapshots");
        if (!Files.isDirectory(snapshots))
        {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(snapshots))
        {
            return files.findAny().isPresent();
        }
    }

    private static byte[] handshake(final String path, final String auth)
    {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
            (auth == null ? "" : "Authorization: " + auth + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static HttpResponse<String> get(final ScorerServer server, final String path, final String auth)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(Servers.uri(server, path)).GET();
        return Servers.send(auth == null ? request.build() : request.header("Authorization", auth).build());
    }

    private static HttpResponse<String> post(final ScorerServer server, final String path, final String body, final String auth)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(Servers.uri(server, path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        return Servers.send(auth == null ? request.build() : request.header("Authorization", auth).build());
    }

    private static WebSocket webSocket(final ScorerServer server, final String path, final String auth, final Collect listener)
        throws Exception
    {
        final WebSocket.Builder builder = Servers.HTTP.newWebSocketBuilder();
        if (auth != null)
        {
            builder.header("Authorization", auth);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), listener).get(10, TimeUnit.SECONDS);
    }

    /** The first whole text message. */
    private static final class Collect implements WebSocket.Listener
    {
        final CompletableFuture<String> first = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                first.complete(text.toString().trim());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
