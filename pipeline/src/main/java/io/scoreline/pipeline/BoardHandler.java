package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ResultEncoder;
import io.scoreline.rules.Score;

/**
 * Stage 3: moves the player and team on their boards, takes the player's rank, encodes the
 * result, and answers queries. The only thread that touches {@link Boards}. The pipeline's
 * busiest stage at scale (a board update costs several cache misses), so it prefetches the next
 * group's board entries like the score stage does.
 */
final class BoardHandler implements EventHandler<EventSlot>
{
    private final Boards boards;
    private final ResultSink sink;
    private final StageExceptionHandler failures;
    final Lookahead lookahead = new Lookahead(this::prefetch);

    /** @param sink where each finished slot goes: this is the last stage. */
    BoardHandler(final Boards boards, final ResultSink sink, final StageExceptionHandler failures)
    {
        this.boards = boards;
        this.sink = sink;
        this.failures = failures;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        lookahead.onBatchStart(batchSize);
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        lookahead.beforeEvent(sequence);
        try
        {
            if (!slot.failed)
            {
                handle(slot);
            }
        }
        catch (final RuntimeException ex)
        {
            failures.handleEventException(ex, sequence, slot); // here, not in Disruptor: the inline sink must still see the slot
        }
        if (slot.failed)
        {
            boards.countInternalError();
        }
        if (sink != null)
        {
            sink.onSlot(slot, endOfBatch);
        }
    }

    private void handle(final EventSlot slot)
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

    /** Two passes over the coming group: the players' own board entries, then their leaves. */
    private void prefetch(final RingBuffer<EventSlot> ring, final long from, final long until)
    {
        final Leaderboard players = boards.players();
        for (long s = from; s < until; s++)
        {
            final Score score = ring.get(s).score;
            if (isMove(ring.get(s), score))
            {
                players.prefetchHandle(score.playerHandle);
            }
        }
        for (long s = from; s < until; s++)
        {
            final Score score = ring.get(s).score;
            if (isMove(ring.get(s), score))
            {
                players.prefetchLeaves(score.playerHandle, score.total);
            }
        }
    }

    private static boolean isMove(final EventSlot slot, final Score score)
    {
        return slot.command == EventSlot.EVENT && !slot.failed && score.status == Score.OK && score.playerHandle >= 0;
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
                boards.teams().update(score.team, score.teamTotal, score.teamReachedAt);
            }
        }
        slot.rank = rank;
        slot.resultLength = ResultEncoder.encode(event, score, rank, slot.result, 0);
    }
}
