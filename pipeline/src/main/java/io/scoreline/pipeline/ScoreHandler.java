package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import io.scoreline.rules.ScoringEngine;

/** Stage 2: the 47 rules. Owns the engine, hence the player state and the player index. */
final class ScoreHandler implements EventHandler<EventSlot>
{
    private final ScoringEngine engine;

    ScoreHandler(final ScoringEngine engine)
    {
        this.engine = engine;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.failed)
        {
            return;
        }
        if (slot.command == EventSlot.EVENT)
        {
            engine.score(slot.event, slot.ordinal, slot.score);
        }
        else if (slot.command == EventSlot.QUERY)
        {
            final long playerId = slot.query.playerId();
            slot.queryHandle = playerId == 0 ? -1 : engine.handleOf(playerId);
        }
    }
}
