package io.scoreline.replication;

import io.scoreline.pipeline.EventSlot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The relay's answers are handed on by whichever thread moved the gate (the appender, or the
 * producer callback that acknowledged a record), one at a time: every answer exactly once, in
 * order, and none before the gate covers its event.
 */
class ResultRelayTest
{
    private static final int EVENTS = 100_000;

    @Test
    void twoThreadsEmittingTogetherHandEveryAnswerOnceInOrderAndNoneBeforeTheGate() throws Exception
    {
        final ResultRelay relay = new ResultRelay();
        final AtomicLong gate = new AtomicLong(-1);
        final List<Integer> handed = new ArrayList<>(); // written only under the relay's one-emitter rule
        final long[] early = {0};
        final Thread producer = new Thread(() ->
        {
            final EventSlot slot = new EventSlot();
            for (int i = 0; i < EVENTS; i++)
            {
                slot.command = EventSlot.EVENT;
                slot.context = i;
                slot.resultLength = 1;
                relay.add(slot, i); // the event's ordinal is its tag
                if (i % 7 == 0)
                {
                    gate.set(i - 3); // acknowledgments lag the scoring
                }
            }
            gate.set(EVENTS - 1);
        });
        final AtomicInteger count = new AtomicInteger();
        final Runnable consumer = () ->
        {
            while (count.get() < EVENTS)
            {
                relay.emit(gate, (slot, endOfBatch) ->
                {
                    final int ordinal = (Integer)slot.context;
                    if (ordinal > gate.get())
                    {
                        early[0]++;
                    }
                    handed.add(ordinal);
                    count.incrementAndGet();
                });
                Thread.yield();
            }
        };
        final Thread a = new Thread(consumer);
        final Thread b = new Thread(consumer);
        producer.start();
        a.start();
        b.start();
        producer.join();
        a.join(60_000);
        b.join(60_000);
        assertEquals(0, early[0], "answers handed on before the gate covered them");
        assertEquals(EVENTS, handed.size());
        for (int i = 0; i < EVENTS; i++)
        {
            assertEquals(i, handed.get(i).intValue(), "answer at position " + i);
        }
    }
}
