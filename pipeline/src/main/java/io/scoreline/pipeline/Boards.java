package io.scoreline.pipeline;

import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.leaderboard.TeamBoard;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.Score;
import io.scoreline.rules.ScoringEngine;

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
    /** The handles of the last restore in board order, until {@link #forEachRestored} hands them on once. */
    private int[] restoredOrder;

    /**
     * The player-board updates the last {@link #restore} made, in its order, once: a copy of the
     * board fed them (push's shard copy) equals the board. Frees the order afterwards.
     */
    void forEachRestored(final ScoringEngine engine, final ScoringPipeline.PlayerMoves moves)
    {
        final int[] order = restoredOrder;
        restoredOrder = null;
        if (order == null)
        {
            return;
        }
        for (int i = 0; i < order.length; i++)
        {
            final int h = order[i];
            moves.onMove(h, engine.playerId(h), engine.totalOf(h), i);
        }
    }

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

    /** The event counters, for a snapshot: by status, by error, then internal errors. */
    long[] counters()
    {
        final long[] all = new long[byStatus.length + byError.length + 1];
        System.arraycopy(byStatus, 0, all, 0, byStatus.length);
        System.arraycopy(byError, 0, all, byStatus.length, byError.length);
        all[all.length - 1] = internalErrors;
        return all;
    }

    /**
     * Rebuilds both boards and the counters from a restored engine, before any event: players
     * appended in board order (so each goes to the end, and ties keep that order; the reachedAt
     * given is the place, below every ordinal to come), teams with their own totals and reachedAts.
     */
    void restore(final int[] order, final ScoringEngine engine, final long[] counters)
    {
        restoredOrder = order;
        for (int i = 0; i < order.length; i++)
        {
            final int h = order[i];
            players.update(h, engine.playerId(h), engine.totalOf(h), i);
        }
        for (int team = 0; team < TEAMS; team++)
        {
            if (engine.teamSeen(team))
            {
                teams.update(team, engine.teamTotal(team), engine.teamReachedAt(team));
            }
        }
        System.arraycopy(counters, 0, byStatus, 0, byStatus.length);
        System.arraycopy(counters, byStatus.length, byError, 0, byError.length);
        internalErrors = counters[counters.length - 1];
    }

    /** Length of {@link #counters()}. */
    static int counterCount()
    {
        return 4 + ErrorCode.COUNT + 1;
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
