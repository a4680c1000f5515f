package io.scoreline.replication;

import io.scoreline.pipeline.EventSlot;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AppendLogTest
{
    /** Issue 22: a record's wait is counted per event it carries, each from its own arrival. */
    @Test
    void cutRecordsTheWaitOfEveryEventItTakesAndOfNoneItLeaves()
    {
        final AppendLog log = new AppendLog();
        final byte[] line = "{\"type\":\"join\",\"player\":\"p1\",\"seq\":1}".getBytes(StandardCharsets.US_ASCII); // 37 bytes
        for (int i = 0; i < 3; i++)
        {
            log.append(slot(i, 1_000_000L * (i + 1), line));
        }
        log.publish();
        final Recorder waits = new Recorder(1, 3_600_000_000_000L, 3);
        final AppendLog.Cut cut = new AppendLog.Cut();

        assertEquals(37, line.length);
        // Room for two events: header 13 + 2 x (8 + 37) = 103 bytes.
        final byte[] first = log.cut(0, log.published(), 103, cut, waits, 10_000_000L);
        assertEquals(103, first.length);
        assertEquals(2, cut.count);
        assertEquals(1, cut.lastOrdinal);
        Histogram h = waits.getIntervalHistogram();
        assertEquals(2, h.getTotalCount());
        assertEquals(9_000_000L, h.getMaxValue(), 9_000_000L * 0.001); // arrived at 1 ms, sent at 10 ms
        assertEquals(8_000_000L, h.getMinValue(), 8_000_000L * 0.001);

        log.cut(cut.end, log.published(), 103, cut, waits, 12_000_000L);
        assertEquals(1, cut.count);
        assertEquals(2, cut.lastOrdinal);
        h = waits.getIntervalHistogram();
        assertEquals(1, h.getTotalCount());
        assertEquals(9_000_000L, h.getMaxValue(), 9_000_000L * 0.001); // arrived at 3 ms, sent at 12 ms
    }

    private static EventSlot slot(final long ordinal, final long receivedNanos, final byte[] line)
    {
        final EventSlot slot = new EventSlot();
        slot.command = EventSlot.EVENT;
        slot.ordinal = ordinal;
        slot.receivedNanos = receivedNanos;
        System.arraycopy(line, 0, slot.line, 0, line.length);
        slot.storedLength = line.length;
        slot.trueLength = line.length;
        return slot;
    }
}
