package io.scoreline.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live leaderboard page ({@code GET /}) and its script and style, read once from the jar's
 * {@code web/} folder. The page itself talks to {@code /push}; it loads nothing from elsewhere.
 */
final class LivePage
{
    private static final Map<String, Asset> ASSETS = Map.of(
        "/", load("index.html", "text/html; charset=utf-8"),
        "/index.html", load("index.html", "text/html; charset=utf-8"),
        "/live.js", load("live.js", "text/javascript; charset=utf-8"),
        "/live.css", load("live.css", "text/css; charset=utf-8"));

    private LivePage()
    {
    }

    static boolean serves(final String path)
    {
        return ASSETS.containsKey(path);
    }

    /** The paths it serves, sorted. */
    static java.util.Set<String> paths()
    {
        return new java.util.TreeSet<>(ASSETS.keySet());
    }

    static FullHttpResponse response(final ByteBufAllocator alloc, final String path)
    {
        final Asset asset = ASSETS.get(path);
        final FullHttpResponse response = Responses.bytes(HttpResponseStatus.OK, asset.contentType,
            alloc.buffer(asset.bytes.length).writeBytes(asset.bytes));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        // With auth on the page's URL carries the token (?access_token=): never pass it on in a Referer.
        response.headers().set("Referrer-Policy", "no-referrer");
        return response;
    }

    private static Asset load(final String name, final String contentType)
    {
        try (InputStream in = LivePage.class.getResourceAsStream("/web/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("web/" + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Asset
    {
        final byte[] bytes;
        final String contentType;

        Asset(final byte[] bytes, final String contentType)
        {
            this.bytes = bytes;
            this.contentType = contentType;
        }
    }
}
