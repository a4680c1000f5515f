package io.scoreline.pipeline;

import net.openhft.affinity.AffinityLock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the stage threads, remembers them (allocation accounting, tests), and pins each to a
 * core of its own when asked and when there are enough cores: one per stage plus one for the
 * producer. On this project's 2-core machines that is never the case (and the topology is fused),
 * so pinning logs why it is skipped instead of piling stages onto one core.
 */
final class StageThreads implements ThreadFactory
{
    private static final System.Logger LOG = System.getLogger("scoreline.pipeline");
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final boolean pin;

    /** @param coresNeeded one per stage thread plus one for the producer. */
    StageThreads(final boolean pinRequested, final int coresNeeded)
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        pin = pinRequested && cores >= coresNeeded;
        if (pinRequested && !pin)
        {
            LOG.log(System.Logger.Level.WARNING, "thread pinning skipped: needs " + coresNeeded +
                " cores (one per stage and the producer), this process has " + cores);
        }
    }

    @Override
    public Thread newThread(final Runnable stage)
    {
        final Runnable body = pin ? () -> runPinned(stage) : stage;
        final Thread thread = new Thread(body, "scorer-stage-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    List<Thread> threads()
    {
        return List.copyOf(threads);
    }

    private static void runPinned(final Runnable stage)
    {
        final AffinityLock lock = AffinityLock.acquireLock();
        try
        {
            stage.run();
        }
        finally
        {
            lock.release();
        }
    }
}
