package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ScoringEngine;

/**
 * Stage 2: the 47 rules. Owns the engine, hence the player state and the player index.
 *
 * <p>Players arrive in random order, so scoring is bound by cache misses on their records. The
 * stage sees a whole batch of parsed slots at once and prefetches the next {@link #GROUP} of
 * them in two passes (index slots, then records) before scoring: their misses overlap instead
 * of queuing one after another (measured about -25% per event at 1M players).
 */
final class ScoreHandler implements EventHandler<EventSlot>
{
    static final int GROUP = 16;

    private final ScoringEngine engine;
    private RingBuffer<EventSlot> ring;
    private long batchSize;
    private long batchEnd = -1;
    private long prefetchedUntil;
    private boolean batchStarted;

    ScoreHandler(final ScoringEngine engine)
    {
        this.engine = engine;
    }

    /** Set once before the first event is published: slots ahead are read from the ring. */
    void ring(final RingBuffer<EventSlot> ring)
    {
        this.ring = ring;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        this.batchSize = batchSize;
        this.batchStarted = true;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (batchStarted)
        {
            batchStarted = false;
            batchEnd = sequence + batchSize - 1;
            prefetchedUntil = Math.max(prefetchedUntil, sequence + 1);
        }
        if (ring != null && sequence + GROUP >= prefetchedUntil && prefetchedUntil <= batchEnd)
        {
            prefetch(prefetchedUntil, Math.min(batchEnd + 1, sequence + 2 * GROUP));
        }
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

    /** Slots in [from, until) are parsed and not yet scored: this stage owns reading them. */
    private void prefetch(final long from, final long until)
    {
        for (long s = from; s < until; s++)
        {
            final GameEvent e = ring.get(s).event;
            if (isPlayerEvent(ring.get(s), e))
            {
                engine.prefetchIndex(e.player);
            }
        }
        for (long s = from; s < until; s++)
        {
            final GameEvent e = ring.get(s).event;
            if (isPlayerEvent(ring.get(s), e))
            {
                engine.prefetchRecord(e.player);
            }
        }
        prefetchedUntil = until;
    }

    private static boolean isPlayerEvent(final EventSlot slot, final GameEvent e)
    {
        return slot.command == EventSlot.EVENT && e.error == ErrorCode.NONE && e.type != EventType.MATCH_EVENT;
    }
}
