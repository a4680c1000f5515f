package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.util.ReferenceCountUtil;

/**
 * Messages a connection received while it could not publish yet (ring full, in-flight cap,
 * an HTTP request still being answered), with their arrival time. A circular array: no
 * allocation per message once grown. Event loop only.
 */
final class Inbox
{
    private Object[] items = new Object[4];
    private long[] times = new long[4];
    private int head;
    private int size;
    private long bytes;

    void add(final Object item, final long receivedNanos)
    {
        if (size == items.length)
        {
            grow();
        }
        final int tail = (head + size) & (items.length - 1);
        items[tail] = item;
        times[tail] = receivedNanos;
        size++;
        bytes += lengthOf(item);
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    /** Arrival time of the head; call before {@link #poll()}. */
    long headTime()
    {
        return times[head];
    }

    Object poll()
    {
        final Object item = items[head];
        bytes -= lengthOf(item);
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return item;
    }

    long bytes()
    {
        return bytes;
    }

    void releaseAll()
    {
        while (size > 0)
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

    private void grow()
    {
        final Object[] newItems = new Object[items.length * 2];
        final long[] newTimes = new long[items.length * 2];
        for (int i = 0; i < size; i++)
        {
            final int from = (head + i) & (items.length - 1);
            newItems[i] = items[from];
            newTimes[i] = times[from];
        }
        items = newItems;
        times = newTimes;
        head = 0;
    }
}
