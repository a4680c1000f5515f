package io.scoreline.ingest;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * Every HTTP route {@link HttpRoutes} answers, and the table it dispatches on: a route cannot be
 * answered without being listed here, so the tests that walk this list (AuthTest) cover a new
 * route the day it is added. The WebSocket upgrades ({@code /ws}, {@code /push}) are taken before
 * the router, by the channel's WebSocket handler and {@link UpgradeRouter}.
 */
enum Route
{
    EVENTS(HttpMethod.POST, "/events"),
    PROMOTE(HttpMethod.POST, "/admin/promote"),
    /** Only when snapshots are on; otherwise its path is unknown (404). */
    SNAPSHOT(HttpMethod.POST, AdminSnapshot.PATH),
    /** The live page's assets ({@link LivePage}). */
    LIVE_PAGE(HttpMethod.GET, null),
    HEALTH(HttpMethod.GET, "/health"),
    METRICS(HttpMethod.GET, "/metrics"),
    LEADERBOARD(HttpMethod.GET, "/leaderboard"),
    TEAMS(HttpMethod.GET, "/leaderboard/teams"),
    /** A prefix: {@code /players/{id}}. */
    PLAYER(HttpMethod.GET, "/players/");

    private static final Route[] VALUES = values();
    /**
     * This module's WebSocket upgrade path, taken before this table (a plain request to it is
     * refused too). The push module's path is its own ({@code PushService.PATH}, behind a PushRoute).
     */
    static final List<String> UPGRADES = List.of(ChannelSetup.WS_PATH);

    final HttpMethod method;
    private final String path;

    Route(final HttpMethod method, final String path)
    {
        this.method = method;
        this.path = path;
    }

    /** The route of a request path (without its query), or null for an unknown path. */
    static Route of(final String requestPath)
    {
        if (LivePage.serves(requestPath))
        {
            return LIVE_PAGE;
        }
        if (requestPath.startsWith(PLAYER.path))
        {
            return PLAYER;
        }
        for (final Route route : VALUES)
        {
            if (requestPath.equals(route.path))
            {
                return route;
            }
        }
        return null;
    }

    /** Request paths that reach this route: each of the page's assets, one player. */
    List<String> paths()
    {
        if (this == LIVE_PAGE)
        {
            return new ArrayList<>(LivePage.paths());
        }
        return List.of(this == PLAYER ? path + "1" : path);
    }
}
