package io.scoreline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Starting test servers and talking HTTP to them. */
final class Servers
{
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Servers()
    {
    }

    /**
     * A small server on an ephemeral port (tests need few players and a short ring). Snapshots off
     * (no timer, none at close), so that a restart replays the whole journal; snapshot tests turn them on.
     */
    static ServerConfig config(final Path journal)
    {
        final ServerConfig config = new ServerConfig().port(0).journalDir(journal).maxPlayers(100_000).ringSize(1024);
        config.snapshots().intervalSeconds(0);
        return config;
    }

    static ScorerServer started(final ServerConfig config) throws Exception
    {
        final ScorerServer server = ScorerServer.start(config);
        server.awaitRecovered(Duration.ofSeconds(10));
        return server;
    }

    static HttpResponse<String> get(final ScorerServer server, final String path)
    {
        return send(HttpRequest.newBuilder(uri(server, path)).GET().build());
    }

    static HttpResponse<String> post(final ScorerServer server, final String path, final byte[] body)
    {
        return send(HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
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

    static URI uri(final ScorerServer server, final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Sends raw bytes on a fresh socket and returns everything the server answers until it closes. */
    static String rawExchange(final int port, final byte[] request) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            final InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
