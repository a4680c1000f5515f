package io.scoreline.ingest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scoreline.leaderboard.Ranking;
import io.scoreline.pipeline.Boards;

/**
 * {@code GET /leaderboard} and {@code GET /leaderboard/teams}: a page of a board in rank order,
 * {@code {"size":N,"players":[{"rank":1,"player":7,"score":50000},...]}} (key "teams"/"team" for teams).
 */
final class LeaderboardQuery extends HttpQuery
{
    private final boolean teams;
    private final int offset;
    private final int limit;

    LeaderboardQuery(final boolean teams, final int offset, final int limit)
    {
        this.teams = teams;
        this.offset = offset;
        this.limit = limit;
    }

    @Override
    HttpResponseStatus answer(final Boards boards, final int playerHandle, final StringBuilder json)
    {
        final Ranking board = teams ? boards.teams() : boards.players();
        final String idName = teams ? ",\"team\":" : ",\"player\":";
        json.append("{\"size\":").append(board.size()).append(teams ? ",\"teams\":[" : ",\"players\":[");
        board.forEachInRange(offset, limit, (rank, id, total) ->
        {
            if (json.charAt(json.length() - 1) != '[')
            {
                json.append(',');
            }
            json.append("{\"rank\":").append(rank).append(idName).append(id).append(",\"score\":").append(total).append('}');
        });
        json.append("]}");
        return HttpResponseStatus.OK;
    }
}
