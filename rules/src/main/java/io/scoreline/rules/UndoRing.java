package io.scoreline.rules;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The undo log's storage: {@code capacity} fixed-size entries of {@code stride} bytes in a ring of
 * direct (off-heap) buffers, 2^20 entries a buffer (a buffer is indexed by int). What an entry
 * holds is {@link UndoLog}'s business; this class only finds an entry's buffer and offset.
 */
final class UndoRing
{
    private static final int CHUNK_SHIFT = 20;
    private static final int CHUNK_ENTRIES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_ENTRIES - 1;

    private final ByteBuffer[] chunks;
    private final long capacity;
    private final int stride;

    UndoRing(final long capacity, final int stride)
    {
        this.capacity = capacity;
        this.stride = stride;
        final int count = (int)((capacity + CHUNK_ENTRIES - 1) >>> CHUNK_SHIFT);
        chunks = new ByteBuffer[count];
        for (int i = 0; i < count; i++)
        {
            final long inChunk = Math.min(CHUNK_ENTRIES, capacity - ((long)i << CHUNK_SHIFT));
            // allocateDirect zeroes the memory: every page is touched here, not on the hot path.
            chunks[i] = ByteBuffer.allocateDirect((int)(inChunk * stride)).order(ByteOrder.nativeOrder());
        }
    }

    /** Bytes held. */
    long bytes()
    {
        return capacity * stride;
    }

    long capacity()
    {
        return capacity;
    }

    /** The buffer of the entry appended as the {@code seq}-th (any seq, wrapped onto the ring). */
    ByteBuffer chunk(final long seq)
    {
        return chunks[(int)((seq % capacity) >>> CHUNK_SHIFT)];
    }

    /** The entry's byte offset in its {@link #chunk}. */
    int offset(final long seq)
    {
        return (int)((seq % capacity) & CHUNK_MASK) * stride;
    }
}
