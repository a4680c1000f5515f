package io.scoreline.pipeline;

import io.scoreline.rules.EngineCapture;
import io.scoreline.rules.ScoringEngine;

/**
 * Both boards as they must be right after a void (GAME.md section 7), taken by the score stage
 * then and applied by the board stage when the void's slot reaches it: on the fused topology the
 * score stage has by then scored later slots of the group, so the board cannot read the engine.
 * Players by handle in board order (handles a correction left without an event are not on it).
 */
public final class BoardImage
{
    /** Player handles in board order, with their ids and totals. */
    public final int[] handles;
    public final long[] ids;
    public final long[] totals;
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
        this.rescored = rescored;
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
        for (int team = 0; team < Boards.TEAMS; team++)
        {
            image.teamSeen[team] = engine.teamSeen(team);
            image.teamTotal[team] = engine.teamTotal(team);
            image.teamReachedAt[team] = engine.teamReachedAt(team);
        }
        return image;
    }
}
