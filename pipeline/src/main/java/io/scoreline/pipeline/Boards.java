package io.scoreline.pipeline;

import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.leaderboard.TeamBoard;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.Score;

/**
 * What the board stage owns: both leaderboards (GAME.md section 6) and the event counters.
 * Only the board thread touches it; everyone else reads it through a {@link BoardQuery}.
 */
public final class Boards
{
    public static final int TEAMS = 65_536;

    private final Leaderboard players;
    private final TeamBoard teams = new TeamBoard(TEAMS);
    private final long[] byStatus = new long[4];
    private final long[] byError = new long[ErrorCode.COUNT];
    private long internalErrors;

    /** @param ids where the player board reads ids: the engine's records, so they are not stored twice. */
    Boards(final int maxPlayers, final Leaderboard.IdSource ids)
    {
        players = Leaderboard.inArrivalOrder(maxPlayers, ids);
    }

    public Leaderboard players()
    {
        return players;
    }

    public TeamBoard teams()
    {
        return teams;
    }

    /** Events scored with a {@link Score} status (OK, DUPLICATE, REJECTED). */
    public long eventsWithStatus(final int status)
    {
        return byStatus[status];
    }

    public long eventsRejectedWith(final int errorCode)
    {
        return byError[errorCode];
    }

    /** Events a stage failed on (a bug): answered with error "internal". */
    public long internalErrors()
    {
        return internalErrors;
    }

    void count(final Score score)
    {
        byStatus[score.status]++;
        if (score.status == Score.REJECTED)
        {
            byError[score.error]++;
        }
    }

    void countInternalError()
    {
        internalErrors++;
    }
}
