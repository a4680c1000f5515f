package io.scoreline.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The whole pipeline (parse, score, board), fused, staged and inline, against GAME.md's golden files. */
class ReplayGoldenTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "validation, FUSED", "scenario, FUSED", "sample-101, FUSED",
        "validation, STAGED", "scenario, STAGED", "sample-101, STAGED",
        "validation, INLINE", "scenario, INLINE", "sample-101, INLINE",
    })
    void shouldReproduceGoldenResultsAndStandingsByteForByte(final String name, final Topology topology) throws Exception
    {
        final Path golden = golden(name);
        replay(golden.resolve("events.ndjson"), "run", 0, topology);

        assertFileEquals(golden.resolve("results.ndjson"), dir.resolve("run.results"));
        assertFileEquals(golden.resolve("standings.csv"), dir.resolve("run.standings"));
        assertFileEquals(golden.resolve("teams.csv"), dir.resolve("run.teams"));
    }

    @Test
    void shouldGiveIdenticalBytesOnReplaysOfTheSameInputInEveryTopology() throws Exception
    {
        final Path input = golden("sample-101").resolve("events.ndjson");
        replay(input, "first", 0, Topology.FUSED);
        replay(input, "second", 0, Topology.STAGED);
        replay(input, "third", 0, Topology.INLINE);

        for (final String suffix : new String[] {"results", "standings", "teams"})
        {
            assertArrayEquals(
                Files.readAllBytes(dir.resolve("first." + suffix)), Files.readAllBytes(dir.resolve("second." + suffix)), suffix);
            assertArrayEquals(
                Files.readAllBytes(dir.resolve("first." + suffix)), Files.readAllBytes(dir.resolve("third." + suffix)), suffix);
        }
    }

    @Test
    void shouldKeepOnlyThePlayersResultLinesWithPlayerFilter() throws Exception
    {
        final Path golden = golden("sample-101");
        replay(golden.resolve("events.ndjson"), "one", 17, Topology.AUTO);

        final List<String> expected = Files.readAllLines(golden.resolve("results.ndjson")).stream()
            .filter(line -> line.contains("\"player\":17,"))
            .collect(Collectors.toList());
        assertFalse(expected.isEmpty(), "player 17 has events in the sample");
        assertEquals(expected, Files.readAllLines(dir.resolve("one.results")));
    }

    private void replay(final Path input, final String prefix, final long player, final Topology topology) throws Exception
    {
        new Replay()
            .input(input)
            .results(dir.resolve(prefix + ".results").toString())
            .standings(dir.resolve(prefix + ".standings").toString())
            .teams(dir.resolve(prefix + ".teams").toString())
            .player(player)
            .maxPlayers(100_000)
            .topology(topology)
            .run();
    }

    static Path golden(final String name)
    {
        return Path.of(System.getProperty("scoreline.golden", "../testdata/golden"), name);
    }

    private static void assertFileEquals(final Path expected, final Path actual) throws Exception
    {
        assertEquals(Files.readString(expected), Files.readString(actual), actual.getFileName().toString());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual));
    }
}
