package io.scoreline.pipeline;

import io.scoreline.journal.PageAdvice;
import io.scoreline.rules.ScoringEngine;

/** The state the stages own: the engine (player records and index) and the boards. */
final class ScoringState
{
    final ScoringEngine engine;
    final Boards boards;

    ScoringState(final PipelineConfig config)
    {
        engine = new ScoringEngine(config.rulebook(), config.maxPlayers(), PipelineConfig.MAX_TREASURE, config.snapshotChunkBytes());
        engine.voidReach(config.voidReach());
        if (config.undoFile() != null)
        {
            engine.undoEvents(config.undoEvents(), config.undoFile(), PageAdvice::dontNeed);
        }
        else
        {
            engine.undoEvents(config.undoEvents());
        }
        boards = new Boards(config.maxPlayers(), engine::playerId);
    }

    /** Bytes of the engine's preallocated state (records, id index, finders). */
    long stateBytes()
    {
        return engine.allocatedBytes();
    }

    /** Bytes of the preallocated boards (the player board; the team board is a few KiB). */
    long boardBytes()
    {
        return boards.playerRanks().allocatedBytes();
    }

    /**
     * Bytes of preallocated state per player slot: the engine's record and id index plus the
     * player board's share. Fixed-size tables (treasure finders, teams) are not per player.
     */
    double bytesPerPlayer()
    {
        return engine.bytesPerPlayer() + (double)boards.playerRanks().allocatedBytes() / boards.playerRanks().capacity();
    }
}
