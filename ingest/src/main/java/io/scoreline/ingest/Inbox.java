package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.util.ReferenceCountUtil;

/**
 * Messages a connection received while it could not publish yet (ring full, in-flight cap,
 * an HTTP request still being answered), with their arrival time and their bytes in all. No
 * allocation per message once grown. Event loop only.
 */
final class Inbox
{
    private final TimedQueue<Object> messages = new TimedQueue<>(4);
    private long bytes;

    void add(final Object item, final long receivedNanos)
    {
        messages.add(item, receivedNanos);
        bytes += lengthOf(item);
    }

    boolean isEmpty()
    {
        return messages.isEmpty();
    }

    /** Arrival time of the head; call before {@link #poll()}. */
    long headTime()
    {
        return messages.headTime();
    }

    Object poll()
    {
        final Object item = messages.poll();
        bytes -= lengthOf(item);
        return item;
    }

    long bytes()
    {
        return bytes;
    }

    void releaseAll()
    {
        while (!messages.isEmpty())
        {
            ReferenceCountUtil.safeRelease(poll());
        }
        bytes = 0;
    }

    private static int lengthOf(final Object item)
    {
        if (item instanceof ByteBuf)
        {
            return ((ByteBuf)item).readableBytes();
        }
        return item instanceof ByteBufHolder ? ((ByteBufHolder)item).content().readableBytes() : 0;
    }
}
