package io.scoreline.pipeline;

import io.scoreline.rules.EngineCapture;
import io.scoreline.rules.ScoringEngine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot's passage through the ring: a query slot, so it stands between two events. The score
 * stage captures the engine there (copy on write arms, {@link ScoringEngine#capture}); the board
 * stage, at the same point of the ring, copies its counters and lets the writer go on. Neither
 * waits for anything: the bytes are copied and written off the stages.
 */
final class SnapshotRequest implements BoardQuery
{
    private final EngineCapture capture;
    private final CountDownLatch passed = new CountDownLatch(1);
    private volatile boolean captured;
    private long[] counters;

    SnapshotRequest(final EngineCapture capture)
    {
        this.capture = capture;
    }

    /** Score stage thread. */
    void atScoreStage(final ScoringEngine engine, final long lastOrdinal)
    {
        captured = engine.capture(capture, lastOrdinal);
    }

    /** Board stage thread. */
    @Override
    public void answer(final Boards boards, final int playerHandle)
    {
        counters = boards.counters();
        passed.countDown();
    }

    /**
     * Waits until the request passed the board stage. @return whether the engine was captured
     * (false: too little reserved for the players there are, nothing armed).
     */
    boolean await(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!passed.await(timeout, unit))
        {
            throw new IllegalStateException("snapshot request not through the ring within " + timeout + " " + unit);
        }
        return captured;
    }

    long[] counters()
    {
        return counters;
    }
}
