package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.scoreline.ingest.PushSubscriptionTest.clue;
import static io.scoreline.ingest.PushSubscriptionTest.join;
import static io.scoreline.ingest.PushSubscriptionTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The live page in a real headless Chromium, driven over the Chrome DevTools Protocol: it loads
 * from the server, subscribes over /push, and its tables follow the events posted afterwards.
 */
class LivePageTest
{
    /** {@code -Dscoreline.chromium}, else the browser bin/ensure-chromium found or installed before the tests. */
    private static final Path CHROMIUM = chromium();

    private static Path chromium()
    {
        final String named = System.getProperty("scoreline.chromium");
        if (named != null)
        {
            return Path.of(named);
        }
        final Path found = Path.of("target", "chromium.path"); // surefire runs in the module's directory
        try
        {
            return Files.isReadable(found) ? Path.of(Files.readString(found).trim()) : Path.of("/usr/bin/chromium");
        }
        catch (final java.io.IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }
    private static final String PLAYER_ROWS = "Array.from(document.querySelectorAll('#players tbody tr'))" +
        ".map(r => Array.from(r.cells).map(c => c.textContent).join(' ')).join('|')";
    private static final String TEAM_ROWS = PLAYER_ROWS.replace("#players", "#teams");
    private static final String STATS = "['events', 'p50', 'p99'].map(id => document.getElementById(id).textContent).join('|')";
    /** The page's latency figure: "840 µs" or "1.2 ms" (live.js micros()); "-" (no figure) fails. */
    private static final Pattern FIGURE = Pattern.compile("(\\d+(?:\\.\\d)?) (\u00b5s|ms)");

    @TempDir
    Path journal;

    @TempDir
    Path profile;

    @Test
    void theLivePageShowsTheTopPlayersAndTeamsAsEventsArrive() throws Exception
    {
        showsTheTopPlayersAndTeamsAsEventsArrive(null);
    }

    /** With auth on, the page opened as /?access_token=TOKEN loads its script and style and subscribes with it. */
    @Test
    void theLivePageWorksWithAuthOnThroughTheTokenInItsUrl() throws Exception
    {
        showsTheTopPlayersAndTeamsAsEventsArrive("live-page-token");
    }

    private void showsTheTopPlayersAndTeamsAsEventsArrive(final String token) throws Exception
    {
        if (!Files.isExecutable(CHROMIUM))
        {
            fail(CHROMIUM + " is missing: run mvn verify (bin/ensure-chromium installs Debian's chromium package when missing)" +
                " or pass -Dscoreline.chromium=PATH");
        }
        try (ScorerServer server = Servers.started(Servers.config(journal).authToken(token));
             Browser browser = Browser.launch(profile))
        {
            browser.navigate("http://127.0.0.1:" + server.port() + "/" + (token == null ? "" : "?access_token=" + token));
            assertEquals("live", browser.await("document.getElementById('status').textContent", "live"::equals));
            assertEquals("", browser.evaluate(PLAYER_ROWS));

            // 11 and 13 join (100 each, 11 first); 12 joins and solves a clue: 100 + 20 + 100 + 50 = 270.
            final long postStart = System.nanoTime();
            final String events = String.join("\n", join(11, 1, 5), join(12, 1, 3), clue(12, 2, 3, 60_000), join(13, 1, 5));
            if (token == null)
            {
                post(server, events);
            }
            else
            {
                assertEquals(200, Servers.send(java.net.http.HttpRequest.newBuilder(Servers.uri(server, "/events"))
                    .header("Authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(events)).build()).statusCode());
            }
            final long roundTripMicros = (System.nanoTime() - postStart) / 1000;

            assertEquals("1 12 270|2 11 100|3 13 100", browser.await(PLAYER_ROWS, "1 12 270|2 11 100|3 13 100"::equals));
            // Team 3: 270; team 5: 100 + 100.
            assertEquals("1 3 270|2 5 200", browser.await(TEAM_ROWS, "1 3 270|2 5 200"::equals));
            // The stats push that counts the 4 events carries their latency (its window is the last 10 s):
            // read the count and both figures from one snapshot of the page.
            final String stats = browser.await(STATS, text -> text.startsWith("4|"));
            final String[] figures = stats.split("\\|");
            assertEquals(3, figures.length, stats);
            assertEquals("4", figures[0], stats);
            final long p50 = micros(figures[1]);
            final long p99 = micros(figures[2]);
            // Arrival of the POST to each result ready on the server is part of the client's round trip.
            assertTrue(p50 >= 0 && p50 <= p99, stats);
            // (+50 us: above 1 ms the page rounds to 0.1 ms)
            assertTrue(p99 <= roundTripMicros + 50, stats + " but the whole POST took " + roundTripMicros + " us");
        }
    }

    /** Microseconds shown by a latency figure of the page (rounded down to the 0.1 ms it shows above 1 ms). */
    private static long micros(final String figure)
    {
        final Matcher m = FIGURE.matcher(figure);
        assertTrue(m.matches(), "not a latency figure: '" + figure + "'");
        return "ms".equals(m.group(2)) ? (long)(Double.parseDouble(m.group(1)) * 1000) : Long.parseLong(m.group(1));
    }

    /** A headless Chromium and one page of it, over CDP (flattened sessions on the browser socket). */
    static final class Browser implements WebSocket.Listener, AutoCloseable
    {
        private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");
        private static final Pattern SESSION = Pattern.compile("\"sessionId\":\"([^\"]+)\"");
        private static final Pattern TARGET = Pattern.compile("\"targetId\":\"([^\"]+)\"");

        private final Process process;
        private final Path profile;
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<String>> calls = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private String session;

        private Browser(final Process process, final Path profile, final String url) throws Exception
        {
            this.process = process;
            this.profile = profile;
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this)
                .get(10, TimeUnit.SECONDS);
        }

        static Browser launch(final Path profile) throws Exception
        {
            final Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            final CompletableFuture<String> url = new CompletableFuture<>();
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = err.readLine()) != null)
                    {
                        final int at = line.indexOf("DevTools listening on ");
                        if (at >= 0)
                        {
                            url.complete(line.substring(at + "DevTools listening on ".length()).trim());
                        }
                    }
                }
                catch (final Exception ignored)
                {
                    // the process went away
                }
                url.completeExceptionally(new IllegalStateException("chromium exited without a DevTools URL"));
            }, "chromium-stderr");
            reader.setDaemon(true);
            reader.start();
            try
            {
                final Browser browser = new Browser(process, profile, url.get(15, TimeUnit.SECONDS));
                browser.openPage();
                return browser;
            }
            catch (final Exception e)
            {
                kill(process);
                throw e;
            }
        }

        private void openPage() throws Exception
        {
            final String created = call(null, "Target.createTarget", "{\"url\":\"about:blank\"}");
            final Matcher target = TARGET.matcher(created);
            assertTrue(target.find(), created);
            final String attached = call(null, "Target.attachToTarget",
                "{\"targetId\":\"" + target.group(1) + "\",\"flatten\":true}");
            final Matcher id = SESSION.matcher(attached);
            assertTrue(id.find(), attached);
            session = id.group(1);
        }

        void navigate(final String url) throws Exception
        {
            call(session, "Page.navigate", "{\"url\":\"" + url + "\"}");
        }

        /** The expression's value as a string (the page's own JS, run in the page). */
        String evaluate(final String expression) throws Exception
        {
            final String reply = call(session, "Runtime.evaluate",
                "{\"expression\":" + quote("String(" + expression + ")") + ",\"returnByValue\":true}");
            final int at = reply.indexOf("\"value\":\"");
            if (at < 0)
            {
                throw new IllegalStateException("no value in " + reply);
            }
            return unquote(reply, at + "\"value\":".length());
        }

        /** Polls the expression until its value passes, for up to 10 s; returns the last value. */
        String await(final String expression, final java.util.function.Predicate<String> done) throws Exception
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String value = null;
            while (System.nanoTime() < deadline)
            {
                try
                {
                    value = evaluate(expression);
                }
                catch (final IllegalStateException e)
                {
                    value = e.getMessage(); // page still loading
                }
                if (done.test(value))
                {
                    return value;
                }
                Thread.sleep(50);
            }
            return value;
        }

        private String call(final String sessionId, final String method, final String params) throws Exception
        {
            final int id = ids.incrementAndGet();
            final CompletableFuture<String> reply = new CompletableFuture<>();
            calls.put(id, reply);
            final String message = "{\"id\":" + id + (sessionId == null ? "" : ",\"sessionId\":\"" + sessionId + "\"") +
                ",\"method\":\"" + method + "\",\"params\":" + params + "}";
            socket.sendText(message, true).get(5, TimeUnit.SECONDS);
            final String answer = reply.get(10, TimeUnit.SECONDS);
            if (answer.contains("\"error\":{"))
            {
                throw new IllegalStateException(method + " failed: " + answer);
            }
            return answer;
        }

        @Override
        public void onOpen(final WebSocket webSocket)
        {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final String message = partial.toString();
                partial.setLength(0);
                final Matcher id = ID.matcher(message);
                if (id.find())
                {
                    final CompletableFuture<String> reply = calls.remove(Integer.parseInt(id.group(1)));
                    if (reply != null)
                    {
                        reply.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close()
        {
            socket.abort();
            kill(process);
            // Chromium keeps its singleton socket in a /tmp folder of its own, linked from the profile.
            try
            {
                final Path link = profile.resolve("SingletonSocket");
                if (Files.isSymbolicLink(link))
                {
                    final Path folder = Files.readSymbolicLink(link).getParent();
                    if (folder != null && folder.getFileName().toString().startsWith("org.chromium.Chromium."))
                    {
                        try (java.util.stream.Stream<Path> files = Files.walk(folder))
                        {
                            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                        }
                    }
                }
            }
            catch (final java.io.IOException ignored)
            {
                // best effort
            }
        }

        private static void kill(final Process process)
        {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try
            {
                if (!process.waitFor(5, TimeUnit.SECONDS))
                {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private static String quote(final String text)
        {
            final StringBuilder out = new StringBuilder("\"");
            for (final char c : text.toCharArray())
            {
                if (c == '"' || c == '\\')
                {
                    out.append('\\').append(c);
                }
                else if (c < 0x20)
                {
                    out.append(String.format("\\u%04x", (int)c));
                }
                else
                {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        /** The JSON string starting at {@code at} (its opening quote), unescaped. */
        private static String unquote(final String json, final int at)
        {
            final StringBuilder out = new StringBuilder();
            for (int i = at + 1; i < json.length(); i++)
            {
                final char c = json.charAt(i);
                if (c == '"')
                {
                    return out.toString();
                }
                if (c != '\\')
                {
                    out.append(c);
                    continue;
                }
                final char e = json.charAt(++i);
                switch (e)
                {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u': out.append((char)Integer.parseInt(json.substring(i + 1, i + 5), 16)); i += 4; break;
                    default: out.append(e);
                }
            }
            throw new IllegalStateException("unterminated string in " + json);
        }
    }
}
