package io.scoreline.push;

import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * What the sink thread ({@link PushDispatcher}, writes) tells the push loop ({@link PushHub},
 * reads): whether a change is carried over to the next end of batch, and result latency for the
 * stats push. Built first, so that the hub is built before the dispatcher that needs it.
 */
final class SinkReport
{
    static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Some change did not fit the hand-off and waits for the next end of batch (the push loop nudges one). */
    volatile boolean carrying;
    /** Result latency as the sink thread sees it, for the stats push (events of clients only). */
    final Recorder latency = new Recorder(1, HIGHEST_NANOS, 2);
}
