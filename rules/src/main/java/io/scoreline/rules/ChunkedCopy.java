package io.scoreline.rules;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A consistent stream of a live array, read while its owner keeps writing: copy on write by
 * chunk, into a bounded pool. The owner {@link #arm arms} it at the instant to capture; from then
 * on, before it writes into a chunk, it calls {@link #beforeWrite}, which saves that chunk into a
 * pool slot if nobody has taken it yet. Another thread (the snapshot writer) meanwhile
 * {@link #drain drains} the chunks in order: one still untouched it copies into a one-chunk
 * scratch and hands on, one the owner saved it hands on from its slot and frees the slot. Each
 * chunk is claimed by one of the two with a compare-and-set, so it is read once, as it was at the
 * armed instant.
 *
 * <p>So a capture holds no second copy of the array: only the chunks written while it is in
 * flight and still ahead of the drain, at most {@link #poolChunks} of them. When the pool is full
 * the owner waits for the drain to free a slot (counted: {@link #poolWaits}); the drain never
 * waits for the owner but for the one chunk it is copying (one small memcpy). Pool and scratch
 * are allocated by the draining thread ({@link #reserve}), never by the owner, and kept for the
 * next capture. A chunk never splits a record: its length is a multiple of the record length.
 */
final class ChunkedCopy
{
    private static final int PENDING = 0;
    private static final int BUSY = 1;
    private static final int SAVED = 2;
    private static final int DONE = 3;

    /** Receives the captured array in order, a run of elements at a time (draining thread). */
    @FunctionalInterface
    interface Sink
    {
        /** Elements [{@code at}, {@code at + length}) of the capture, found in {@code array} from {@code from}. */
        void accept(Object array, int from, int length, int at) throws IOException;
    }

    private final Object live;
    private final int liveLength;
    private final int chunkLength;
    private final int poolChunks;
    private final IntFunction<Object> allocate;
    private final AtomicIntegerArray states;
    /** The pool slot a SAVED chunk is in (written before its state, read after it). */
    private final int[] slotOf;
    /** Free pool slots, a single-producer (drain) single-consumer (owner) ring. */
    private final int[] free;
    private final AtomicLong freed = new AtomicLong();
    private long taken;
    private Object pool;
    private Object scratch;
    private int armedLength;
    private int armedChunks;
    private volatile boolean active;
    /** Owner thread writes, any thread reads: chunks the owner saved (all captures) and times it waited for a slot. */
    private volatile long savedChunks;
    private volatile long poolWaits;
    private volatile int peakSlots;

    /**
     * @param live        the owner's array (a primitive array).
     * @param liveLength  its length in elements.
     * @param unit        elements of one record: chunks hold whole records.
     * @param chunkTarget about how many elements a chunk holds.
     * @param poolTarget  about how many elements the copy-on-write pool holds (at least one chunk).
     */
    ChunkedCopy(final Object live, final int liveLength, final int unit, final int chunkTarget, final int poolTarget,
        final IntFunction<Object> allocate)
    {
        this.live = live;
        this.liveLength = liveLength;
        this.chunkLength = Math.max(1, chunkTarget / unit) * unit;
        this.allocate = allocate;
        final int count = Math.max(1, (int)((liveLength + (long)chunkLength - 1) / chunkLength));
        poolChunks = Math.max(1, Math.min(count, poolTarget / chunkLength));
        states = new AtomicIntegerArray(count);
        slotOf = new int[count];
        free = new int[poolChunks];
    }

    /** Draining thread, before a capture: allocates the pool and the scratch (once). */
    void reserve()
    {
        if (pool == null)
        {
            pool = allocate.apply(poolChunks * chunkLength);
            scratch = allocate.apply(chunkLength);
        }
    }

    /** Whether {@link #reserve} ran. */
    boolean isReserved()
    {
        return pool != null;
    }

    /** Owner thread: captures elements [0, length) as they are now; {@link #reserve} ran. */
    void arm(final int length)
    {
        final int needed = chunksFor(length);
        for (int i = 0; i < needed; i++)
        {
            states.set(i, PENDING);
        }
        for (int i = 0; i < poolChunks; i++)
        {
            free[i] = i;
        }
        taken = 0;
        freed.set(poolChunks);
        armedLength = length;
        armedChunks = needed;
        active = true;
    }

    /** Owner thread, before writing elements [from, to): saves the chunks they lie in, if still pending. */
    void beforeWrite(final int from, final int to)
    {
        if (!active || from >= armedLength)
        {
            return;
        }
        final int last = Math.min(to - 1, armedLength - 1) / chunkLength;
        for (int c = from / chunkLength; c <= last; c++)
        {
            save(c);
        }
    }

    /** Owner thread, before writing anywhere (a reset): waits until the capture is drained. */
    void beforeWriteAll()
    {
        while (active)
        {
            Thread.yield(); // the drain may share this core
        }
    }

    /**
     * Draining thread: hands every chunk of the capture to {@code sink} in order, then ends the
     * capture (also when the sink throws, so that the owner never waits on a dead capture).
     */
    void drain(final Sink sink) throws IOException
    {
        boolean drained = false;
        try
        {
            for (int c = 0; c < armedChunks; c++)
            {
                final int used = chunkUsed(c);
                while (true)
                {
                    final int state = states.get(c);
                    if (state == PENDING && states.compareAndSet(c, PENDING, BUSY))
                    {
                        System.arraycopy(live, c * chunkLength, scratch, 0, used);
                        states.set(c, DONE);
                        sink.accept(scratch, 0, used, c * chunkLength);
                        break;
                    }
                    if (state == SAVED)
                    {
                        final int slot = slotOf[c];
                        sink.accept(pool, slot * chunkLength, used, c * chunkLength);
                        states.set(c, DONE);
                        free[(int)(freed.get() % poolChunks)] = slot;
                        freed.lazySet(freed.get() + 1);
                        break;
                    }
                    Thread.onSpinWait(); // the owner is saving this chunk
                }
            }
            drained = true;
        }
        finally
        {
            for (int c = 0; !drained && c < armedChunks; c++)
            {
                states.set(c, DONE); // the owner stops saving chunks nobody will read
            }
            active = false;
        }
    }

    /** Whether a capture is running (owner thread: until the draining thread finished it). */
    boolean isActive()
    {
        return active;
    }

    /** Length of the live array, in elements. */
    int liveLength()
    {
        return liveLength;
    }

    /** Length of the captured prefix, in elements. */
    int length()
    {
        return armedLength;
    }

    int chunkLength()
    {
        return chunkLength;
    }

    /** Chunks the pool holds: the most the owner saves at once. */
    int poolChunks()
    {
        return poolChunks;
    }

    /** Elements of the pool and the drain's scratch, allocated or not. */
    long reservedElements()
    {
        return (long)(poolChunks + 1) * chunkLength;
    }

    /** Bytes of the per-chunk state and slot tables (allocated with this). */
    long trackingBytes()
    {
        return 2L * Integer.BYTES * slotOf.length;
    }

    /** Chunks the owner saved into the pool, over every capture. */
    long savedChunks()
    {
        return savedChunks;
    }

    /** Times the owner found the pool full and waited for the drain. */
    long poolWaits()
    {
        return poolWaits;
    }

    /** The most pool slots in use at once, over every capture. */
    int peakSlots()
    {
        return peakSlots;
    }

    private int chunkUsed(final int c)
    {
        return Math.min(chunkLength, armedLength - c * chunkLength);
    }

    private void save(final int c)
    {
        boolean waited = false;
        while (true)
        {
            final int state = states.get(c);
            if (state == SAVED || state == DONE)
            {
                return;
            }
            if (state == PENDING)
            {
                final long available = freed.get() - taken;
                if (available == 0)
                {
                    if (!waited)
                    {
                        waited = true;
                        poolWaits = poolWaits + 1;
                    }
                    Thread.yield(); // the drain frees a slot when it reaches a saved chunk; it may share this core
                    continue;
                }
                if (states.compareAndSet(c, PENDING, BUSY))
                {
                    final int slot = free[(int)(taken++ % poolChunks)];
                    System.arraycopy(live, c * chunkLength, pool, slot * chunkLength, chunkUsed(c));
                    slotOf[c] = slot;
                    states.set(c, SAVED);
                    savedChunks = savedChunks + 1;
                    final int inUse = (int)(poolChunks - available + 1);
                    if (inUse > peakSlots)
                    {
                        peakSlots = inUse;
                    }
                    return;
                }
                continue;
            }
            Thread.onSpinWait(); // the drain is copying this chunk
        }
    }

    private int chunksFor(final int length)
    {
        return (int)((length + (long)chunkLength - 1) / chunkLength);
    }
}
