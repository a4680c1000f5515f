package io.scoreline.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins briefly, yields briefly, then parks until signalled. An idle stage costs nothing, and
 * work wakes it with one unpark (a futex wake: microseconds), not after a sleep interval.
 *
 * <p>Why not Disruptor's own: {@code SleepingWaitStrategy} never blocks (an idle service with
 * four stages used 0.62 of a core here), and the blocking strategies block only on the
 * producer's cursor: a stage behind another stage busy-spins on that stage's sequence
 * (LMAX-Exchange/disruptor #222), which on two cores starves the stage doing the work. Here a
 * waiter parks whatever it waits on, because everything that advances a sequence signals: the
 * producer on publish, and each of our handlers after it releases a run ({@link FusedHandler},
 * {@link StageHandler}).
 *
 * <p>Wake-ups are not lost: a waiter takes a slot, counts itself, then re-reads the sequence; a
 * signaller writes its sequence, then (after a full fence) reads the count and the slots. One of
 * them sees the other's write.
 * Allocation-free.
 */
public final class ParkingWaitStrategy implements WaitStrategy
{
    private static final int MAX_WAITERS = 16;

    private final long spinNanos;
    private final long yieldNanos;
    private final AtomicReferenceArray<Thread> waiters = new AtomicReferenceArray<>(MAX_WAITERS);
    private final AtomicInteger parked = new AtomicInteger();

    /**
     * @param spinNanos  busy-wait this long first (0 where the waiter shares its core with the
     *                   thread it waits for: spinning would only delay that thread).
     * @param yieldNanos then yield the core this long, then park.
     */
    public ParkingWaitStrategy(final long spinNanos, final long yieldNanos)
    {
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
    }

    /** Spin only where there is a core to spare for it. */
    public static ParkingWaitStrategy forCores(final int cores)
    {
        return cores > 1 ? new ParkingWaitStrategy(20_000, 50_000) : new ParkingWaitStrategy(0, 20_000);
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        long available = dependentSequence.get();
        if (available >= sequence)
        {
            return available;
        }
        final long start = System.nanoTime();
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            final long waited = System.nanoTime() - start;
            if (waited < spinNanos)
            {
                Thread.onSpinWait();
            }
            else if (waited < spinNanos + yieldNanos)
            {
                Thread.yield();
            }
            else
            {
                park(sequence, dependentSequence, barrier);
            }
        }
        return available;
    }

    private void park(final long sequence, final Sequence dependentSequence, final SequenceBarrier barrier)
    {
        final Thread self = Thread.currentThread();
        final int slot = register(self);
        try
        {
            if (dependentSequence.get() < sequence && !barrier.isAlerted())
            {
                LockSupport.park(this); // spurious returns are fine: the caller loops
            }
        }
        finally
        {
            parked.decrementAndGet();
            waiters.set(slot, null);
        }
    }

    /** The slot first, then the count (a full fence before the caller re-reads its sequence). */
    private int register(final Thread self)
    {
        while (true)
        {
            for (int i = 0; i < MAX_WAITERS; i++)
            {
                if (waiters.get(i) == null && waiters.compareAndSet(i, null, self))
                {
                    parked.incrementAndGet();
                    return i;
                }
            }
            Thread.onSpinWait(); // more waiters than slots: cannot happen with a handful of stages
        }
    }

    @Override
    public void signalAllWhenBlocking()
    {
        VarHandle.fullFence(); // orders the caller's sequence store before the read below
        if (parked.get() != 0)
        {
            for (int i = 0; i < MAX_WAITERS; i++)
            {
                final Thread waiter = waiters.get(i);
                if (waiter != null)
                {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }
}
