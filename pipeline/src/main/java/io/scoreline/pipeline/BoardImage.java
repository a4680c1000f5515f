package io.scoreline.pipeline;

import io.scoreline.rules.EngineCapture;
import io.scoreline.rules.ScoringEngine;

/**
 * Both boards as they must be right after a void (GAME.md section 7), taken by the score stage
 * then and applied by the board stage when the void's slot reaches it: on the fused topology the
 * score stage has by then scored later slots of the group, so the board cannot read the engine.
 * Either whole (every player by handle in board order; handles a correction left without an
 * event are not on it) or, when {@link #partial}, the changes only ({@link BoardChanges}): the
 * players to take off, and the players to put in at their ranks, in ascending rank order.
 * Teams are always whole (65,536 of them).
 */
public final class BoardImage
{
    /** Player handles in board order (whole), or in ascending order of {@link #ranks} (partial); with ids and totals. */
    public final int[] handles;
    public final long[] ids;
    public final long[] totals;
    /** Partial: the rank each of {@link #handles} goes in at; null for a whole image. */
    public final int[] ranks;
    /** Partial: handles that leave the board (and their ids); empty for a whole image. */
    public final int[] removed;
    public final long[] removedIds;
    public final boolean partial;
    /**
     * The player board once the board stage applied this image: sinks on the board thread read
     * ranks from it (a partial image holds no ranks). Set by the board stage.
     */
    public io.scoreline.leaderboard.Leaderboard board;
    final long[] teamTotal = new long[Boards.TEAMS];
    final long[] teamReachedAt = new long[Boards.TEAMS];
    final boolean[] teamSeen = new boolean[Boards.TEAMS];
    /** Events scored again for this void. */
    public final long rescored;

    private BoardImage(final int players, final long rescored)
    {
        handles = new int[players];
        ids = new long[players];
        totals = new long[players];
        ranks = null;
        removed = new int[0];
        removedIds = new long[0];
        partial = false;
        this.rescored = rescored;
    }

    BoardImage(final int[] handles, final long[] ids, final long[] totals, final int[] ranks, final int[] removed,
        final long[] removedIds, final ScoringEngine engine, final long rescored)
    {
        this.handles = handles;
        this.ranks = ranks;
        this.ids = ids;
        this.totals = totals;
        this.removed = removed;
        this.removedIds = removedIds;
        this.partial = true;
        this.rescored = rescored;
        copyTeams(engine);
    }

    static BoardImage of(final ScoringEngine engine, final long rescored)
    {
        final int count = engine.playerCount();
        final int[] present = new int[count];
        int n = 0;
        for (int h = 0; h < count; h++)
        {
            if (engine.hasPlayer(h))
            {
                present[n++] = h;
            }
        }
        final long[] totals = new long[n];
        final long[] reached = new long[n];
        for (int i = 0; i < n; i++)
        {
            totals[i] = engine.totalOf(present[i]);
            reached[i] = engine.reachedAtOf(present[i]);
        }
        final int[] order = EngineCapture.boardOrder(totals, reached);
        final BoardImage image = new BoardImage(n, rescored);
        for (int i = 0; i < n; i++)
        {
            final int h = present[order[i]];
            image.handles[i] = h;
            image.ids[i] = engine.playerId(h);
            image.totals[i] = totals[order[i]];
        }
        image.copyTeams(engine);
        return image;
    }

    private void copyTeams(final ScoringEngine engine)
    {
        for (int team = 0; team < Boards.TEAMS; team++)
        {
            teamSeen[team] = engine.teamSeen(team);
            teamTotal[team] = engine.teamTotal(team);
            teamReachedAt[team] = engine.teamReachedAt(team);
        }
    }
}
