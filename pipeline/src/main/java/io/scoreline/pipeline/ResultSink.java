package io.scoreline.pipeline;

/**
 * Where finished slots go: the last stage calls it, in ring order, once every stage (journal
 * included) has passed the slot. Implementations write {@link EventSlot#result} to a file or a
 * connection, deliver a query's answer, or release a barrier. Must not keep the slot.
 */
@FunctionalInterface
public interface ResultSink
{
    void onSlot(EventSlot slot, boolean endOfBatch);
}
