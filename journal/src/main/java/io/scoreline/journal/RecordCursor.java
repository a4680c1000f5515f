package io.scoreline.journal;

import net.openhft.chronicle.bytes.MappedBytes;

import java.util.zip.CRC32C;

import static io.scoreline.journal.JournalFormat.MAX_STORED_BYTES;
import static io.scoreline.journal.JournalFormat.ORDINAL_OFFSET;
import static io.scoreline.journal.JournalFormat.RECEIVED_NANOS_OFFSET;
import static io.scoreline.journal.JournalFormat.RECORD_HEADER_BYTES;
import static io.scoreline.journal.JournalFormat.RECORD_OVERHEAD;
import static io.scoreline.journal.JournalFormat.TRUE_LENGTH_OFFSET;

/**
 * Walks and verifies the records of one mapped journal file; shared by the reader and by the
 * writer's recovery so both agree on where the good data ends. Reuses its buffers: no allocation
 * per record.
 */
final class RecordCursor
{
    static final int RECORD = 0;
    /** Clean end of this file's data: a zero commit word over zeros, or no room for another record. */
    static final int END = 1;
    /** The record at {@link #position()} is partial, corrupt or out of sequence. */
    static final int TORN = 2;

    private final byte[] header = new byte[RECORD_HEADER_BYTES];
    private final byte[] payload = new byte[MAX_STORED_BYTES];
    private final CRC32C crc = new CRC32C();

    private MappedBytes bytes;
    private long limit;
    private long position;
    private long expectedOrdinal;
    private String tornReason;

    private long ordinal;
    private long receivedNanos;
    private int storedLength;
    private int trueLength;

    void reset(final MappedBytes bytes, final long limit, final long expectedOrdinal)
    {
        this.bytes = bytes;
        this.limit = limit;
        this.position = JournalFormat.HEADER_BYTES;
        this.expectedOrdinal = expectedOrdinal;
        this.tornReason = null;
        bytes.readLimit(limit);
    }

    /** Verifies the record at the current position and, if good, steps over it. */
    int next()
    {
        final long p = position;
        if (p + RECORD_HEADER_BYTES > limit)
        {
            // Too little room for a record: the end, unless a record was cut short here.
            for (long i = p; i < limit; i++)
            {
                if (0 != bytes.readByte(i))
                {
                    return torn("truncated record");
                }
            }
            return END;
        }
        final int recordLength = bytes.readVolatileInt(p);
        if (0 == recordLength)
        {
            // The commit word is stored last: bytes behind a zero one are a record that never committed.
            if (0 != bytes.readLong(p + ORDINAL_OFFSET) || 0 != bytes.readLong(p + RECEIVED_NANOS_OFFSET) ||
                0 != bytes.readInt(p + TRUE_LENGTH_OFFSET))
            {
                return torn("uncommitted record");
            }
            return END;
        }
        if (recordLength < RECORD_OVERHEAD || recordLength > RECORD_OVERHEAD + MAX_STORED_BYTES ||
            p + JournalFormat.alignedSize(recordLength) > limit)
        {
            return torn("bad record length " + recordLength);
        }
        final int stored = recordLength - RECORD_OVERHEAD;
        bytes.read(p, header, 0, RECORD_HEADER_BYTES);
        bytes.read(p + RECORD_HEADER_BYTES, payload, 0, stored);
        crc.reset();
        crc.update(header, 0, RECORD_HEADER_BYTES);
        crc.update(payload, 0, stored);
        if ((int)crc.getValue() != bytes.readInt(p + RECORD_HEADER_BYTES + stored))
        {
            return torn("checksum mismatch");
        }
        final int trueLen = JournalFormat.getInt(header, TRUE_LENGTH_OFFSET);
        final long ord = JournalFormat.getLong(header, ORDINAL_OFFSET);
        if (trueLen < stored)
        {
            return torn("true length " + trueLen + " < stored length " + stored);
        }
        if (ord != expectedOrdinal)
        {
            return torn("ordinal " + ord + " where " + expectedOrdinal + " was expected");
        }
        ordinal = ord;
        receivedNanos = JournalFormat.getLong(header, RECEIVED_NANOS_OFFSET);
        storedLength = stored;
        trueLength = trueLen;
        position = p + JournalFormat.alignedSize(recordLength);
        expectedOrdinal = ord + 1;
        return RECORD;
    }

    private int torn(final String reason)
    {
        tornReason = reason;
        return TORN;
    }

    /** After a record: the offset just past it; after END or TORN: where the good data ends. */
    long position()
    {
        return position;
    }

    long expectedOrdinal()
    {
        return expectedOrdinal;
    }

    String tornReason()
    {
        return tornReason;
    }

    long ordinal()
    {
        return ordinal;
    }

    long receivedNanos()
    {
        return receivedNanos;
    }

    int storedLength()
    {
        return storedLength;
    }

    int trueLength()
    {
        return trueLength;
    }

    byte[] payload()
    {
        return payload;
    }
}
