package io.scoreline.perf.jmh;

import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.perf.SyntheticEvents;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.EventParser;
import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.Score;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines of the JMH benchmarks compute what the project's code computes: the comparison is of equals. */
class BaselineEquivalenceTest
{
    private static final byte[][] LINES = ParserBenchmark.lines(1000);

    @Test
    void jacksonStreamingShouldFillEveryFieldAsEventParserDoesForSyntheticLines() throws Exception
    {
        final EventParser parser = new EventParser();
        final JacksonStreamingReader reader = new JacksonStreamingReader();
        final GameEvent expected = new GameEvent();
        final GameEvent actual = new GameEvent();
        final boolean[] typesSeen = new boolean[EventType.COUNT];
        for (final byte[] line : LINES)
        {
            parser.parse(line, 0, line.length, expected);
            reader.read(line, 0, line.length, actual);
            assertEquals(ErrorCode.NONE, expected.error, () -> "synthetic lines are valid: " + text(line));
            assertSameFields(expected, actual, line);
            typesSeen[expected.type] = true;
        }
        for (int type = EventType.JOIN; type < EventType.MATCH_EVENT; type++)
        {
            assertTrue(typesSeen[type], "1000 lines cover type " + EventType.name(type));
        }
    }

    @Test
    void jacksonDatabindShouldFillEveryFieldAsEventParserDoesForSyntheticLines() throws Exception
    {
        final ObjectReader reader = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readerFor(JacksonEvent.class);
        final EventParser parser = new EventParser();
        final GameEvent expected = new GameEvent();
        final GameEvent actual = new GameEvent();
        for (final byte[] line : LINES)
        {
            parser.parse(line, 0, line.length, expected);
            ((JacksonEvent)reader.readValue(line)).copyTo(actual);
            assertSameFields(expected, actual, line);
        }
    }

    @Test
    void jacksonStreamingShouldReadAHandWrittenTreasureLine()
    {
        final byte[] line = ascii(
            "{\"type\":\"treasure_found\",\"seq\":3,\"ts\":1749808800000,\"player\":77,\"team\":5," +
            "\"treasure\":912,\"rarity\":4,\"zone\":63,\"note\":{\"a\":[1,2]}}");
        final GameEvent e = new GameEvent();
        new JacksonStreamingReader().read(line, 0, line.length, e);

        assertEquals(ErrorCode.NONE, e.error);
        assertEquals(EventType.TREASURE_FOUND, e.type);
        assertEquals(3, e.seq);
        assertEquals(1_749_808_800_000L, e.ts);
        assertEquals(77, e.player);
        assertEquals(5, e.team);
        assertEquals(912, e.treasure);
        assertEquals(4, e.rarity);
        assertEquals(63, e.zone);
    }

    @Test
    void jacksonStreamingShouldReportATruncatedLineAsMalformed()
    {
        final byte[] line = ascii("{\"type\":\"join\",\"seq\":1,");
        final GameEvent e = new GameEvent();
        new JacksonStreamingReader().read(line, 0, line.length, e);

        assertEquals(ErrorCode.MALFORMED, e.error);
    }

    @Test
    void mapBoardsShouldOrderByTotalDescThenReachedAtThenId()
    {
        for (final MapBoard board : new MapBoard[] {MapBoard.skipList(), MapBoard.treeMap()})
        {
            board.update(3, 100, 10);
            board.update(1, 100, 20);
            board.update(2, 200, 30);
            board.update(4, 100, 10);

            assertArrayEquals(new long[] {2, 3, 4, 1}, board.top(10));
            assertEquals(1, board.rank(2));
            assertEquals(4, board.rank(1));
            assertEquals(0, board.rank(99));
        }
    }

    @Test
    void mapBoardRankShouldEqualLeaderboardRankOverRandomUpdates()
    {
        final int players = 50;
        final Leaderboard expected = new Leaderboard(players);
        final MapBoard skipList = MapBoard.skipList();
        final MapBoard treeMap = MapBoard.treeMap();
        final SplittableRandom random = new SplittableRandom(11);
        for (int n = 1; n <= 1000; n++)
        {
            final int handle = random.nextInt(players);
            final long id = 1000 - handle;          // ids not in handle order
            final long total = random.nextInt(20); // small range: ties on total are common
            final long reachedAt = random.nextInt(5) == 0 ? 7 : n; // and ties on reachedAt too
            expected.update(handle, id, total, reachedAt);
            skipList.update(id, total, reachedAt);
            treeMap.update(id, total, reachedAt);

            final int probe = random.nextInt(players);
            assertEquals(expected.rank(handle), skipList.rank(id), "update " + n);
            assertEquals(expected.rank(handle), treeMap.rank(id), "update " + n);
            assertEquals(expected.rank(probe), skipList.rank(1000 - probe), "probe after update " + n);
            assertEquals(expected.size(), skipList.size());
        }
    }

    /**
     * Event by event, the baseline pipeline gives the result ScoringPipeline gives: status, error,
     * seq, player, delta, total, rules and rank. The input is the benchmark's synthetic stream (every
     * type, match events included) with duplicates and malformed lines mixed in.
     */
    @Test
    void plainJavaPipelineShouldGiveEachEventTheResultAndRankScoringPipelineGives() throws Exception
    {
        final int players = 1000;
        final List<byte[]> lines = mixedLines(players, 20_000);

        final List<String> expected = new ArrayList<>();
        try (ScoringPipeline pipeline = new ScoringPipeline(new PipelineConfig().maxPlayers(players), (slot, end) ->
        {
            if (slot.command == EventSlot.EVENT)
            {
                final Score score = slot.score;
                expected.add(result(slot.event.seq, slot.event.player, score.status, score.error, score.delta,
                    score.total, score.rules, slot.rank));
            }
        }))
        {
            for (final byte[] line : lines)
            {
                final long sequence = pipeline.next();
                try
                {
                    final EventSlot slot = pipeline.slot(sequence);
                    slot.reset(EventSlot.EVENT, null);
                    System.arraycopy(line, 0, slot.line, 0, line.length);
                    slot.storedLength = line.length;
                    slot.trueLength = line.length;
                    slot.ordinal = pipeline.takeOrdinal();
                }
                finally
                {
                    pipeline.publish(sequence);
                }
            }
            assertTrue(pipeline.awaitDrained(10, TimeUnit.SECONDS));
        }

        final List<String> actual = new ArrayList<>();
        final PlainJavaPipeline plain = new PlainJavaPipeline(players,
            (seq, player, status, error, delta, total, rules, rank) ->
                actual.add(result(seq, player, status, error, delta, total, rules, rank)));
        try
        {
            for (final byte[] line : lines)
            {
                plain.submit(line);
            }
            assertTrue(plain.awaitDrained(10, TimeUnit.SECONDS));
        }
        finally
        {
            plain.close();
        }

        assertEquals(lines.size(), expected.size());
        assertEquals(lines.size(), actual.size());
        for (int i = 0; i < lines.size(); i++)
        {
            final int n = i;
            assertEquals(expected.get(i), actual.get(i), () -> "result of event " + n + ": " + text(lines.get(n)));
        }
        // What the comparison covered: every outcome, match events, and ranks beyond the first.
        assertTrue(count(expected, "ok 1") > 0, "match events (player 0) were scored");
        assertTrue(count(expected, "duplicate") >= 20, "duplicates compared");
        assertTrue(count(expected, "rejected " + ErrorCode.MALFORMED) >= 10, "malformed lines compared");
        assertTrue(expected.stream().filter(r -> r.startsWith("ok") && !r.endsWith(" rank=1") && !r.endsWith(" rank=0"))
            .count() > 10_000, "most accepted events rank below the top");
    }

    /** The synthetic stream, with a resent line (a duplicate) after every 997th and a cut line (malformed) after every 1499th. */
    private static List<byte[]> mixedLines(final int players, final int events)
    {
        final SyntheticEvents generator = new SyntheticEvents(players, 42);
        final byte[] scratch = new byte[EventSlot.LINE_CAPACITY];
        final List<byte[]> lines = new ArrayList<>();
        for (int n = 1; n <= events; n++)
        {
            final byte[] line = Arrays.copyOf(scratch, generator.next(scratch));
            lines.add(line);
            if (n % 997 == 0)
            {
                lines.add(line.clone());
            }
            if (n % 1499 == 0)
            {
                lines.add(Arrays.copyOf(line, line.length / 2));
            }
        }
        return lines;
    }

    /** One result as text: rejected ones by error only (a malformed line has no seq or player to compare). */
    private static String result(
        final long seq, final long player, final byte status, final byte error, final long delta, final long total,
        final long rules, final int rank)
    {
        switch (status)
        {
            case Score.OK:
                return "ok " + (player == 0 ? 1 : 0) + " seq=" + seq + " player=" + player + " delta=" + delta +
                    " total=" + total + " rules=" + Long.toHexString(rules) + " rank=" + rank;
            case Score.DUPLICATE:
                return "duplicate seq=" + seq + " player=" + player;
            case Score.REJECTED:
                return "rejected " + error;
            default:
                return "status " + status;
        }
    }

    private static long count(final List<String> results, final String prefix)
    {
        return results.stream().filter(r -> r.startsWith(prefix)).count();
    }

    private static void assertSameFields(final GameEvent expected, final GameEvent actual, final byte[] line)
        throws IllegalAccessException
    {
        for (final Field f : GameEvent.class.getFields())
        {
            if (!Modifier.isStatic(f.getModifiers()))
            {
                assertEquals(f.get(expected), f.get(actual), () -> f.getName() + " of " + text(line));
            }
        }
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(final byte[] line)
    {
        return new String(line, StandardCharsets.US_ASCII);
    }
}
