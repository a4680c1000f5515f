package io.scoreline.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engine captures: copy on write keeps the state of the capture instant whatever the engine
 * writes afterwards, and a restored engine scores the rest of a golden stream as GAME.md says.
 */
class EngineCaptureTest
{
    /** Small chunks: sample-101's ~1,300 players span ~130 of them, so later writes meet uncopied ones. */
    private static final int CHUNK = 1024;

    @ParameterizedTest
    @ValueSource(ints = {1, 777, 5_000, 12_345, 19_999})
    void shouldCaptureTheInstantStateWhileTheEngineGoesOnWriting(final int cut) throws IOException
    {
        final Stream s = new Stream("sample-101");
        final ScoringEngine live = s.engine();
        s.score(live, 0, cut);
        final EngineCapture capture = live.newCapture();
        capture.reserve(live.playerCount());
        assertTrue(live.capture(capture, cut - 1));
        s.score(live, cut, s.size()); // every write into a chunk not yet streamed saves it first

        final ScoringEngine quiet = s.engine();
        s.score(quiet, 0, cut);
        final EngineCapture expected = quiet.newCapture();
        expected.reserve(quiet.playerCount());
        assertTrue(quiet.capture(expected, cut - 1));

        assertEquals(cut - 1, capture.ordinal());
        assertArrayEquals(bytes(expected), bytes(capture));
        assertArrayEquals(expected.rankOrder(), capture.rankOrder());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 9_000, 19_000})
    void shouldScoreTheRestOfTheGoldenStreamAfterARestoreAsGameMdSays(final int cut) throws IOException
    {
        final Stream s = new Stream("sample-101");
        final ScoringEngine first = s.engine();
        s.score(first, 0, cut);
        final EngineCapture capture = first.newCapture();
        capture.reserve(first.playerCount());
        assertTrue(first.capture(capture, cut - 1));

        final ScoringEngine restored = s.engine();
        restored.restore(new DataInputStream(new ByteArrayInputStream(bytes(capture))));
        restored.rebuildIndex();
        assertEquals(first.playerCount(), restored.playerCount());
        final List<String> expected = Golden.lines("sample-101", "results.ndjson");
        final List<String> actual = s.score(restored, cut, s.size());
        for (int i = 0; i < actual.size(); i++)
        {
            assertEquals(withoutRank(expected.get(cut + i)), withoutRank(actual.get(i)), "ordinal " + (cut + i));
        }
    }

    @Test
    void shouldRankTheCapturedPlayersInTheGoldenStandingsOrder() throws IOException
    {
        final Stream s = new Stream("sample-101");
        final ScoringEngine engine = s.engine();
        s.score(engine, 0, s.size());
        final EngineCapture capture = engine.newCapture();
        capture.reserve(engine.playerCount());
        assertTrue(engine.capture(capture, s.size() - 1));
        bytes(capture); // the stream picks up what the board order is sorted from

        final List<String> standings = Golden.lines("sample-101", "standings.csv");
        final int[] order = capture.rankOrder();
        assertEquals(standings.size() - 1, order.length);
        for (int i = 0; i < order.length; i++)
        {
            final String[] row = standings.get(i + 1).split(",");
            assertEquals(Long.parseLong(row[1]), engine.playerId(order[i]), "rank " + (i + 1));
            assertEquals(Long.parseLong(row[2]), engine.totalOf(order[i]), "rank " + (i + 1));
        }
    }

    @Test
    void shouldRefuseToArmWithTooFewChunksReservedAndCaptureNothing()
    {
        final Stream s = new Stream("sample-101");
        final ScoringEngine engine = s.engine();
        s.score(engine, 0, 5_000);
        final EngineCapture capture = engine.newCapture();
        capture.reserve(10);

        assertFalse(engine.capture(capture, 4_999));
        capture.reserve(engine.playerCount());
        assertTrue(engine.capture(capture, 4_999));
    }

    @Test
    void shouldRefuseToRestoreAnImageOfAnotherRecordLength()
    {
        final ScoringEngine engine = new ScoringEngine(Rulebook.defaults(), 100, 1_000_000, CHUNK);
        final byte[] image = {0, 0, 0, 99, 0, 0, 0, 1};
        final IOException e = assertThrows(IOException.class,
            () -> engine.restore(new DataInputStream(new ByteArrayInputStream(image))));
        assertTrue(e.getMessage().contains("99 bytes"), e.getMessage());
    }

    private static byte[] bytes(final EngineCapture capture) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        capture.writeEngine(new DataOutputStream(out));
        return out.toByteArray();
    }

    private static String withoutRank(final String result)
    {
        return result.replaceFirst(",\"rank\":-?\\d+", "");
    }

    /** A golden input, parsed once. */
    private static final class Stream
    {
        private final byte[] input;
        private final List<int[]> lines;

        Stream(final String name)
        {
            input = Golden.bytes(name, "events.ndjson");
            lines = Golden.eventLines(input);
        }

        int size()
        {
            return lines.size();
        }

        ScoringEngine engine()
        {
            // Pools that hold every chunk: these tests score on after a capture with nothing streaming it.
            return new ScoringEngine(Rulebook.defaults(), 10_000, 1_000_000, CHUNK, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }

        /** Scores events [from, to); @return their results, rank left 0. */
        List<String> score(final ScoringEngine engine, final int from, final int to)
        {
            final EventParser parser = new EventParser();
            final GameEvent event = new GameEvent();
            final Score score = new Score();
            final byte[] out = new byte[ResultEncoder.MAX_RESULT_BYTES];
            final List<String> results = new ArrayList<>();
            for (int i = from; i < to; i++)
            {
                final int[] line = lines.get(i);
                final byte[] slot = new byte[Math.min(line[1], GameEvent.MAX_LINE_BYTES + 1)];
                System.arraycopy(input, line[0], slot, 0, slot.length);
                parser.parse(slot, 0, line[1], event);
                engine.score(event, i, score);
                results.add(new String(out, 0, ResultEncoder.encode(event, score, 0, out, 0), StandardCharsets.UTF_8));
            }
            return results;
        }
    }
}
