package io.scoreline.ingest;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own floor, measured beside the service (jHiccup's method): a daemon thread
 * blocks for {@link #WAIT_NANOS} in a loop and records how late it wakes. Whatever delays it
 * (the scheduler, another thread on its core, a safepoint, the hypervisor) delays any thread that
 * blocks, so its quantiles are what a design that sleeps between wake-ups cannot go under here.
 * It blocks (a timed park) rather than spins: it must measure what a blocking thread sees, and
 * each wake-up costs ~17 us of CPU here (a timer in a KVM guest): 3.4% of a core at 2,000 a
 * second. So a service that has been idle for a second ({@link #pace}: no events) waits
 * {@link #IDLE_WAIT_NANOS} instead, and the idle CPU target holds; under load, where the floor is
 * wanted, it waits 0.5 ms. A load generator never slows it.
 *
 * <p>One per JVM ({@link #shared()}). Lateness goes into one histogram per second (the last
 * {@link #WINDOW_SECONDS} kept) and one since {@link #mark()}, under a lock the readers take for a
 * copy; nothing is allocated once running.
 */
public final class HiccupProbe
{
    /** How long each wait asks for. */
    public static final long WAIT_NANOS = 500_000;
    /** How long each wait asks for while the service is idle ({@link #pace}). */
    public static final long IDLE_WAIT_NANOS = 20_000_000;
    /** Completed seconds the window covers, besides the current one. */
    public static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static HiccupProbe shared;

    private final Histogram[] perSecond = new Histogram[WINDOW_SECONDS + 1];
    private final Histogram sinceMark = new Histogram(1, HIGHEST_NANOS, 2);
    private int current;
    private long secondEnds;
    private final Thread thread;
    private volatile long waitNanos = WAIT_NANOS;

    private HiccupProbe()
    {
        for (int i = 0; i < perSecond.length; i++)
        {
            perSecond[i] = new Histogram(1, HIGHEST_NANOS, 2);
        }
        thread = new Thread(this::run, "scoreline-hiccup");
        thread.setDaemon(true);
    }

    /** The JVM's probe, started on first use. */
    public static synchronized HiccupProbe shared()
    {
        if (shared == null)
        {
            shared = new HiccupProbe();
            shared.thread.start();
        }
        return shared;
    }

    private void run()
    {
        synchronized (this)
        {
            secondEnds = System.nanoTime() + SECOND;
        }
        while (true)
        {
            final long wait = waitNanos;
            final long start = System.nanoTime();
            LockSupport.parkNanos(wait);
            final long end = System.nanoTime();
            record(end, Math.max(0, Math.min(end - start - wait, HIGHEST_NANOS)));
        }
    }

    private synchronized void record(final long now, final long lateNanos)
    {
        while (now - secondEnds >= 0)
        {
            current = (current + 1) % perSecond.length;
            perSecond[current].reset();
            secondEnds += SECOND;
        }
        perSecond[current].recordValue(lateNanos);
        sinceMark.recordValue(lateNanos);
    }

    /** Any thread: {@code busy} (events came in the last second) waits 0.5 ms, else {@link #IDLE_WAIT_NANOS}. */
    public void pace(final boolean busy)
    {
        waitNanos = busy ? WAIT_NANOS : IDLE_WAIT_NANOS;
    }

    /** Starts the "since mark" histogram afresh (a load generator's measured part). */
    public synchronized void mark()
    {
        sinceMark.reset();
    }

    /** Fills {@code into} (reset first) with the lateness in nanoseconds since {@link #mark()}. */
    public synchronized void sinceMark(final Histogram into)
    {
        into.reset();
        into.add(sinceMark);
    }

    /** Fills {@code into} (reset first) with the lateness in nanoseconds over the last {@link #WINDOW_SECONDS} s and the current one. */
    public synchronized void window(final Histogram into)
    {
        into.reset();
        for (final Histogram second : perSecond)
        {
            into.add(second);
        }
    }

    /** A histogram {@link #window} and {@link #sinceMark} can fill. */
    public static Histogram newHistogram()
    {
        return new Histogram(1, HIGHEST_NANOS, 2);
    }
}
