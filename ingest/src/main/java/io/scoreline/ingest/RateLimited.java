package io.scoreline.ingest;

import io.scoreline.pipeline.EventSlot;
import io.scoreline.rules.EventParser;
import io.scoreline.rules.ResultEncoder;

import java.nio.charset.StandardCharsets;

/**
 * The answer to an event past its connection's rate: GAME.md's rejected result with the service's
 * own code, {@code {"seq":S,"player":P,"status":"rejected","error":"rate_limited"}} (seq and player
 * as GAME.md section 5 gives them for a rejected event). Written into the slot by the producer,
 * which publishes it as {@link EventSlot#REFUSED}: it takes its turn among the connection's
 * results, is not journaled and changes nothing. Event loop only; allocates nothing.
 */
final class RateLimited
{
    static final byte[] CODE = "rate_limited".getBytes(StandardCharsets.US_ASCII);

    private final EventParser parser = new EventParser();
    private final Metrics metrics;

    RateLimited(final Metrics metrics)
    {
        this.metrics = metrics;
    }

    void answer(final EventSlot slot)
    {
        parser.parse(slot.line, 0, slot.trueLength, slot.event);
        slot.resultLength = ResultEncoder.encodeRejected(slot.event, CODE, slot.result, 0);
        metrics.eventsRateLimited.incrementAndGet();
    }
}
