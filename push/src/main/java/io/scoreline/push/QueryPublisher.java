package io.scoreline.push;

import io.scoreline.pipeline.BoardQuery;

/**
 * Push's one way into the ring, which has a single producer that is not push's: the push loop
 * hands its subscription changes and periodic board reads to the producer, which publishes them
 * in the order handed. Thread-safe; never blocks (the producer publishes when the ring has room).
 */
@FunctionalInterface
public interface QueryPublisher
{
    /**
     * @param query   answered on the board thread, then seen by {@link PushService#sink()} in ring order.
     * @param context goes into the slot's {@code context}: the sink recognises its own queries by it.
     */
    void publish(BoardQuery query, Object context);
}
