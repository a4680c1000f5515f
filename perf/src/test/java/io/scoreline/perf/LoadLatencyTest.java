package io.scoreline.perf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadLatencyTest
{
    private static final long START = 5_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void shouldChargeALateEventFromItsIntendedSendTimeNotFromWhenItLeft()
    {
        // 1000 events/s on one connection: event j is due at START + j ms.
        final LoadSchedule schedule = new LoadSchedule(START, 1000, 1, 10, 0);
        final LoadLatency latency = new LoadLatency(schedule, 0);

        // Events 0 and 1 left together at +1.15 ms (the sender was stalled); results at +1.2 and +1.25 ms.
        // (Values below 2048 us are exact in a 3-digit histogram.)
        latency.onResult(START + 1_200_000, LoadLatency.STATUS_OK);
        latency.onResult(START + 1_250_000, LoadLatency.STATUS_OK);

        assertEquals(2, latency.histogram().getTotalCount());
        assertEquals(250, latency.histogram().getMinValue(), "event 1: 1.25 ms - 1 ms");
        assertEquals(1200, latency.histogram().getMaxValue(), "event 0: 1.2 ms - 0 ms");
    }

    @Test
    void shouldMatchTheNthResultOfAConnectionToThatConnectionsNthEvent()
    {
        // 1000 events/s over 4 connections: connection 2 carries global events 2, 6, 10 (due at +2, +6, +10 ms).
        final LoadSchedule schedule = new LoadSchedule(START, 1000, 4, 12, 0);
        final LoadLatency latency = new LoadLatency(schedule, 2);

        latency.onResult(START + 3 * MS + 500_000, LoadLatency.STATUS_OK);
        latency.onResult(START + 6 * MS + 700_000, LoadLatency.STATUS_OK);

        assertEquals(700, latency.histogram().getMinValue(), "global event 6 due at +6 ms, answered at +6.7 ms");
        assertEquals(1500, latency.histogram().getMaxValue(), "global event 2 due at +2 ms, answered at +3.5 ms");
    }

    @Test
    void shouldKeepWarmupResultsOutOfTheHistogramAndCounts()
    {
        // 3 warm-up events out of 6 on one connection.
        final LoadSchedule schedule = new LoadSchedule(START, 1000, 1, 6, 3);
        final LoadLatency latency = new LoadLatency(schedule, 0);
        for (int i = 0; i < 4; i++)
        {
            latency.onResult(START + 4 * MS, LoadLatency.STATUS_OK);
        }

        assertEquals(4, latency.acked());
        assertEquals(1, latency.measuredAcked());
        assertEquals(1, latency.histogram().getTotalCount());
        assertEquals(1000, latency.histogram().getMaxValue(), "event 3 due at +3 ms, answered at +4 ms");
    }

    @Test
    void shouldCountRejectedAndDuplicateResultsAsAcked()
    {
        final LoadLatency latency = new LoadLatency(new LoadSchedule(START, 1000, 1, 3, 0), 0);

        latency.onResult(START, LoadLatency.STATUS_OK);
        latency.onResult(START + MS, LoadLatency.STATUS_DUPLICATE);
        latency.onResult(START + 2 * MS, LoadLatency.STATUS_REJECTED);

        assertEquals(3, latency.measuredAcked());
        assertEquals(1, latency.duplicates());
        assertEquals(1, latency.rejected());
    }

    @Test
    void shouldRecordZeroForAResultArrivingBeforeItsIntendedTime()
    {
        final LoadLatency latency = new LoadLatency(new LoadSchedule(START, 1000, 1, 1, 0), 0);

        latency.onResult(START - MS, LoadLatency.STATUS_OK);

        assertEquals(0, latency.histogram().getMaxValue());
    }
}
