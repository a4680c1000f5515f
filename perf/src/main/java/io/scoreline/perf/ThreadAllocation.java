package io.scoreline.perf;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by a fixed set of threads between two points, from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} (HotSpot; elsewhere -1).
 */
final class ThreadAllocation
{
    private final long[] threadIds;
    private final com.sun.management.ThreadMXBean bean;
    private long[] start;

    ThreadAllocation(final long... threadIds)
    {
        this.threadIds = threadIds.clone();
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        this.bean = threads instanceof com.sun.management.ThreadMXBean &&
            ((com.sun.management.ThreadMXBean)threads).isThreadAllocatedMemorySupported() ?
            (com.sun.management.ThreadMXBean)threads : null;
    }

    /** Marks the start; call again to restart. */
    void start()
    {
        start = bean == null ? null : bean.getThreadAllocatedBytes(threadIds);
    }

    /** Bytes allocated by all the threads since {@link #start()}, or -1 if unknown. */
    long sinceStart()
    {
        if (bean == null || start == null)
        {
            return -1;
        }
        final long[] now = bean.getThreadAllocatedBytes(threadIds);
        long sum = 0;
        for (int i = 0; i < now.length; i++)
        {
            if (now[i] < 0 || start[i] < 0)
            {
                return -1;
            }
            sum += now[i] - start[i];
        }
        return sum;
    }
}
