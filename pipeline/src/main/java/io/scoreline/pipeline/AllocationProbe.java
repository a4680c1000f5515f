package io.scoreline.pipeline;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the stage threads, each read by the stage thread itself as a probe slot
 * passes it. Reading another thread's count ({@code ThreadMXBean#getThreadAllocatedBytes(long[])})
 * races with a collection retiring that thread's TLAB and can count its used bytes twice: HotSpot
 * says so in {@code Thread::cooked_allocated_bytes}, and we saw it as 72-192 phantom bytes in
 * about one run of four under a CPU burner. A thread's own count has no such race.
 */
final class AllocationProbe
{
    private static final com.sun.management.ThreadMXBean BEAN =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationProbe()
    {
    }

    /** Adds the calling thread's allocated bytes to a probe slot; does nothing for other slots. */
    static void addCurrentThread(final EventSlot slot)
    {
        if (slot.probe)
        {
            final long bytes = BEAN.getCurrentThreadAllocatedBytes();
            if (bytes < 0)
            {
                throw new IllegalStateException("this JVM cannot count the bytes a thread allocates");
            }
            slot.probeBytes += bytes;
        }
    }
}
