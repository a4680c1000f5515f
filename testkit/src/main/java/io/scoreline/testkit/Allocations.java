package io.scoreline.testkit;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one allocation bound and the checks every zero-allocation test makes before it trusts a count.
 *
 * <p><b>The bound.</b> A counted run of about a million operations must allocate fewer than
 * {@link #ONE_OFF_BYTES} bytes, not exactly 0: on a busy machine the JIT sometimes deoptimises a
 * method inside the counted run, and rematerialising a scalar-replaced object allocated 48-240
 * bytes once (parser 184 B on CI 2026-11-30, metrics 104 B, staged pipeline 56 B). Anything per
 * operation is far above it: one 16-byte object per 1,000 operations of a 1M run is already
 * 16,000 bytes. Quiet runs read exactly 0.
 *
 * <p><b>The checks.</b> A count of 0 proves nothing unless the counter works: {@link #counter()}
 * fails (never skips) where per-thread counting is unsupported or off, and shows that an
 * allocating loop on the calling thread IS counted. {@link #onThread} runs the measured code on
 * its own thread and fails if that thread threw or did not finish, so a crashed thread cannot
 * leave a count of 0 behind.
 */
public final class Allocations
{
    /** Fewer bytes than this over a counted run of ~1M operations: one-off JIT settling only. */
    public static final long ONE_OFF_BYTES = 1_000;

    private static final int CONTROL_ARRAYS = 100;
    private static final int CONTROL_ARRAY_BYTES = 1_024;
    private static volatile Object sink;

    private Allocations()
    {
    }

    /**
     * HotSpot's per-thread counter, switched on and shown to count on the calling thread: 100
     * arrays of 1 KiB must read as at least 100 KiB, both by the thread's own reading and by its id.
     */
    public static com.sun.management.ThreadMXBean counter()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assertTrue(threads instanceof com.sun.management.ThreadMXBean, "a JVM with com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean)threads;
        assertTrue(bean.isThreadAllocatedMemorySupported(), "per-thread allocation counting is supported");
        bean.setThreadAllocatedMemoryEnabled(true);
        assertTrue(bean.isThreadAllocatedMemoryEnabled(), "per-thread allocation counting is on");

        final long id = Thread.currentThread().getId();
        bean.getCurrentThreadAllocatedBytes(); // the first calls may allocate themselves
        bean.getThreadAllocatedBytes(id);
        final long ownBefore = bean.getCurrentThreadAllocatedBytes();
        final long byIdBefore = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < CONTROL_ARRAYS; i++)
        {
            sink = new byte[CONTROL_ARRAY_BYTES];
        }
        final long own = bean.getCurrentThreadAllocatedBytes() - ownBefore;
        final long byId = bean.getThreadAllocatedBytes(id) - byIdBefore;
        final long least = (long)CONTROL_ARRAYS * CONTROL_ARRAY_BYTES;
        assertTrue(ownBefore >= 0 && own >= least, "an allocating loop is counted (own reading): " + own + " bytes");
        assertTrue(byIdBefore >= 0 && byId >= least, "an allocating loop is counted (by thread id): " + byId + " bytes");
        return bean;
    }

    /** Fails unless {@code bytes} is a real count (not the -1 of "unknown") below {@link #ONE_OFF_BYTES}. */
    public static void assertOneOff(final long bytes, final String what)
    {
        assertTrue(bytes >= 0 && bytes < ONE_OFF_BYTES,
            "bytes allocated by " + what + ": " + bytes + " (the bound is " + ONE_OFF_BYTES + ", Allocations.ONE_OFF_BYTES)");
    }

    /** Code that measures itself on the thread {@link #onThread} starts, returning the bytes it counted. */
    @FunctionalInterface
    public interface Measured
    {
        long run() throws Exception;
    }

    /**
     * Runs {@code measured} on a new thread named {@code name} and returns what it returned;
     * fails if the thread threw (with its exception as the cause) or has not finished in time.
     */
    public static long onThread(final String name, final long timeoutSeconds, final Measured measured) throws InterruptedException
    {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final long[] result = {-1};
        final Thread thread = new Thread(() ->
        {
            try
            {
                result[0] = measured.run();
            }
            catch (final Throwable t)
            {
                thrown.set(t);
            }
        }, name);
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        if (thread.isAlive())
        {
            fail("the measured thread " + name + " did not finish in " + timeoutSeconds + " s");
        }
        if (thrown.get() != null)
        {
            fail("the measured thread " + name + " threw", thrown.get());
        }
        return result[0];
    }
}
