package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ResultEncoder;
import io.scoreline.rules.Score;

/**
 * Stage 3: moves the player and team on their boards, takes the player's rank, encodes the
 * result, and answers queries. The only thread that touches {@link Boards}.
 */
final class BoardHandler implements EventHandler<EventSlot>
{
    private final Boards boards;
    private final ResultSink inlineSink;

    /** @param inlineSink the sink to call from this stage when there is no separate emit stage, or null. */
    BoardHandler(final Boards boards, final ResultSink inlineSink)
    {
        this.boards = boards;
        this.inlineSink = inlineSink;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.failed)
        {
            boards.countInternalError();
        }
        else if (slot.command == EventSlot.EVENT)
        {
            onScored(slot);
        }
        else if (slot.command == EventSlot.QUERY)
        {
            slot.query.answer(boards, slot.queryHandle);
        }
        if (inlineSink != null)
        {
            inlineSink.onSlot(slot, endOfBatch);
        }
    }

    private void onScored(final EventSlot slot)
    {
        final Score score = slot.score;
        final GameEvent event = slot.event;
        boards.count(score);
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
                boards.teams().update(score.team, score.team, score.teamTotal, score.teamReachedAt);
            }
        }
        slot.rank = rank;
        slot.resultLength = ResultEncoder.encode(event, score, rank, slot.result, 0);
    }
}
