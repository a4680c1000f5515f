package io.scoreline.pipeline;

/**
 * Where finished slots go: the last stage calls it, in ring order, once every stage (journal
 * included) has passed the slot. Implementations write {@link EventSlot#result} to a file or a
 * connection, deliver a query's answer, or release a barrier. Must not keep the slot.
 *
 * <p>The thread that calls it is <em>the sink thread</em> (the board stage's when staged, the
 * consumer's when fused, the I/O thread's when inline); the sinks' classes name it so.
 */
@FunctionalInterface
public interface ResultSink
{
    void onSlot(EventSlot slot, boolean endOfBatch);
}
