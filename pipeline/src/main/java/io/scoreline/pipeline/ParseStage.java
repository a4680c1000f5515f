package io.scoreline.pipeline;

import io.scoreline.rules.EventParser;

/**
 * Line bytes to the slot's primitive {@link io.scoreline.rules.GameEvent} fields. The producer
 * wrote the line on another core, so reading it costs a cache-line transfer per 64 bytes: the
 * prefetch phase touches a group's lines first, so the transfers overlap.
 */
final class ParseStage implements Stage
{
    private static final int LINE = 64;

    private final EventParser parser = new EventParser();
    private int prefetchSink;

    @Override
    public void onSlot(final EventSlot slot)
    {
        if (slot.command == EventSlot.EVENT)
        {
            parser.parse(slot.line, 0, slot.trueLength, slot.event);
        }
    }

    @Override
    public int prefetchPhases()
    {
        return 1;
    }

    @Override
    public void prefetch(final EventSlot slot, final int phase)
    {
        final byte[] line = slot.line;
        final int length = slot.storedLength;
        int sum = 0;
        for (int i = 0; i < length; i += LINE)
        {
            sum += line[i];
        }
        prefetchSink += sum;
    }
}
