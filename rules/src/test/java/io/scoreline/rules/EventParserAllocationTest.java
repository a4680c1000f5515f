package io.scoreline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;

/** The parser must not allocate per event, accepted or rejected (STYLE.md: no allocation on the hot path). */
class EventParserAllocationTest
{
    private static final String[] LINES = {
        "{\"type\":\"join\",\"seq\":1,\"ts\":1750110088942,\"player\":3074,\"team\":12}",
        "{\"type\":\"clue_solved\",\"seq\":2,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"clue\":881," +
            "\"solveMs\":57216,\"hints\":0}",
        "{\"type\":\"hint_used\",\"seq\":3,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"clue\":881}",
        "{\"type\":\"treasure_found\",\"seq\":4,\"ts\":1750116411209,\"player\":3710,\"team\":36782," +
            "\"treasure\":104263,\"rarity\":2,\"zone\":64}",
        "{\"type\":\"checkpoint\",\"seq\":5,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"checkpoint\":4}",
        "{\"type\":\"quiz_answer\",\"seq\":6,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"quiz\":56856," +
            "\"correct\":false,\"answerMs\":48214}",
        "{\"type\":\"prediction_won\",\"seq\":7,\"ts\":1750110088942,\"player\":3074,\"team\":12," +
            "\"stake\":800479992946098,\"odds\":36710}",
        "{\"type\":\"share\",\"seq\":8,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"channel\":\"wh\\u0061tsapp\"}",
        "{\"type\":\"powerup\",\"seq\":9,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"kind\":\"double\"," +
            "\"durationMs\":60000}",
        "{\"type\":\"cheat_flag\",\"seq\":10,\"ts\":1750110088942,\"player\":3074,\"team\":12,\"severity\":3}",
        "{\"type\":\"match_event\",\"seq\":11,\"ts\":1750110088942,\"player\":0,\"kind\":\"half_time\"}",
        " {\"type\":\"join\",\"seq\":12,\"ts\":0,\"player\":1,\"team\":0,\"x\":[1,{\"b\":[true,null,1.5e300]}]," +
            "\"k\\u00e9\":\"\\ud83d\\ude00\",\"z\":[[[[[[[[]]]]]]]]}\r",
        "{\"type\":\"join\",\"seq\":99999999999999999999999,\"ts\":0,\"player\":1,\"team\":0}",
        "{\"type\":\"checkpoint\",\"seq\":1,\"ts\":0,\"player\":1,\"team\":1.5,\"checkpoint\":4}",
        "{\"type\":\"hint\",\"seq\":1,\"ts\":0,\"player\":1,\"team\":1}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":1,\"team\":0,\"a\":1,\"a\":2}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":1,\"team\":NaN}",
        "[{\"type\":\"join\"}]",
    };
    private static final int PARSES = 1_000_000;

    @Test
    void shouldParseAMillionMixedEventsWithoutAllocating()
    {
        // Counting is switched on and must work: a JVM that cannot count fails here, it does not skip.
        final com.sun.management.ThreadMXBean threads = Allocations.counter();

        final byte[][] lines = new byte[LINES.length][];
        for (int i = 0; i < LINES.length; i++)
        {
            lines[i] = LINES[i].getBytes(StandardCharsets.UTF_8);
        }
        final byte[] tooLarge = new byte[GameEvent.MAX_LINE_BYTES + 1];
        final EventParser parser = new EventParser();
        final GameEvent event = new GameEvent();

        long checksum = run(parser, event, lines, tooLarge, PARSES);
        // The measuring call itself allocates nothing once warm: two back-to-back readings are equal.
        threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        assertTrue(before > 0, "the counter counts: this thread allocated the lines above");
        checksum += run(parser, event, lines, tooLarge, PARSES);
        final long after = threads.getCurrentThreadAllocatedBytes();

        // The shared one-off bound (Allocations.ONE_OFF_BYTES): any per-parse allocation is >= 16,000,000 bytes here.
        Allocations.assertOneOff(after - before, PARSES + " parses");
        // The error codes by hand: a round of 19 lines ends with 7 rejects (out_of_range, bad_type, unknown_type,
        // malformed x3, too_large); checking their sum also keeps the JIT from dropping the parses.
        assertEquals(2 * expectedChecksum(lines.length + 1), checksum);
    }

    private static long expectedChecksum(final int roundLength)
    {
        final long rounds = PARSES / roundLength;
        final int rest = PARSES % roundLength;
        final int[] errorsByIndex = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 4, 6, 2, 2, 2, 1};
        long sum = 0;
        for (int i = 0; i < roundLength; i++)
        {
            sum += errorsByIndex[i] * (rounds + (i < rest ? 1 : 0));
        }
        return sum;
    }

    private static long run(
        final EventParser parser, final GameEvent event, final byte[][] lines, final byte[] tooLarge, final int count)
    {
        long checksum = 0;
        for (int i = 0; i < count; i++)
        {
            final int index = i % (lines.length + 1);
            if (index == lines.length)
            {
                parser.parse(tooLarge, 0, 10_000, event);
            }
            else
            {
                parser.parse(lines[index], 0, lines[index].length, event);
            }
            checksum += event.error;
        }
        return checksum;
    }
}
