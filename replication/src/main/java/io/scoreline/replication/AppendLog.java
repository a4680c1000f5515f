package io.scoreline.replication;

import org.HdrHistogram.Recorder;

import io.scoreline.pipeline.EventSlot;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Event lines on their way to the log: one circular byte array the sink thread appends each new
 * event to (a copy of its line, no allocation) and publishes at the end of each ring batch; the
 * appender thread cuts what is published into records as large as it likes, whenever it has room
 * to send, and gives the bytes back once the log acknowledged them. Batching thus follows the
 * log's round trip, not the ring's batches. Single producer, single consumer, three positions.
 *
 * <pre>
 *   entry:  ordinal:8 | receivedNanos:8 | trueLength:4 | storedLength:4 | line bytes
 *           (never split at the end: an ordinal of -1, or fewer than 24 bytes left, pads to the
 *           end of the array; receivedNanos times the append's stages, it is not sent)
 *
 *   0 ........ released ........ sent ........ published ...... written ....... released + CAPACITY
 *              acknowledged       in flight     ready to send     this batch     (room to write)
 * </pre>
 *
 * The sink thread waits (parks) only when the log is {@link #CAPACITY} bytes behind: the
 * back-pressure that stops the ring, then the clients.
 */
final class AppendLog
{
    static final int CAPACITY = 8 << 20;
    static final int ENTRY_HEADER = 24;
    private static final long PAD = -1;

    private final byte[] bytes = new byte[CAPACITY];
    /** Bytes [0, published) may be sent. */
    private final AtomicLong published = new AtomicLong();
    /** Bytes [0, released) were acknowledged and may be written again. */
    private final AtomicLong released = new AtomicLong();
    /** Sink thread. */
    private long written;
    private volatile boolean abandoned;

    // ---------------------------------------------------------------- sink thread

    /** Copies the slot's line into the log. */
    void append(final EventSlot slot)
    {
        final int size = ENTRY_HEADER + slot.storedLength;
        int at = (int)(written % CAPACITY);
        final int left = CAPACITY - at;
        final int pad = left < size ? left : 0;
        while (written + pad + size - released.get() > CAPACITY)
        {
            if (abandoned)
            {
                return;
            }
            LockSupport.parkNanos(50_000);
        }
        if (pad > 0)
        {
            if (left >= ENTRY_HEADER)
            {
                putLong(at, PAD);
            }
            written += pad;
            at = 0;
        }
        putLong(at, slot.ordinal);
        putLong(at + 8, slot.receivedNanos);
        putInt(at + 16, slot.trueLength);
        putInt(at + 20, slot.storedLength);
        System.arraycopy(slot.line, 0, bytes, at + ENTRY_HEADER, slot.storedLength);
        written += size;
    }

    /** Makes what was appended so far visible to the appender. @return true if there was anything new. */
    boolean publish()
    {
        if (written == published.get())
        {
            return false;
        }
        published.lazySet(written); // ordered: the bytes are visible before the position
        return true;
    }

    /** The appender stopped for good (fenced): the sink thread must never wait for room again. */
    void abandon()
    {
        abandoned = true;
    }

    // ---------------------------------------------------------------- appender thread

    long published()
    {
        return published.get();
    }

    long released()
    {
        return released.get();
    }

    /** Bytes up to {@code position} are acknowledged: the sink thread may write there again (any thread). */
    void release(final long position)
    {
        long r;
        while ((r = released.get()) < position && !released.compareAndSet(r, position))
        {
            // the appender and a producer callback may both release: the position only moves forward
        }
    }

    /**
     * Cuts one record from {@code from}: as many whole events up to {@code to} as fit in
     * {@code maxBytes} of record ({@link LogRecords} format), recording each event's wait since its
     * arrival to {@code now} in {@code waits}. @return the record, its end position and last ordinal in {@code cut}.
     */
    byte[] cut(final long from, final long to, final int maxBytes, final Cut cut, final Recorder waits, final long now)
    {
        long p = from;
        int size = LogRecords.HEADER_BYTES;
        int count = 0;
        long first = -1;
        long last = -1;
        while (p < to)
        {
            final int at = (int)(p % CAPACITY);
            final int left = CAPACITY - at;
            if (left < ENTRY_HEADER || getLong(at) == PAD)
            {
                p += left;
                continue;
            }
            final int stored = getInt(at + 20);
            final int eventBytes = LogRecords.EVENT_HEADER_BYTES + stored;
            if (count > 0 && size + eventBytes > maxBytes)
            {
                break;
            }
            if (count == 0)
            {
                first = getLong(at);
            }
            last = getLong(at);
            waits.recordValue(Math.max(1, now - getLong(at + 8)));
            size += eventBytes;
            count++;
            p += ENTRY_HEADER + stored;
        }
        final byte[] record = new byte[size];
        LogRecords.writeHeader(record, first, count);
        int out = LogRecords.HEADER_BYTES;
        for (long q = from; q < p; )
        {
            final int at = (int)(q % CAPACITY);
            final int left = CAPACITY - at;
            if (left < ENTRY_HEADER || getLong(at) == PAD)
            {
                q += left;
                continue;
            }
            final int stored = getInt(at + 20);
            System.arraycopy(bytes, at + 16, record, out, LogRecords.EVENT_HEADER_BYTES + stored);
            out += LogRecords.EVENT_HEADER_BYTES + stored;
            q += ENTRY_HEADER + stored;
        }
        cut.end = p;
        cut.lastOrdinal = last;
        cut.count = count;
        return record;
    }

    /** Where a cut record ends. */
    static final class Cut
    {
        long end;
        long lastOrdinal;
        int count;
    }

    private void putLong(final int at, final long v)
    {
        putInt(at, (int)(v >>> 32));
        putInt(at + 4, (int)v);
    }

    private void putInt(final int at, final int v)
    {
        bytes[at] = (byte)(v >>> 24);
        bytes[at + 1] = (byte)(v >>> 16);
        bytes[at + 2] = (byte)(v >>> 8);
        bytes[at + 3] = (byte)v;
    }

    private long getLong(final int at)
    {
        return (long)getInt(at) << 32 | (getInt(at + 4) & 0xffffffffL);
    }

    private int getInt(final int at)
    {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
    }
}
