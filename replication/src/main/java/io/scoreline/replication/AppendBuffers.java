package io.scoreline.replication;

import io.scoreline.pipeline.EventSlot;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Event lines on their way to the log: a fixed pool of buffers the emit thread fills (copying
 * each event line, no allocation) and hands to the appender thread at the end of each ring batch;
 * the appender sends them and gives them back once committed. Single producer, single consumer;
 * two sequences say who owns which buffer.
 *
 * <p>The emit thread waits (parks) only when every buffer is in flight: the log is then
 * {@code BUFFERS x BUFFER_BYTES} behind, and waiting is the back-pressure that stops the ring,
 * then the clients.
 */
final class AppendBuffers
{
    static final int BUFFER_BYTES = 256 * 1024;
    static final int BUFFERS = 16;

    static final class Buffer
    {
        final byte[] bytes = new byte[BUFFER_BYTES];
        int length;
        int count;
        long firstOrdinal;
        long lastOrdinal;
    }

    private final Buffer[] buffers = new Buffer[BUFFERS];
    /** Buffers [0, filled) were handed to the appender. */
    private final AtomicLong filled = new AtomicLong();
    /** Buffers [0, released) are committed and free again. */
    private final AtomicLong released = new AtomicLong();
    /** Emit thread: the buffer being filled is {@code filled}'s value; null until claimed. */
    private Buffer current;
    private volatile boolean abandoned;

    AppendBuffers()
    {
        for (int i = 0; i < BUFFERS; i++)
        {
            buffers[i] = new Buffer();
        }
    }

    /** Copies the slot's line into the current buffer. Emit thread. */
    void append(final EventSlot slot)
    {
        final int need = LogRecords.EVENT_HEADER_BYTES + slot.storedLength;
        if (current != null && current.length + need > BUFFER_BYTES)
        {
            handOff();
        }
        if (current == null && !claim())
        {
            return;
        }
        final Buffer b = current;
        if (b.count == 0)
        {
            b.firstOrdinal = slot.ordinal;
            b.length = LogRecords.HEADER_BYTES;
        }
        LogRecords.writeEventHeader(b.bytes, b.length, slot.trueLength, slot.storedLength);
        System.arraycopy(slot.line, 0, b.bytes, b.length + LogRecords.EVENT_HEADER_BYTES, slot.storedLength);
        b.length += need;
        b.count++;
        b.lastOrdinal = slot.ordinal;
    }

    /** Hands the current buffer, if it holds events, to the appender. Emit thread. */
    boolean handOff()
    {
        if (current == null || current.count == 0)
        {
            return false;
        }
        LogRecords.writeHeader(current.bytes, current.firstOrdinal, current.count);
        current = null;
        filled.lazySet(filled.get() + 1); // ordered: the buffer's bytes are visible before the count
        return true;
    }

    private boolean claim()
    {
        final long next = filled.get();
        while (next - released.get() >= BUFFERS)
        {
            if (abandoned)
            {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        current = buffers[(int)(next % BUFFERS)];
        current.count = 0;
        current.length = LogRecords.HEADER_BYTES;
        return true;
    }

    /** The appender stopped for good (fenced): the emit thread must never wait for room again. */
    void abandon()
    {
        abandoned = true;
    }

    // ---------------------------------------------------------------- appender thread

    /** Buffers handed over and not yet released. */
    long filled()
    {
        return filled.get();
    }

    long released()
    {
        return released.get();
    }

    Buffer buffer(final long sequence)
    {
        return buffers[(int)(sequence % BUFFERS)];
    }

    /** Buffers [0, upTo) are committed: the emit thread may fill them again. */
    void release(final long upTo)
    {
        released.set(upTo);
    }
}
