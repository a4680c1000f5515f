package io.scoreline.pipeline;

import io.scoreline.journal.PageAdvice;
import io.scoreline.rules.PageDropper;
import io.scoreline.rules.ScoringEngine;

/** The state the stages own: the engine (player records and index) and the boards. */
final class ScoringState
{
    /**
     * The undo log's pages: dropped behind its writer, and a void's window mapped in at once
     * (writable) before its walk; {@code -Dscoreline.voids.populate=read} maps them read-only (a
     * kept entry's write then faults), {@code =none} not at all (perf/README.md compares them).
     */
    private static final PageDropper UNDO_PAGES = new PageDropper()
    {
        private final String populate = System.getProperty("scoreline.voids.populate", "write");

        @Override
        public boolean dropPages(final long address, final long bytes)
        {
            return PageAdvice.dontNeed(address, bytes);
        }

        @Override
        public boolean populatePages(final long address, final long bytes)
        {
            return !"none".equals(populate) && PageAdvice.populate(address, bytes, !"read".equals(populate));
        }
    };

    final ScoringEngine engine;
    final Boards boards;

    ScoringState(final PipelineConfig config)
    {
        engine = new ScoringEngine(config.rulebook(), config.maxPlayers(), PipelineConfig.MAX_TREASURE, config.snapshotChunkBytes());
        engine.voidReach(config.voidReach());
        if (config.undoFile() != null)
        {
            engine.undoEvents(config.undoEvents(), config.undoFile(), UNDO_PAGES);
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
