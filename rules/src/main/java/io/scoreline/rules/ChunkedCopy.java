package io.scoreline.rules;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * A consistent copy of a live array, taken while its owner keeps writing: copy on write by chunk.
 * The owner {@link #arm arms} it at the instant to capture; from then on, before it writes into a
 * chunk, it calls {@link #beforeWrite}, which copies that chunk first if nobody has yet. Another
 * thread (the snapshot writer) meanwhile {@link #copyAll copies} every chunk it finds still
 * untouched. Each chunk is claimed by one of the two with a compare-and-set, so it is copied
 * once, before any write after the armed instant; the owner waits only for a chunk the other
 * thread is copying at that moment (one chunk's memcpy, tens of microseconds).
 *
 * <p>The copy's chunks are allocated by the copying thread ({@link #reserve}), never by the
 * owner, and kept for the next capture. A chunk never splits a record: its length is a multiple
 * of the record length given.
 */
final class ChunkedCopy
{
    private static final int PENDING = 0;
    private static final int BUSY = 1;
    private static final int COPIED = 2;

    private final Object live;
    private final int liveLength;
    private final int chunkLength;
    private final IntFunction<Object> allocate;
    private final Object[] chunks;
    private final AtomicIntegerArray states;
    private int armedLength;
    private int armedChunks;
    private volatile boolean active;

    /**
     * @param live        the owner's array (a primitive array).
     * @param liveLength  its length in elements.
     * @param unit        elements of one record: chunks hold whole records.
     * @param chunkTarget about how many elements a chunk holds.
     */
    ChunkedCopy(final Object live, final int liveLength, final int unit, final int chunkTarget, final IntFunction<Object> allocate)
    {
        this.live = live;
        this.liveLength = liveLength;
        this.chunkLength = Math.max(1, chunkTarget / unit) * unit;
        this.allocate = allocate;
        final int count = (int)((liveLength + (long)chunkLength - 1) / chunkLength);
        chunks = new Object[Math.max(count, 1)];
        states = new AtomicIntegerArray(Math.max(count, 1));
    }

    /** Copying thread, before a capture: allocates chunks for the first {@code length} elements. */
    void reserve(final int length)
    {
        final int needed = chunksFor(Math.min(length, liveLength));
        for (int i = 0; i < needed; i++)
        {
            if (chunks[i] == null)
            {
                chunks[i] = allocate.apply(chunkLength);
            }
        }
    }

    /** Elements {@link #reserve} should be asked for when this capture could not arm. */
    int reservedLength()
    {
        int i = 0;
        while (i < chunks.length && chunks[i] != null)
        {
            i++;
        }
        return Math.min(liveLength, i * chunkLength);
    }

    /**
     * Owner thread: captures elements [0, length) as they are now. @return false (and captures
     * nothing) if too few chunks are reserved.
     */
    boolean arm(final int length)
    {
        if (!canArm(length))
        {
            return false;
        }
        final int needed = chunksFor(length);
        for (int i = 0; i < needed; i++)
        {
            states.set(i, PENDING);
        }
        armedLength = length;
        armedChunks = needed;
        active = true;
        return true;
    }

    /** Whether chunks are reserved for a capture of {@code length} elements. */
    boolean canArm(final int length)
    {
        final int needed = chunksFor(length);
        return needed <= chunks.length && (needed == 0 || chunks[needed - 1] != null);
    }

    /** Owner thread, before writing elements [from, to): copies the chunks they lie in, if still pending. */
    void beforeWrite(final int from, final int to)
    {
        if (!active || from >= armedLength)
        {
            return;
        }
        final int last = Math.min(to - 1, armedLength - 1) / chunkLength;
        for (int c = from / chunkLength; c <= last; c++)
        {
            claim(c);
        }
    }

    /** Copying thread: copies every chunk the owner has not, then ends the capture. */
    void copyAll()
    {
        for (int c = 0; c < armedChunks; c++)
        {
            claim(c);
        }
        active = false;
    }

    /** Whether a capture is running (owner thread: until the copying thread finished it). */
    boolean isActive()
    {
        return active;
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

    /** The copy of chunk {@code c} (valid after {@link #copyAll}); its first {@link #chunkUsed} elements hold data. */
    Object chunk(final int c)
    {
        return chunks[c];
    }

    int chunkCount()
    {
        return armedChunks;
    }

    int chunkUsed(final int c)
    {
        return Math.min(chunkLength, armedLength - c * chunkLength);
    }

    private void claim(final int c)
    {
        final int state = states.get(c);
        if (state == COPIED)
        {
            return;
        }
        if (state == PENDING && states.compareAndSet(c, PENDING, BUSY))
        {
            System.arraycopy(live, c * chunkLength, chunks[c], 0, chunkUsed(c));
            states.set(c, COPIED);
            return;
        }
        while (states.get(c) != COPIED)
        {
            Thread.onSpinWait(); // the other thread is copying this chunk
        }
    }

    private int chunksFor(final int length)
    {
        return (int)((length + (long)chunkLength - 1) / chunkLength);
    }
}
