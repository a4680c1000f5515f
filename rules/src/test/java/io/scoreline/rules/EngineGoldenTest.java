package io.scoreline.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parser plus engine against every golden result, rank aside (the board stage adds it; the
 * pipeline's golden test checks whole results byte for byte).
 */
class EngineGoldenTest
{
    @ParameterizedTest
    @ValueSource(strings = {"validation", "scenario", "sample-101"})
    void shouldReproduceEveryGoldenResultButRank(final String name)
    {
        final byte[] input = Golden.bytes(name, "events.ndjson");
        final List<int[]> lines = Golden.eventLines(input);
        final List<String> expected = Golden.lines(name, "results.ndjson");
        assertEquals(expected.size(), lines.size(), "events vs results");

        final EventParser parser = new EventParser();
        final ScoringEngine engine = new ScoringEngine(Rulebook.defaults(), 10_000, 1_000_000);
        final GameEvent event = new GameEvent();
        final Score score = new Score();
        final byte[] out = new byte[ResultEncoder.MAX_RESULT_BYTES];
        for (int i = 0; i < lines.size(); i++)
        {
            final int[] line = lines.get(i);
            final byte[] slot = new byte[Math.min(line[1], GameEvent.MAX_LINE_BYTES + 1)];
            System.arraycopy(input, line[0], slot, 0, slot.length);
            parser.parse(slot, 0, line[1], event);
            engine.score(event, i, score);
            final int length = ResultEncoder.encode(event, score, 0, out, 0);
            final String actual = new String(out, 0, length, StandardCharsets.UTF_8);
            assertEquals(withoutRank(expected.get(i)), withoutRank(actual), name + " ordinal " + i);
        }
    }

    private static String withoutRank(final String result)
    {
        return result.replaceFirst(",\"rank\":-?\\d+", "");
    }
}
