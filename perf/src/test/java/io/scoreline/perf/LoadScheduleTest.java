package io.scoreline.perf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadScheduleTest
{
    @Test
    void shouldDealEventsToConnectionsRoundRobin()
    {
        // 10 events over 4 connections: {0,4,8} {1,5,9} {2,6} {3,7}.
        final LoadSchedule schedule = new LoadSchedule(0, 100, 4, 10, 5);

        assertEquals(3, schedule.eventsFor(0));
        assertEquals(3, schedule.eventsFor(1));
        assertEquals(2, schedule.eventsFor(2));
        assertEquals(2, schedule.eventsFor(3));
        // Warm-up is global events 0..4: {0,4} {1} {2} {3}.
        assertEquals(2, schedule.warmupEventsFor(0));
        assertEquals(1, schedule.warmupEventsFor(1));
        assertEquals(1, schedule.warmupEventsFor(3));
    }

    @Test
    void shouldSpaceIntendedTimesByOneOverTheTotalRate()
    {
        // 100 events/s: global event k due at k * 10 ms; connection 3's event 1 is global event 7.
        final LoadSchedule schedule = new LoadSchedule(1_000, 100, 4, 10, 5);

        assertEquals(1_000 + 70_000_000L, schedule.intendedNanos(3, 1));
        assertEquals(1_000 + 50_000_000L, schedule.measureStartNanos());
        assertEquals(1_000 + 90_000_000L, schedule.lastIntendedNanos());
    }

    @Test
    void shouldFindTheFirstEventDueAfterAnInstant()
    {
        // 100 events/s from t=1000 ns: event k due at 1000 + k * 10 ms; 10 events, the last at 90 ms.
        final LoadSchedule schedule = new LoadSchedule(1_000, 100, 4, 10, 5);

        assertEquals(1_000, schedule.nextIntendedNanosAfter(0));
        assertEquals(1_000 + 10_000_000L, schedule.nextIntendedNanosAfter(1_000));
        assertEquals(1_000 + 30_000_000L, schedule.nextIntendedNanosAfter(1_000 + 25_000_000L));
        assertEquals(1_000 + 40_000_000L, schedule.nextIntendedNanosAfter(1_000 + 30_000_000L));
        assertEquals(Long.MAX_VALUE, schedule.nextIntendedNanosAfter(1_000 + 90_000_000L));
    }
}
