package io.scoreline.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution archive (app/target/scoreline-VERSION.tar.gz, built by package; this runs in
 * integration-test, after it): unpacked with tar into a fresh folder and run from another folder
 * with nothing but the JDK, it replays GAME.md's golden sample into the golden results and standings.
 */
class DistributionIT
{
    @TempDir
    Path unpacked;

    @TempDir
    Path elsewhere;

    @Test
    void theUnpackedArchiveReplaysTheGoldenSampleFromAnyDirectory() throws Exception
    {
        final Path archive = Path.of(System.getProperty("scoreline.dist"));
        assertTrue(Files.isRegularFile(archive), "package builds " + archive);
        assertEquals(0, run(unpacked, List.of("tar", "-xzf", archive.toString())).status);
        final String name = archive.getFileName().toString().replace(".tar.gz", "");
        final Path home = unpacked.resolve(name);

        assertTrue(Files.isExecutable(home.resolve("bin/scorer")), "bin/scorer is executable");
        for (final String file : List.of("README.md", "conf/rulebook.yaml", "conf/scoreline.env", "conf/scoreline.service"))
        {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.readString(home.resolve("conf/scoreline.service")).contains("ExecStart=/opt/scoreline/bin/scorer serve"));
        try (Stream<Path> jars = Files.list(home.resolve("lib")))
        {
            final Set<String> names = jars.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            for (final String prefix : List.of("scoreline-app-", "scoreline-server-", "scoreline-ingest-", "scoreline-push-", "scoreline-pipeline-",
                "scoreline-rules-", "scoreline-leaderboard-", "scoreline-journal-", "scoreline-perf-", "picocli-",
                "disruptor-", "netty-codec-http-", "chronicle-wire-", "HdrHistogram-"))
            {
                assertTrue(names.stream().anyMatch(n -> n.startsWith(prefix) && n.endsWith(".jar")), prefix + " in " + names);
            }
            // The product ships no benchmarks (issue 21): the JMH suites and their baselines live in perf-jmh/.
            for (final String prefix : List.of("jmh-core-", "jmh-generator-", "jackson-databind-", "scoreline-perf-jmh-"))
            {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(prefix)), prefix + " not in " + names);
            }
        }

        final Path golden = Path.of(System.getProperty("scoreline.golden"), "sample-101");
        final Result replay = run(elsewhere, List.of(home.resolve("bin/scorer").toString(), "replay",
            "--input", golden.resolve("events.ndjson").toString(), "--results", "results.ndjson",
            "--standings", "standings.csv", "--teams", "teams.csv", "--players", "100000",
            "--rules", home.resolve("conf/rulebook.yaml").toString()));

        assertEquals(0, replay.status, replay.output);
        assertTrue(replay.output.contains("scorer: replayed "), replay.output);
        for (final String file : List.of("results.ndjson", "standings.csv", "teams.csv"))
        {
            assertArrayEquals(Files.readAllBytes(golden.resolve(file)), Files.readAllBytes(elsewhere.resolve(file)), file);
        }
    }

    private record Result(int status, String output)
    {
    }

    /** Runs a command in {@code dir} with this JVM's JDK as JAVA_HOME; @return its status and output. */
    private static Result run(final Path dir, final List<String> command) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        return new Result(process.exitValue(), output);
    }
}
