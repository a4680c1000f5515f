package io.scoreline.replication;

import io.scoreline.ingest.ScorerServer;
import io.scoreline.ingest.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scoreline nodes on a Kafka log for tests, and talking HTTP to them. */
final class Nodes
{
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ENTRY = Pattern.compile("\\{\"rank\":(\\d+),\"(?:player|team)\":(\\d+),\"score\":(-?\\d+)}");

    private Nodes()
    {
    }

    static ServerConfig config(final KafkaLog log)
    {
        return new ServerConfig().port(0).maxPlayers(100_000).ringSize(1024).eventLog(log);
    }

    static ScorerServer primary(final String bootstrap, final String topic) throws Exception
    {
        final ScorerServer server = ScorerServer.start(config(KafkaLog.primary(new KafkaSettings(bootstrap, topic))));
        server.awaitRecovered(Duration.ofSeconds(30));
        awaitRole(server.port(), "primary");
        return server;
    }

    static ScorerServer follower(final String bootstrap, final String topic) throws Exception
    {
        final ScorerServer server = ScorerServer.start(config(KafkaLog.follower(new KafkaSettings(bootstrap, topic))));
        server.awaitRecovered(Duration.ofSeconds(30));
        return server;
    }

    static void awaitRole(final int port, final String role) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline)
        {
            try
            {
                last = get(port, "/health").body();
                if (last.contains("\"role\":\"" + role + "\""))
                {
                    return;
                }
            }
            catch (final UncheckedIOException notYet)
            {
                last = notYet.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node on port " + port + " not " + role + " within 60 s: " + last);
    }

    /** Waits until the node's /metrics gauge has the value. */
    static void awaitMetric(final int port, final String name, final long value) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = Long.MIN_VALUE;
        while (System.nanoTime() < deadline)
        {
            last = metric(port, name);
            if (last == value)
            {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " on port " + port + " is " + last + ", not " + value + " within 60 s");
    }

    static long metric(final int port, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (-?[0-9.Ee+]+)$").matcher(get(port, "/metrics").body());
        if (!m.find())
        {
            throw new AssertionError("no " + name + " in /metrics");
        }
        return (long) Double.parseDouble(m.group(1)); // the client prints 5.0, 1.0E7
    }

    static HttpResponse<String> get(final int port, final String path)
    {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpResponse<String> post(final int port, final String path, final byte[] body)
    {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends one text message on /ws and returns the first text frame answered. */
    static String webSocketAnswer(final int port, final String message) throws Exception
    {
        final java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
        final java.net.http.WebSocket ws = Nodes.HTTP.newWebSocketBuilder()
            .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/ws"), new java.net.http.WebSocket.Listener()
            {
                @Override
                public java.util.concurrent.CompletionStage<?> onText(final java.net.http.WebSocket socket, final CharSequence data,
                    final boolean last)
                {
                    answer.complete(data.toString());
                    return null;
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendText(message, true);
        try
        {
            return answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        finally
        {
            ws.abort();
        }
    }

    private static URI uri(final int port, final String path)
    {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Player standings in GAME.md section 6's CSV, from GET /leaderboard. */
    static String standings(final int port)
    {
        return csv(get(port, "/leaderboard?limit=100000").body(), "player");
    }

    static String teams(final int port)
    {
        return csv(get(port, "/leaderboard/teams?limit=100000").body(), "team");
    }

    private static String csv(final String json, final String idColumn)
    {
        final StringBuilder csv = new StringBuilder("rank," + idColumn + ",score\n");
        final Matcher m = ENTRY.matcher(json);
        while (m.find())
        {
            csv.append(m.group(1)).append(',').append(m.group(2)).append(',').append(m.group(3)).append('\n');
        }
        return csv.toString();
    }

    // ---------------------------------------------------------------- the golden sample (GAME.md)

    static Path golden(final String file)
    {
        return Paths.get(System.getProperty("scoreline.golden"), "sample-101", file);
    }

    static String goldenText(final String file) throws IOException
    {
        return Files.readString(golden(file), StandardCharsets.UTF_8);
    }

    /** The sample's event lines (blank lines are not events, GAME.md section 1), each without '\n'. */
    static List<byte[]> goldenEvents() throws IOException
    {
        final byte[] all = Files.readAllBytes(golden("events.ndjson"));
        final List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++)
        {
            if (i == all.length || all[i] == '\n')
            {
                final byte[] line = Arrays.copyOfRange(all, start, i);
                if (!isBlank(line))
                {
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** GAME.md: a line of only spaces, tabs and '\r' is not an event. */
    private static boolean isBlank(final byte[] line)
    {
        for (final byte b : line)
        {
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }

    static List<String> goldenResults() throws IOException
    {
        return Arrays.asList(goldenText("results.ndjson").split("\n"));
    }

    /** Lines [from, to) joined as one NDJSON body. */
    static byte[] body(final List<byte[]> lines, final int from, final int to)
    {
        int size = 0;
        for (int i = from; i < to; i++)
        {
            size += lines.get(i).length + 1;
        }
        final byte[] body = new byte[size];
        int at = 0;
        for (int i = from; i < to; i++)
        {
            final byte[] line = lines.get(i);
            System.arraycopy(line, 0, body, at, line.length);
            at += line.length;
            body[at++] = '\n';
        }
        return body;
    }
}
