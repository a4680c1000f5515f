package io.scoreline.pipeline;

import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ScoringEngine;

/**
 * The 47 rules. Owns the engine, hence the player state and the player index; resolves a
 * query's player to its board handle on the way. Bound by cache misses on the player's index
 * slot and record (and a treasure's finders), which it prefetches in two phases.
 */
final class ScoreStage implements Stage
{
    private final ScoringEngine engine;
    private final Corrections corrections;
    /** Ordinal of the last event scored: where a snapshot taken now stands. */
    private long lastOrdinal = -1;

    ScoreStage(final ScoringEngine engine, final java.nio.file.Path history, final boolean touchedOnly)
    {
        this.engine = engine;
        this.corrections = new Corrections(engine, history, touchedOnly);
    }

    /** Before any slot: the state was restored from a snapshot taken after {@code ordinal}. */
    void resumeAfter(final long ordinal)
    {
        lastOrdinal = ordinal;
    }

    @Override
    public void onSlot(final EventSlot slot)
    {
        if (slot.command == EventSlot.EVENT)
        {
            lastOrdinal = slot.ordinal;
            engine.score(slot.event, slot.ordinal, slot.score);
            slot.rebuild = null;
            if (slot.score.voidTarget >= 0)
            {
                slot.rebuild = corrections.apply(slot.event, slot.ordinal, slot.score);
            }
        }
        else if (slot.command == EventSlot.QUERY)
        {
            final long playerId = slot.query.playerId();
            slot.queryHandle = playerId == 0 ? -1 : engine.handleOf(playerId);
            if (slot.query instanceof SnapshotRequest)
            {
                ((SnapshotRequest)slot.query).atScoreStage(engine, lastOrdinal);
            }
        }
    }

    /** The undo log's file window moves here, after a run's results, not inside an event. */
    @Override
    public void endOfRun()
    {
        engine.endOfRun();
    }

    @Override
    public int prefetchPhases()
    {
        return 2;
    }

    /** Phase 0: the player's index slot; phase 1: the record it points at (and a treasure_found's finders). */
    @Override
    public void prefetch(final EventSlot slot, final int phase)
    {
        final GameEvent e = slot.event;
        if (slot.command == EventSlot.EVENT && e.error == ErrorCode.NONE && e.type != EventType.MATCH_EVENT)
        {
            if (phase == 0)
            {
                engine.prefetchIndex(e.player);
            }
            else
            {
                engine.prefetchRecord(e); // the record, and a treasure's finders line
            }
        }
    }
}
