package io.scoreline.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packed engine against main's engine as it was before packing ({@link ReferenceScoringEngine},
 * itself checked against an independent implementation on every held-back stream): both score
 * the same generated events ({@link EventFuzzer}) and every field of every {@link Score} must be
 * equal, then every id's handle and every handle's id. Run with the shipped rulebook and with
 * rulebooks whose numbers make the packed fields wider (millions, spans near
 * {@code Integer.MAX_VALUE}), narrower (1s) and exactly at bit boundaries.
 *
 * <p>Checked that it can fail: with {@code clueCount} one bit narrower than the layout asks, the
 * "edges" runs fail at the first clue milestone past the narrowed range.
 */
class EngineDifferentialTest
{
    private static final int MAX_TREASURE = 1_000_000;
    private static final String ALL = "R01-R47";
    /** Clean clues, treasures, correct answers, predictions: each counter passes its milestone in millions. */
    private static final EventFuzzer.Profile LONG_RUN = new EventFuzzer.Profile(new int[]{0, 40, 0, 25, 0, 20, 15, 0, 0, 0}, 0, 0, 0, 999, false);

    /** Larger numbers than the shipped rulebook everywhere the layout derives a width from one. */
    static final String[] WIDE = {
        "R03.points=1000000000", "R07.points=-1000000000", "R08.every=1000000", "R09.count=1000000",
        "R10.count=16", "R10.spanMs=2147483646", "R11.count=1000000", "R12.count=999999", "R18.zones=64",
        "R19.count=16", "R19.spanMs=2147483645", "R20.count=1000000", "R21.count=65536", "R24.checkpoint=100",
        "R25.windowMs=2147483647", "R29.every=1000000", "R30.windowMs=2147483647", "R31.count=1000000",
        "R34.count=1000000", "R35.limit=100", "R36.limit=100", "R36.channel=x", "R39.severity=1",
        "R39.windowMs=2147483647", "R40.windowMs=2147483647", "R40.percent=100000", "R41.windowMs=2147483647",
        "R41.percent=1", "R43.percent=100000", "R45.limit=1000000", "R46.limit=1000000",
    };

    /** The smallest numbers: every counter saturates at once, K = 1 and 2 histories, 1 ms spans, negative points. */
    static final String[] NARROW = {
        "R03.points=-100", "R07.shieldable=false", "R08.every=1", "R09.count=1", "R10.count=2", "R10.spanMs=1",
        "R11.count=1", "R12.count=2", "R13.points=-5", "R18.zones=1", "R19.count=1", "R19.spanMs=1", "R20.count=1",
        "R21.count=2", "R24.checkpoint=1", "R25.windowMs=1", "R27.maxAnswerMs=0", "R06.minSolveMs=0", "R29.every=1",
        "R31.count=1", "R32.divisor=1", "R34.count=1", "R35.limit=1", "R36.limit=1", "R36.channel=other",
        "R37.shieldable=false", "R39.severity=1", "R39.windowMs=1", "R40.percent=1", "R43.percent=1", "R45.limit=1",
        "R46.limit=1",
    };

    /** Numbers whose stored ranges end exactly at a power of two (or one past it). */
    static final String[] EDGES = {
        "R08.every=7", "R09.count=8", "R10.count=3", "R10.spanMs=262143", "R11.count=62", "R12.count=63",
        "R19.count=8", "R19.spanMs=524286", "R20.count=127", "R21.count=126", "R29.every=8", "R31.count=31",
        "R34.count=7", "R35.limit=7", "R36.limit=8", "R46.limit=65535", "R45.limit=65536", "R24.checkpoint=64",
    };

    /** Milestones and streaks in the millions, reached and passed by one player. */
    static final String[] MILLIONS = {
        "R08.every=7", "R09.count=1000000", "R11.count=1000000", "R12.count=999999", "R20.count=600000",
        "R21.count=1000", "R29.every=1000", "R31.count=400000", "R34.count=300000", "R46.limit=1000000",
        "R45.limit=1000000",
    };

    static Stream<Arguments> runs()
    {
        return Stream.of(
            // name, rulebook edits, seed, capacity, player pool, events, profile, rules that must take part
            Arguments.of("default, table fills", new String[0], 1L, 64, 100, 200_000, EventFuzzer.MIXED, "R10 R11 R19 R25"),
            Arguments.of("default, many players", new String[0], 2L, 5_000, 3_000, 200_000, EventFuzzer.MIXED, "R10 R18 R19"),
            Arguments.of("default, few deep players", new String[0], 3L, 16, 6, 200_000, EventFuzzer.DEEP, ALL),
            Arguments.of("wide", WIDE, 4L, 64, 80, 150_000, EventFuzzer.MIXED, "R10 R19 R45 R46"),
            Arguments.of("wide, few deep players", WIDE, 5L, 8, 4, 150_000, EventFuzzer.DEEP, "R10 R18 R19 R45 R46"),
            Arguments.of("narrow", NARROW, 6L, 64, 80, 150_000, EventFuzzer.MIXED,
                "R08 R09 R10 R11 R12 R18 R19 R20 R21 R24 R29 R31 R34 R35 R36 R39 R45 R46"),
            Arguments.of("edges", EDGES, 7L, 32, 40, 150_000, EventFuzzer.DEEP, "R08 R09 R10 R11 R12 R19 R20 R21 R29 R31 R34 R46"),
            Arguments.of("edges, few deep players", EDGES, 8L, 4, 3, 150_000, EventFuzzer.DEEP,
                "R08 R09 R10 R11 R12 R19 R20 R21 R24 R29 R31 R34 R46"),
            Arguments.of("millions, one player", MILLIONS, 9L, 2, 1, 2_700_000, LONG_RUN, "R08 R09 R11 R12 R20 R21 R29 R31 R34")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void shouldScoreEveryEventAsTheUnpackedEngineDoes(final String name, final String[] edits, final long seed, final int capacity,
        final int pool, final int events, final EventFuzzer.Profile profile, final String mustTakePart)
    {
        final Rulebook book = rulebook(name, edits);
        final ScoringEngine packed = new ScoringEngine(book, capacity, MAX_TREASURE);
        final ReferenceScoringEngine reference = new ReferenceScoringEngine(book, capacity, MAX_TREASURE);
        final EventFuzzer fuzzer = new EventFuzzer(seed, book, pool, profile);
        final GameEvent e = new GameEvent();
        final Score actual = new Score();
        final Score expected = new Score();
        final int[] statuses = new int[4];
        long seen = 0;
        for (int i = 0; i < events; i++)
        {
            if ((i & 15) == 0)
            {
                for (int k = 0; k < 4; k++) // read-only: may run at any time, for any id
                {
                    final long id = fuzzer.someId();
                    packed.prefetchIndex(id);
                    packed.prefetchRecord(id);
                    reference.prefetchIndex(id);
                    reference.prefetchRecord(id);
                }
            }
            fuzzer.next(e);
            packed.prefetchRecord(e);
            reference.score(e, i, expected);
            packed.score(e, i, actual);
            if (!same(expected, actual))
            {
                fail(name + ", event " + i + " " + describe(e) + "\n expected " + describe(expected) + "\n actual   " + describe(actual));
            }
            statuses[expected.status]++;
            seen |= expected.rules;
        }

        assertEquals(reference.playerCount(), packed.playerCount(), "players");
        for (int i = 0; i < fuzzer.poolSize(); i++)
        {
            assertEquals(reference.handleOf(fuzzer.id(i)), packed.handleOf(fuzzer.id(i)), "handle of " + fuzzer.id(i));
        }
        for (int h = 0; h < reference.playerCount(); h++)
        {
            assertEquals(reference.playerId(h), packed.playerId(h), "id of handle " + h);
        }
        // The run reached what it is meant to reach (a run that accepted nothing would compare nothing).
        assertTrue(statuses[Score.OK] > events / 4, name + ": accepted " + statuses[Score.OK]);
        if (profile.errorPermille() > 0)
        {
            assertTrue(statuses[Score.DUPLICATE] > 0 && statuses[Score.REJECTED] > 0, name + ": no duplicates or rejects");
        }
        if (pool > capacity)
        {
            assertEquals(capacity, packed.playerCount(), name + ": the table fills");
        }
        final List<String> missing = new ArrayList<>(expand(mustTakePart));
        missing.removeAll(Game.rules(seen));
        assertEquals(List.of(), missing, name + ": rules that never took part");
    }

    private static List<String> expand(final String rules)
    {
        return ALL.equals(rules) ? Game.rules((1L << 47) - 1) : List.of(rules.split(" "));
    }

    private static boolean same(final Score a, final Score b)
    {
        return a.status == b.status && a.error == b.error && a.delta == b.delta && a.total == b.total && a.rules == b.rules
            && a.playerHandle == b.playerHandle && a.playerReachedAt == b.playerReachedAt && a.playerMoved == b.playerMoved
            && a.team == b.team && a.teamTotal == b.teamTotal && a.teamReachedAt == b.teamReachedAt && a.teamMoved == b.teamMoved;
    }

    private static String describe(final Score s)
    {
        return "status=" + s.status + " error=" + s.error + " delta=" + s.delta + " total=" + s.total + " rules="
            + Game.rules(s.rules) + " handle=" + s.playerHandle + " reachedAt=" + s.playerReachedAt + " moved=" + s.playerMoved
            + " team=" + s.team + " teamTotal=" + s.teamTotal + " teamReachedAt=" + s.teamReachedAt + " teamMoved=" + s.teamMoved;
    }

    private static String describe(final GameEvent e)
    {
        return "{error=" + e.error + " type=" + e.type + " seq=" + e.seq + " ts=" + e.ts + " player=" + e.player + " team=" + e.team
            + " clue=" + e.clue + " solveMs=" + e.solveMs + " hints=" + e.hints + " treasure=" + e.treasure + " rarity=" + e.rarity
            + " zone=" + e.zone + " checkpoint=" + e.checkpoint + " correct=" + e.correct + " answerMs=" + e.answerMs
            + " stake=" + e.stake + " odds=" + e.odds + " channel=" + e.channel + " kind=" + e.kind + " durationMs=" + e.durationMs
            + " severity=" + e.severity + "}";
    }

    /** The shipped rulebook with some parameters changed, e.g. {@code "R11.count=1000000"}. */
    static Rulebook rulebook(final String name, final String... edits)
    {
        String yaml = shippedYaml();
        for (final String edit : edits)
        {
            final String id = edit.substring(0, 3);
            final String key = edit.substring(4, edit.indexOf('='));
            final String value = edit.substring(edit.indexOf('=') + 1);
            final Matcher line = Pattern.compile("(?m)^.*\\{ id: " + id + ",.*$").matcher(yaml);
            assertTrue(line.find(), edit);
            final String edited = line.group().replaceFirst("\\b" + key + ": [^,}]+", key + ": " + value);
            assertTrue(line.group().contains(" " + key + ": "), "no " + key + " in " + id);
            yaml = yaml.substring(0, line.start()) + edited + yaml.substring(line.end());
        }
        return Rulebook.parse(yaml, name);
    }

    private static String shippedYaml()
    {
        try (InputStream in = Rulebook.class.getResourceAsStream(Rulebook.DEFAULT_RESOURCE))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
