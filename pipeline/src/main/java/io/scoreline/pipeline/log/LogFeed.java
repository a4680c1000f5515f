package io.scoreline.pipeline.log;

import io.scoreline.pipeline.ScoringPipeline;

import java.util.function.Consumer;

/** How an {@link EventLog} puts events read from the log into the ring: as its single producer. */
public interface LogFeed
{
    /**
     * Runs the task on the ring's producer thread (the worker event loop), which may publish
     * events and queries there, and waits until it returned.
     */
    void asProducer(Consumer<ScoringPipeline> task) throws InterruptedException;

    /**
     * A client's event that got no result and never will here (this node was fenced while it was
     * in flight): answers its connection 503 with the message, or closes it, so that the client
     * resends to the new primary. Any thread; ignores contexts that are not client connections.
     */
    void abandon(Object context, String message);
}
