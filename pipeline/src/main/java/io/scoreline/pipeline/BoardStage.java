package io.scoreline.pipeline;

import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ResultEncoder;
import io.scoreline.rules.Score;

/**
 * Moves the player and team on their boards, takes the player's rank, encodes the result, and
 * answers queries. The only code that touches {@link Boards}. Prefetches a player's board entry
 * (phase 0) and the leaves it leaves and joins (phase 1).
 */
final class BoardStage implements Stage
{
    private final Boards boards;

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

    /** Counts a slot a stage failed on; the runner calls it where this stage would have run. */
    void onFailed()
    {
        boards.countInternalError();
    }

    @Override
    public int prefetchPhases()
    {
        return 2;
    }

    @Override
    public void prefetch(final EventSlot slot, final int phase)
    {
        final Score score = slot.score;
        if (slot.command == EventSlot.EVENT && !slot.failed && score.status == Score.OK && score.playerHandle >= 0)
        {
            final Leaderboard players = boards.players();
            if (phase == 0)
            {
                players.prefetchHandle(score.playerHandle);
            }
            else
            {
                players.prefetchLeaves(score.playerHandle, score.total);
            }
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
            if (score.playerMoved)
            {
                boards.players().update(score.playerHandle, event.player, score.total, score.playerReachedAt);
            }
            rank = boards.players().rank(score.playerHandle);
            if (score.teamMoved)
            {
                boards.teams().update(score.team, score.teamTotal, score.teamReachedAt);
            }
        }
        slot.rank = rank;
        slot.resultLength = ResultEncoder.encode(event, score, rank, slot.result, 0);
    }
}
