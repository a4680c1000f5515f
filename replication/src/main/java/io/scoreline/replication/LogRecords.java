package io.scoreline.replication;

import java.nio.ByteBuffer;

/**
 * The log's record format: one Kafka record carries a run of events in ordinal order, so that the
 * client's per-record cost (a ProducerRecord, a copy, the accumulator's bookkeeping) is paid per
 * batch, not per event.
 *
 * <pre>
 *   record value:  version:1 (=1) | firstOrdinal:8 | count:4 | count x event
 *   event:         trueLength:4 | storedLength:4 | storedLength bytes of the line
 * </pre>
 *
 * Ordinals are contiguous: event i of a record has {@code firstOrdinal + i}. Kafka offsets are not
 * ordinals (transaction markers take offsets too). A line keeps what a ring slot keeps: its head
 * up to {@code EventSlot.LINE_CAPACITY} and its true length, so a follower parses what the
 * primary parsed, too-long lines included.
 */
final class LogRecords
{
    static final byte VERSION = 1;
    static final int HEADER_BYTES = 1 + 8 + 4;
    static final int EVENT_HEADER_BYTES = 8;

    private LogRecords()
    {
    }

    /** Receives the events of a record, in order. */
    interface EventVisitor
    {
        void onEvent(long ordinal, byte[] src, int offset, int storedLength, int trueLength);
    }

    /** Writes the header into {@code buffer[0, HEADER_BYTES)}. */
    static void writeHeader(final byte[] buffer, final long firstOrdinal, final int count)
    {
        final ByteBuffer b = ByteBuffer.wrap(buffer);
        b.put(VERSION).putLong(firstOrdinal).putInt(count);
    }

    static void writeEventHeader(final byte[] buffer, final int at, final int trueLength, final int storedLength)
    {
        putInt(buffer, at, trueLength);
        putInt(buffer, at + 4, storedLength);
    }

    /** Visits every event of a record value. @return the number of events. */
    static int read(final byte[] value, final EventVisitor visitor)
    {
        if (value == null || value.length < HEADER_BYTES || value[0] != VERSION)
        {
            throw new IllegalStateException("not a scoreline log record (version " + (value == null || value.length == 0 ? "none" : value[0]) + ")");
        }
        final long first = getLong(value, 1);
        final int count = getInt(value, 9);
        int at = HEADER_BYTES;
        for (int i = 0; i < count; i++)
        {
            final int trueLength = getInt(value, at);
            final int stored = getInt(value, at + 4);
            visitor.onEvent(first + i, value, at + EVENT_HEADER_BYTES, stored, trueLength);
            at += EVENT_HEADER_BYTES + stored;
        }
        if (at != value.length)
        {
            throw new IllegalStateException("log record of " + value.length + " bytes holds " + at + " bytes of events");
        }
        return count;
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 24);
        b[at + 1] = (byte)(v >>> 16);
        b[at + 2] = (byte)(v >>> 8);
        b[at + 3] = (byte)v;
    }

    private static int getInt(final byte[] b, final int at)
    {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static long getLong(final byte[] b, final int at)
    {
        return (long)getInt(b, at) << 32 | (getInt(b, at + 4) & 0xffffffffL);
    }
}
