package io.scoreline.pipeline;

/**
 * One step of the chain journal -> parse -> score -> board. A stage owns what it writes and
 * knows nothing of threads: the topology ({@link ScoringPipeline}) runs it on a thread of its
 * own ({@link StageHandler}) or in order with the others on one thread ({@link StageChain}).
 *
 * <p>Memory-bound stages also say what an upcoming slot will touch, in dependent phases (phase 1
 * may read what phase 0 loaded), so that a runner can touch a whole group of slots phase by
 * phase and their cache misses overlap instead of queuing one after another.
 */
interface Stage
{
    /** Does this stage's work on one slot; never called for a slot an earlier stage failed on. */
    void onSlot(EventSlot slot);

    /** Phases of {@link #prefetch}; 0 for a stage that reads nothing outside the slot. */
    default int prefetchPhases()
    {
        return 0;
    }

    /** Touches, read only, what {@link #onSlot} will need for this slot in the given phase. */
    default void prefetch(final EventSlot slot, final int phase)
    {
    }

    /** After a run of slots, before any of them leaves the pipeline (the journal forces here). */
    default void endOfRun()
    {
    }
}
