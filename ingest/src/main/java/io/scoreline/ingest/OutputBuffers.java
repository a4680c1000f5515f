package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A connection's few output buffers, written again and again: each flush takes one that Netty
 * has finished writing (it holds only this class's reference), clears it and hands Netty a
 * second reference, which Netty releases once the bytes are on the socket. The allocator is
 * not asked per frame (its caches still make and drop objects as frame sizes vary). While all
 * are in flight (a client slow to read) a flush takes an ordinary pooled buffer. A buffer kept
 * grows to the largest frame it carried until {@link #dropLarge} lets go of the large ones.
 * Event loop only.
 */
final class OutputBuffers
{
    private static final int BUFFERS = 4;
    private static final int INITIAL_BYTES = 1024;

    private final ByteBuf[] buffers = new ByteBuf[BUFFERS];

    /** An empty buffer with room for {@code bytes}; the caller's reference goes to Netty's write. */
    ByteBuf take(final ByteBufAllocator alloc, final int bytes)
    {
        for (int i = 0; i < BUFFERS; i++)
        {
            ByteBuf buffer = buffers[i];
            if (buffer == null)
            {
                buffer = alloc.directBuffer(Math.max(bytes, INITIAL_BYTES));
                buffers[i] = buffer;
            }
            else if (buffer.refCnt() != 1)
            {
                continue; // Netty is still writing it
            }
            buffer.clear().ensureWritable(bytes);
            return buffer.retain();
        }
        return alloc.ioBuffer(bytes);
    }

    /** Lets go of the kept buffers larger than {@code keptBytes} that are not being written. */
    void dropLarge(final int keptBytes)
    {
        for (int i = 0; i < BUFFERS; i++)
        {
            if (buffers[i] != null && buffers[i].refCnt() == 1 && buffers[i].capacity() > keptBytes)
            {
                buffers[i].release();
                buffers[i] = null;
            }
        }
    }

    /** The channel is closed (Netty released what it was writing): lets go of every kept buffer. */
    void releaseAll()
    {
        for (int i = 0; i < BUFFERS; i++)
        {
            if (buffers[i] != null)
            {
                buffers[i].release();
                buffers[i] = null;
            }
        }
    }
}
