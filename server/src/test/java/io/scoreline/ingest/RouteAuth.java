package io.scoreline.ingest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Walks the router's own route table ({@link Route}) with bearer auth on: every path, with every
 * method and every wrong credential, is refused 401, but for GET /health and GET /metrics
 * (SERVICE.md "Authentication"); with the token every route answers something else. Public for
 * the replication module's tests (a Kafka follower with auth on), through this module's test jar.
 */
public final class RouteAuth
{
    /** SERVICE.md: the only requests that need no token. */
    private static final Set<String> OPEN = Set.of("GET /health", "GET /metrics");
    /** The routes' own methods and the others a client may send. */
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    /** Paths no route answers, some next to real ones. */
    private static final List<String> UNKNOWN = List.of("/nope", "/players", "/admin", "/admin/snapshot/now", "/events/1", "/health/x");

    private RouteAuth()
    {
    }

    /** Every route's paths, the WebSocket paths as plain requests, and unknown paths. */
    static List<String> paths()
    {
        final List<String> out = new ArrayList<>();
        for (final Route route : Route.values())
        {
            out.addAll(route.paths());
        }
        out.addAll(Route.UPGRADES);
        out.add(io.scoreline.push.PushService.PATH); // the push module's upgrade, wired in by the server
        out.addAll(UNKNOWN);
        return out;
    }

    /**
     * Every path with every method, without a token, with wrong ones, another scheme, and a wrong
     * access_token: 401 with the challenge, but for the open requests. @return how many were refused.
     */
    public static int assertEveryRequestButTheOpenOnesIsRefused(final int port, final String token)
    {
        final List<String> wrong = Arrays.asList(null, "Bearer wrong", "Bearer " + token + "x", "Basic " + token, "Bearer");
        int refused = 0;
        for (final String path : paths())
        {
            for (final String method : METHODS)
            {
                final boolean open = OPEN.contains(method + " " + path);
                for (final String auth : wrong)
                {
                    refused += check(send(port, method, path, auth), open, method + " " + path + " with " + auth);
                }
                refused += check(send(port, method, path + "?access_token=wrong", null), open, method + " " + path + "?access_token=wrong");
            }
        }
        return refused;
    }

    private static int check(final HttpResponse<String> response, final boolean open, final String what)
    {
        if (open)
        {
            assertNotEquals(401, response.statusCode(), what);
            return 0;
        }
        assertEquals(401, response.statusCode(), what);
        assertEquals("Bearer realm=\"scoreline\"", response.headers().firstValue("WWW-Authenticate").orElse(""), what);
        if (!"HEAD".equals(response.request().method()))
        {
            assertEquals("{\"error\":\"missing or wrong bearer token\"}", response.body(), what);
        }
        return 1;
    }

    /**
     * The positive control: with the token (header, or access_token in the query), each route
     * with its own method answers, and not 401. {@code POST /admin/promote} goes last: on a
     * follower it promotes.
     */
    public static void assertEveryRouteAnswersWithTheToken(final int port, final String token)
    {
        final List<Route> routes = new ArrayList<>(Arrays.asList(Route.values()));
        routes.remove(Route.PROMOTE);
        routes.add(Route.PROMOTE);
        for (final Route route : routes)
        {
            for (final String path : route.paths())
            {
                final String method = route.method.name();
                assertNotEquals(401, send(port, method, path, "Bearer " + token).statusCode(), method + " " + path);
                if (route != Route.PROMOTE)
                {
                    assertNotEquals(401, send(port, method, path + "?access_token=" + token, null).statusCode(),
                        method + " " + path + " with the token in the query");
                }
            }
        }
    }

    static HttpResponse<String> send(final int port, final String method, final String pathAndQuery, final String auth)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody());
        return Servers.send(auth == null ? request.build() : request.header("Authorization", auth).build());
    }
}
