package io.scoreline.pipeline;

import io.scoreline.leaderboard.DeferredBoard;
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
    private static final System.Logger LOG = System.getLogger("scoreline.corrections");

    private final DeferredBoard players;
    private final TeamBoard teams = new TeamBoard(TEAMS);
    private final long[] byStatus = new long[4];
    private final long[] byError = new long[ErrorCode.COUNT];
    private long internalErrors;
    /** GAME.md section 7: voids applied, and the events scored again for them. */
    private long voidsApplied;
    private long eventsRescored;

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
        if (order != null)
        {
            copyRestored(order, engine, moves);
        }
    }

    /** The updates a {@link #restore} with {@code order} makes, to {@code moves}: reads the engine's records only. */
    static void copyRestored(final int[] order, final ScoringEngine engine, final ScoringPipeline.PlayerMoves moves)
    {
        for (int i = 0; i < order.length; i++)
        {
            final int h = order[i];
            moves.onMove(h, engine.playerId(h), engine.totalOf(h), i);
        }
    }

    /** The restored players were handed on while the boards were rebuilt ({@link SnapshotFile#load}): not again. */
    void restoredCopied()
    {
        restoredOrder = null;
    }

    Boards(final int maxPlayers, final Leaderboard.IdSource ids)
    {
        players = new DeferredBoard(maxPlayers, ids);
    }

    /** The ordered player board, exact at the last event this stage took: the moves logged since are applied first. */
    public Leaderboard players()
    {
        return players.board();
    }

    /** The player board as the board stage sees it per event: ranks from counts, the order caught up in batches. */
    DeferredBoard playerRanks()
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

    public long voidsApplied()
    {
        return voidsApplied;
    }

    public long eventsRescored()
    {
        return eventsRescored;
    }

    /** The event counters, for a snapshot: by status, by error, internal errors, voids applied, events re-scored. */
    long[] counters()
    {
        final long[] all = new long[counterCount()];
        System.arraycopy(byStatus, 0, all, 0, byStatus.length);
        System.arraycopy(byError, 0, all, byStatus.length, byError.length);
        all[byStatus.length + byError.length] = internalErrors;
        all[all.length - 2] = voidsApplied;
        all[all.length - 1] = eventsRescored;
        return all;
    }

    /**
     * After a void (GAME.md section 7): both boards become the image the score stage took right
     * after it. A whole image: players appended in board order with their place as reachedAt, as
     * a restore does (places stay below every ordinal to come: a player needs an event of its own).
     * A partial one: its players taken off, then put in at their ranks in ascending order
     * ({@link BoardChanges} says why that is the corrected board).
     */
    void rebuild(final BoardImage image)
    {
        final long start = System.nanoTime();
        if (image.partial)
        {
            applyChanges(image, players.board());
        }
        else
        {
            players.clear();
            for (int i = 0; i < image.handles.length; i++)
            {
                players.place(image.handles[i], image.totals[i], i);
            }
        }
        image.board = players.board();
        teams.clear();
        for (int team = 0; team < TEAMS; team++)
        {
            if (image.teamSeen[team])
            {
                teams.update(team, image.teamTotal[team], image.teamReachedAt[team]);
            }
        }
        voidsApplied++;
        eventsRescored += image.rescored;
        LOG.log(System.Logger.Level.INFO, "void: boards " + (image.partial ? "changed (" + image.handles.length + " players moved)" :
            "rebuilt") + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /**
     * A partial image on the ordered board, caught up first (every logged move applied, so the
     * deferred board's counts are the tree's again): the tree's own remove and insert keep those
     * counts, and the tie order ranks read from the tree, in step with the changes.
     */
    private static void applyChanges(final BoardImage image, final Leaderboard board)
    {
        for (final int h : image.removed)
        {
            board.remove(h);
        }
        for (final int h : image.handles)
        {
            board.remove(h);
        }
        for (int i = 0; i < image.handles.length; i++)
        {
            board.insertAtRank(image.handles[i], image.ids[i], image.totals[i], image.ranks[i]);
        }
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
            players.place(h, engine.totalOf(h), i);
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
        internalErrors = counters[byStatus.length + byError.length];
        voidsApplied = counters[counters.length - 2];
        eventsRescored = counters[counters.length - 1];
    }

    /** Length of {@link #counters()}. */
    static int counterCount()
    {
        return 4 + ErrorCode.COUNT + 3;
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
