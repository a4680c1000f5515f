package io.scoreline.pipeline;

import io.scoreline.leaderboard.DeferredBoard;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ResultEncoder;
import io.scoreline.rules.Score;

/**
 * Moves the player and team on their boards, takes the player's rank, encodes the result, and
 * answers queries. The only code that touches {@link Boards}. A player's rank comes from counts by
 * total ({@link DeferredBoard}); the ordered board catches up when a query or a full log needs it.
 * Prefetches the counts of the player's new and previous totals.
 */
final class BoardStage implements Stage
{
    private final Boards boards;
    private long prefetchSink;

    BoardStage(final Boards boards)
    {
        this.boards = boards;
    }

    @Override
    public void onSlot(final EventSlot slot)
    {
        if (slot.command == EventSlot.EVENT)
        {
            onScored(slot);
        }
        else if (slot.command == EventSlot.QUERY)
        {
            slot.query.answer(boards, slot.queryHandle);
        }
    }

    /**
     * The ring is empty: applies a few of the logged moves (or sets a few leaves of the stale leaf
     * index), so that a query finds the ordered board nearly caught up instead of pausing the
     * board thread for a whole batch (issue 24). A step is {@link #IDLE_MOVES} moves, a few cache
     * misses each: an event arriving meanwhile waits at most that. Returns whether more is left.
     */
    boolean idle()
    {
        return boards.playerRanks().catchUpSome(IDLE_MOVES);
    }

    static final int IDLE_MOVES = 32;

    /** Counts a slot a stage failed on; the runner calls it where this stage would have run. */
    void onFailed()
    {
        boards.countInternalError();
    }

    @Override
    public int prefetchPhases()
    {
        return 1;
    }

    @Override
    public void prefetch(final EventSlot slot, final int phase)
    {
        final Score score = slot.score;
        if (slot.command == EventSlot.EVENT && !slot.failed && score.status == Score.OK && score.playerHandle >= 0)
        {
            prefetchSink += boards.playerRanks().prefetch(score.total, score.playerWasOnBoard ? score.playerPreviousTotal : score.total);
        }
    }

    private void onScored(final EventSlot slot)
    {
        final Score score = slot.score;
        final GameEvent event = slot.event;
        boards.count(score);
        if (slot.rebuild != null)
        {
            boards.rebuild(slot.rebuild);
        }
        int rank = 0;
        if (score.status == Score.OK && score.playerHandle >= 0)
        {
            final DeferredBoard players = boards.playerRanks();
            rank = score.playerMoved
                ? players.move(score.playerHandle, score.total, score.playerReachedAt,
                    score.playerWasOnBoard, score.playerPreviousTotal, score.playerPreviousReachedAt)
                : players.rankUnmoved(score.playerHandle, score.total, score.playerPreviousReachedAt);
            if (score.teamMoved)
            {
                boards.teams().update(score.team, score.teamTotal, score.teamReachedAt);
            }
        }
        slot.rank = rank;
        slot.resultLength = ResultEncoder.encode(event, score, rank, slot.result, 0);
    }
}
