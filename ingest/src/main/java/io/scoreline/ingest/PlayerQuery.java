package io.scoreline.ingest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.pipeline.Boards;
import io.scoreline.pipeline.edge.JsonError;

/**
 * {@code GET /players/{id}}: the player's total and rank and the entries around it,
 * {@code {"player":7,"total":50000,"rank":1,"around":[{"rank":1,"player":7,"score":50000},...]}};
 * 404 for a player with no accepted event.
 */
final class PlayerQuery extends HttpQuery
{
    private final long playerId;
    private final int around;

    PlayerQuery(final long playerId, final int around)
    {
        this.playerId = playerId;
        this.around = around;
    }

    @Override
    public long playerId()
    {
        return playerId;
    }

    @Override
    HttpResponseStatus answer(final Boards boards, final int playerHandle, final StringBuilder json)
    {
        final Leaderboard players = boards.players();
        if (playerHandle < 0 || !players.contains(playerHandle))
        {
            json.append(JsonError.of("unknown player " + playerId));
            return HttpResponseStatus.NOT_FOUND;
        }
        json.append("{\"player\":").append(playerId)
            .append(",\"total\":").append(players.total(playerHandle))
            .append(",\"rank\":").append(players.rank(playerHandle))
            .append(",\"around\":[");
        players.forEachAround(playerHandle, around, around, (rank, id, total) ->
        {
            if (json.charAt(json.length() - 1) != '[')
            {
                json.append(',');
            }
            json.append("{\"rank\":").append(rank).append(",\"player\":").append(id).append(",\"score\":").append(total).append('}');
        });
        json.append("]}");
        return HttpResponseStatus.OK;
    }
}
