package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import io.scoreline.rules.EventParser;

/** Stage 1: line bytes to the slot's primitive {@link io.scoreline.rules.GameEvent} fields. */
final class ParseHandler implements EventHandler<EventSlot>
{
    private final EventParser parser = new EventParser();

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.command == EventSlot.EVENT)
        {
            parser.parse(slot.line, 0, slot.trueLength, slot.event);
        }
    }
}
