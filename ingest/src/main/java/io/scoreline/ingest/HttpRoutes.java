package io.scoreline.ingest;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.pipeline.log.EventLog;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The HTTP surface. A request either becomes work for the ring (POST /events: its body's lines
 * then an end marker; the GET reads: one query) or is answered at once (health, client errors).
 * Called by the {@link Ingress} when it is the request's turn on its connection.
 */
final class HttpRoutes
{
    static final int MAX_LIMIT = 100_000;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_AROUND = 100;
    static final int DEFAULT_AROUND = 5;

    private final Metrics metrics;
    private final ScoringPipeline pipeline;
    private final LongSupplier recoveredEvents;
    private final PrometheusMetrics prometheus;
    private final Ingress ingress;
    private final AdminSnapshot admin;

    /** Built by its {@link Ingress}, which hands requests to it and which it answers through. */
    HttpRoutes(final Metrics metrics, final ScoringPipeline pipeline, final LongSupplier recoveredEvents, final Ingress ingress,
        final AdminSnapshot admin)
    {
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.recoveredEvents = recoveredEvents;
        this.prometheus = new PrometheusMetrics(metrics, pipeline);
        this.ingress = ingress;
        this.admin = admin;
    }

    /** Takes ownership of the request (releases it or keeps its body as the connection's input). */
    void start(final Connection c, final FullHttpRequest request)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        try
        {
            if (!request.decoderResult().isSuccess())
            {
                final Throwable cause = request.decoderResult().cause();
                c.respond(Responses.error(c.channel.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "malformed request: " + (cause == null ? "unknown" : cause.getMessage())), false);
                return;
            }
            final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            final String path = uri.path();
            final HttpMethod method = request.method();
            c.keepAlive(keepAlive);
            final Route route = Route.of(path);
            if (route == null || route == Route.SNAPSHOT && admin == null)
            {
                c.respond(Responses.error(c.channel.alloc(), HttpResponseStatus.NOT_FOUND, "no such path: " + path), keepAlive);
                return;
            }
            if (!requireMethod(c, method, route.method, keepAlive))
            {
                return;
            }
            switch (route)
            {
                case EVENTS:
                    events(c, request, keepAlive);
                    return;
                case PROMOTE:
                    promote(c, keepAlive);
                    return;
                case SNAPSHOT:
                    admin.start(c, keepAlive);
                    return;
                case LIVE_PAGE:
                    c.respond(LivePage.response(c.channel.alloc(), path), keepAlive);
                    return;
                case HEALTH:
                    c.respond(health(c), keepAlive);
                    return;
                default:
                    break;
            }
            final HttpQuery query = query(path, uri);
            if (query == null)
            {
                c.respond(Responses.error(c.channel.alloc(), HttpResponseStatus.BAD_REQUEST, badParameters(path)), keepAlive);
                return;
            }
            c.startQuery(query);
        }
        finally
        {
            request.release();
        }
    }

    /** {@code POST /events}: the body's lines become the connection's input, unless the node refuses events. */
    private void events(final Connection c, final FullHttpRequest request, final boolean keepAlive)
    {
        final String refusal = ingress.refusal();
        if (refusal != null)
        {
            c.respond(Responses.error(c.channel.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, refusal), keepAlive);
            return;
        }
        c.startRequest(request.content().retain());
    }

    /**
     * {@code POST /admin/promote}: a follower becomes the primary (docs/REPLICATION.md). Takes
     * seconds (fencing, reading to the end of the log), so it runs on a thread of its own; the
     * connection's later requests wait for its answer.
     */
    private void promote(final Connection c, final boolean keepAlive)
    {
        final EventLog log = ingress.eventLog();
        if (log == null)
        {
            c.respond(Responses.error(c.channel.alloc(), HttpResponseStatus.CONFLICT,
                "this node runs on its own journal, not a replicated log: nothing to promote"), keepAlive);
            return;
        }
        c.httpBusy(true);
        final Thread promoter = new Thread(() ->
        {
            HttpResponseStatus status;
            String body;
            try
            {
                body = log.promote();
                status = HttpResponseStatus.OK;
            }
            catch (final IllegalStateException e)
            {
                status = HttpResponseStatus.CONFLICT;
                body = io.scoreline.pipeline.edge.JsonError.of(e.getMessage());
            }
            catch (final Exception e)
            {
                status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
                body = io.scoreline.pipeline.edge.JsonError.of("promotion failed: " + e);
            }
            final HttpResponseStatus answerStatus = status;
            final String answer = body;
            c.channel.eventLoop().execute(() ->
            {
                c.httpBusy(false);
                if (!c.closed)
                {
                    c.respond(Responses.text(c.channel.alloc(), answerStatus, Responses.JSON, answer), keepAlive);
                    ingress.drain(c);
                }
            });
        }, "scoreline-promote");
        promoter.setDaemon(true);
        promoter.start();
    }

    private static boolean requireMethod(
        final Connection c, final HttpMethod method, final HttpMethod allowed, final boolean keepAlive)
    {
        if (allowed.equals(method))
        {
            return true;
        }
        final FullHttpResponse response = Responses.error(
            c.channel.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED, method + " not allowed, use " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed.name());
        c.respond(response, keepAlive);
        return false;
    }

    private FullHttpResponse health(final Connection c)
    {
        final EventLog log = ingress.eventLog();
        if (log != null && ingress.isRecovered())
        {
            // A fenced primary is alive but no longer serves its role: not healthy for a load balancer.
            final EventLog.Role role = log.role();
            final boolean fenced = role == EventLog.Role.FENCED;
            return Responses.text(c.channel.alloc(), fenced ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
                Responses.JSON, "{\"status\":\"" + (fenced ? "fenced" : "ok") + "\",\"role\":\"" + role.label + "\"}");
        }
        if (ingress.isRecovered())
        {
            return Responses.text(c.channel.alloc(), HttpResponseStatus.OK, Responses.JSON,
                "{\"status\":\"ok\",\"recovered\":" + recoveredEvents.getAsLong() + "}");
        }
        return Responses.text(c.channel.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, Responses.JSON,
            "{\"status\":\"recovering\"}");
    }

    /** The query for a known GET path, or null when its parameters are bad. */
    private HttpQuery query(final String path, final QueryStringDecoder uri)
    {
        switch (path)
        {
            case "/metrics":
                return new MetricsQuery(prometheus);
            case "/leaderboard":
            case "/leaderboard/teams":
            {
                final long limit = intParam(uri, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT);
                final long offset = intParam(uri, "offset", 0, 0, Integer.MAX_VALUE);
                if (limit < 0 || offset < 0)
                {
                    return null;
                }
                return new LeaderboardQuery("/leaderboard/teams".equals(path), (int)offset, (int)limit);
            }
            default:
            {
                final long player = parseLong(path.substring("/players/".length()), 1, Long.MAX_VALUE);
                final long around = intParam(uri, "around", DEFAULT_AROUND, 0, MAX_AROUND);
                if (player < 0 || around < 0)
                {
                    return null;
                }
                return new PlayerQuery(player, (int)around);
            }
        }
    }

    private static String badParameters(final String path)
    {
        if (path.startsWith("/players/"))
        {
            return "player id must be an integer 1..2^63-1, around an integer 0.." + MAX_AROUND;
        }
        return "limit must be an integer 0.." + MAX_LIMIT + ", offset an integer >= 0";
    }

    /** The parameter's value, its default when absent, or -1 when it is not one integer in range. */
    private static long intParam(
        final QueryStringDecoder uri, final String name, final long defaultValue, final long min, final long max)
    {
        final List<String> values = uri.parameters().get(name);
        if (values == null)
        {
            return defaultValue;
        }
        return values.size() == 1 ? parseLong(values.get(0), min, max) : -1;
    }

    /** A decimal integer in [min, max] (min >= 0), or -1. */
    static long parseLong(final String text, final long min, final long max)
    {
        if (text.isEmpty() || text.length() > 19)
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char ch = text.charAt(i);
            if (ch < '0' || ch > '9')
            {
                return -1;
            }
            final int digit = ch - '0';
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value < min || value > max ? -1 : value;
    }
}
