package io.scoreline.ingest;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Bearer-token authentication for a service behind a gateway, checked once per HTTP request,
 * which covers the {@code /ws} and {@code /push} handshakes; a WebSocket's frames (the events)
 * are never checked (they pass with one {@code instanceof}). The handler stays for the channel's
 * life: removing it at an upgrade request would let a keep-alive connection whose upgrade failed
 * send later requests unchecked. Sits behind the HTTP aggregator and in front of {@link UpgradeRouter},
 * and only when a token is configured: with auth off the channel has no such handler at all.
 *
 * <p>Every request but {@code GET /health} and {@code GET /metrics} must carry
 * {@code Authorization: Bearer TOKEN}, or, for browsers that cannot set that header on a page
 * load or a WebSocket, the query parameter {@code access_token=TOKEN} (RFC 6750 section 2.3: the
 * live page at {@code /?access_token=TOKEN} passes it on to its script, style and {@code /push}).
 * Anything else is answered 401 with {@code WWW-Authenticate: Bearer} and the connection closed
 * (a refused WebSocket handshake too). The comparison is constant-time: SHA-256 of what was
 * presented against SHA-256 of the token with {@link MessageDigest#isEqual}, so neither the
 * token's bytes nor its length show in the time taken.
 */
@ChannelHandler.Sharable
final class BearerAuth extends ChannelInboundHandlerAdapter
{
    static final String QUERY_PARAMETER = "access_token";
    private static final String BEARER = "Bearer ";
    private static final System.Logger LOG = System.getLogger("scoreline.ingest");

    private final byte[] tokenDigest;
    private final Metrics metrics;

    BearerAuth(final String token, final Metrics metrics)
    {
        this.tokenDigest = sha256(token);
        this.metrics = metrics;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof FullHttpRequest && !allows((FullHttpRequest)msg))
        {
            final FullHttpRequest request = (FullHttpRequest)msg;
            request.release();
            metrics.requestsUnauthorized.incrementAndGet();
            final FullHttpResponse response = Responses.error(ctx.alloc(), HttpResponseStatus.UNAUTHORIZED,
                "missing or wrong bearer token");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"scoreline\"");
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    boolean allows(final FullHttpRequest request)
    {
        final String uri = request.uri();
        if (HttpMethod.GET.equals(request.method()) && isOpen(uri))
        {
            return true;
        }
        final String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null)
        {
            return header.regionMatches(true, 0, BEARER, 0, BEARER.length()) &&
                matches(header.substring(BEARER.length()).trim());
        }
        if (uri.indexOf('?') < 0)
        {
            return false;
        }
        final List<String> values = new QueryStringDecoder(uri).parameters().get(QUERY_PARAMETER);
        return values != null && values.size() == 1 && matches(values.get(0));
    }

    private boolean matches(final String presented)
    {
        return MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    /** {@code /health} and {@code /metrics}, with or without a query string. */
    private static boolean isOpen(final String uri)
    {
        final int query = uri.indexOf('?');
        final String path = query < 0 ? uri : uri.substring(0, query);
        return "/health".equals(path) || "/metrics".equals(path);
    }

    private static byte[] sha256(final String text)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** One warning line when the service listens beyond loopback with no token; @return whether it warned. */
    static boolean warnIfOpenBeyondLoopback(final IngestSettings config)
    {
        if (config.authToken() != null || isLoopback(config.host()))
        {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, "scoreline: listening on " + config.host() + " without authentication: anyone" +
            " who reaches the port can post events and read everything (set --auth-token-file or SCORELINE_AUTH_TOKEN)");
        return true;
    }

    private static boolean isLoopback(final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException e)
        {
            return false; // the bind fails with its own message
        }
    }
}
