package io.scoreline.perf;

/**
 * The open-loop timetable: event {@code k} of the run is due at {@code start + k / rate} whatever
 * happened to earlier events, and goes to connection {@code k % connections}. Connection
 * {@code c}'s {@code j}-th event is therefore global event {@code j * connections + c}.
 *
 * <p>Results come back in order per connection, so the {@code j}-th result on a connection
 * belongs to its {@code j}-th event and its intended time is computed, not stored: the per-
 * connection FIFO of intended send times is implicit and costs no memory.
 */
final class LoadSchedule
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNanos;
    private final long rate;
    private final int connections;
    private final long totalEvents;
    private final long warmupEvents;

    /**
     * @param rate         events per second over all connections
     * @param totalEvents  events in the whole run, warm-up included
     * @param warmupEvents the first events of the run, sent but kept out of the histogram and counts
     */
    LoadSchedule(
        final long startNanos, final long rate, final int connections, final long totalEvents, final long warmupEvents)
    {
        if (rate < 1 || connections < 1 || totalEvents < 0 || warmupEvents < 0 || warmupEvents > totalEvents)
        {
            throw new IllegalArgumentException("bad schedule: rate=" + rate + " connections=" + connections +
                " total=" + totalEvents + " warmup=" + warmupEvents);
        }
        this.startNanos = startNanos;
        this.rate = rate;
        this.connections = connections;
        this.totalEvents = totalEvents;
        this.warmupEvents = warmupEvents;
    }

    long startNanos()
    {
        return startNanos;
    }

    /** When the measured part of the run begins (the end of the warm-up). */
    long measureStartNanos()
    {
        return intendedNanos(warmupEvents);
    }

    /** Intended send time of the last event, so the end of the timetable. */
    long lastIntendedNanos()
    {
        return totalEvents == 0 ? startNanos : intendedNanos(totalEvents - 1);
    }

    int connections()
    {
        return connections;
    }

    long totalEvents()
    {
        return totalEvents;
    }

    /** Intended send time of connection {@code connection}'s {@code index}-th event (0-based). */
    long intendedNanos(final int connection, final long index)
    {
        return intendedNanos(index * connections + connection);
    }

    /** Intended time of the first event due after {@code nanos} (of any connection), or MAX_VALUE past the last. */
    long nextIntendedNanosAfter(final long nanos)
    {
        if (nanos - startNanos < 0)
        {
            return totalEvents == 0 ? Long.MAX_VALUE : startNanos;
        }
        long event = (long)((nanos - startNanos) / (double)NANOS_PER_SECOND * rate); // close; the loops make it exact
        while (event > 0 && intendedNanos(event - 1) > nanos)
        {
            event--;
        }
        while (event < totalEvents && intendedNanos(event) <= nanos)
        {
            event++;
        }
        return event < totalEvents ? intendedNanos(event) : Long.MAX_VALUE;
    }

    /** Events the timetable gives to {@code connection}. */
    long eventsFor(final int connection)
    {
        return countBelow(totalEvents, connection);
    }

    /** Warm-up events among those of {@code connection}: its first ones. */
    long warmupEventsFor(final int connection)
    {
        return countBelow(warmupEvents, connection);
    }

    private long intendedNanos(final long event)
    {
        // event * 1e9 fits a long up to 9.2e9 events, i.e. hours at millions of events per second.
        return startNanos + event * NANOS_PER_SECOND / rate;
    }

    /** How many of the global events 0..limit-1 go to {@code connection}. */
    private long countBelow(final long limit, final int connection)
    {
        return limit <= connection ? 0 : (limit - connection + connections - 1) / connections;
    }
}
