package io.scoreline.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's contract (SERVICE.md): status 0 on success; one line and a non-zero status on bad usage or a bad file. */
class ScorerCommandLineTest
{
    @TempDir
    Path dir;

    private static Path golden(final String name)
    {
        return Path.of(System.getProperty("scoreline.golden", "../testdata/golden"), name);
    }

    @Test
    void shouldReplayTheScenarioToFilesAndExitZero() throws Exception
    {
        final Path results = dir.resolve("results.ndjson");
        final Path standings = dir.resolve("standings.csv");
        final int status = Scorer.execute("replay", "--input", golden("scenario").resolve("events.ndjson").toString(),
            "--results", results.toString(), "--standings", standings.toString(), "--players", "1000");

        assertEquals(0, status);
        assertArrayEquals(Files.readAllBytes(golden("scenario").resolve("results.ndjson")), Files.readAllBytes(results));
        assertArrayEquals(Files.readAllBytes(golden("scenario").resolve("standings.csv")), Files.readAllBytes(standings));
    }

    @Test
    void shouldRefuseAMissingInputWithOneLineAndStatusOne()
    {
        final String[] err = new String[1];
        final int status = withStderr(err, () -> Scorer.execute("replay", "--input", dir.resolve("absent.ndjson").toString()));

        assertEquals(1, status);
        assertEquals("scorer: cannot read input " + dir.resolve("absent.ndjson") + "\n", err[0]);
    }

    @Test
    void shouldRefuseABadRulebookNamingTheRuleAndField() throws Exception
    {
        final Path rules = dir.resolve("bad.yaml");
        final String shipped = new String(
            Scorer.class.getResourceAsStream("/rulebook.yaml").readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(rules, shipped.replace("windowMs: 60000 }", "windowMs: 0 }"));
        final String[] err = new String[1];
        final int status = withStderr(err, () -> Scorer.execute(
            "replay", "--input", golden("scenario").resolve("events.ndjson").toString(), "--rules", rules.toString()));

        assertEquals(1, status);
        assertTrue(err[0].startsWith("scorer: rulebook " + rules + ": R05 (clue-speed): windowMs"), err[0]);
        assertEquals(1, err[0].split("\n").length, "one line");
        assertFalse(err[0].contains("Exception"), "no stack trace");
    }

    @Test
    void shouldExitTwoOnAnUnknownCommandWithOneLineNamingItAndTheCommands()
    {
        final String[] err = new String[1];
        assertEquals(2, withStderr(err, () -> Scorer.execute("bogus")));
        assertEquals("scorer: unknown command 'bogus': serve, echo, replay, snapshot, demo, bench, loadgen, generate, push-scale or attack (see scorer --help)\n",
            err[0]);
    }

    @Test
    void shouldExitTwoOnAnUnknownOptionOfACommandWithOneLine()
    {
        final String[] err = new String[1];
        assertEquals(2, withStderr(err, () -> Scorer.execute("replay", "--bogus")));
        assertEquals("scorer replay: Unknown option: '--bogus' (see scorer replay --help)\n", err[0]);
    }

    @Test
    void shouldExitTwoWithOneLineWhenNoCommandIsGiven()
    {
        final String[] err = new String[1];
        assertEquals(2, withStderr(err, () -> Scorer.execute()));
        assertEquals("scorer: missing command: serve, echo, replay, snapshot, demo, bench, loadgen, generate, push-scale or attack (see scorer --help)\n", err[0]);
    }

    @Test
    void shouldBuildInspectAndReplayFromASnapshotOfAJournal() throws Exception
    {
        final java.util.List<String> events = Files.readAllLines(golden("scenario").resolve("events.ndjson"));
        final Path prefix = journal(dir.resolve("prefix"), events.subList(0, 30));
        final Path full = journal(dir.resolve("full"), events);
        final Path snapshot = dir.resolve("at30.snap");

        assertEquals(0, Scorer.execute("snapshot", "--journal", prefix.toString(), "--out", snapshot.toString(), "--players", "1000"));
        final String[] out = new String[1];
        assertEquals(0, withStdout(out, () -> Scorer.execute("snapshot", "--inspect", snapshot.toString())));
        assertTrue(out[0].contains(" ordinal=29 ") && out[0].contains("capacity=1000 ") && out[0].contains("checksum: ok"), out[0]);

        final Path results = dir.resolve("tail.ndjson");
        final Path standings = dir.resolve("standings.csv");
        assertEquals(0, Scorer.execute("replay", "--journal", full.toString(), "--snapshot", snapshot.toString(),
            "--results", results.toString(), "--standings", standings.toString(), "--players", "1000"));
        final java.util.List<String> golden = Files.readAllLines(golden("scenario").resolve("results.ndjson"));
        assertEquals(golden.subList(30, golden.size()), Files.readAllLines(results));
        assertArrayEquals(Files.readAllBytes(golden("scenario").resolve("standings.csv")), Files.readAllBytes(standings));

        final byte[] bytes = Files.readAllBytes(snapshot);
        bytes[100] ^= 1;
        Files.write(snapshot, bytes);
        final String[] err = new String[1];
        assertEquals(1, withStderr(err, () -> Scorer.execute("snapshot", "--inspect", snapshot.toString())));
        assertEquals("scorer snapshot: " + snapshot + ": checksum mismatch\n", err[0]);
    }

    /** A journal as serve writes it, of events that are one line each (the scenario's are). */
    private static Path journal(final Path journal, final java.util.List<String> events)
    {
        try (io.scoreline.journal.JournalWriter writer =
            io.scoreline.journal.JournalWriter.open(journal, new io.scoreline.journal.JournalConfig()))
        {
            for (final String event : events)
            {
                final byte[] line = event.getBytes(StandardCharsets.UTF_8);
                writer.append(writer.nextOrdinal(), 0, line, 0, line.length, line.length);
            }
            writer.endOfBatch();
        }
        return journal;
    }

    private static int withStdout(final String[] captured, final java.util.function.IntSupplier call)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            return call.getAsInt();
        }
        finally
        {
            System.setOut(original);
            captured[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static int withStderr(final String[] captured, final java.util.function.IntSupplier call)
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            return call.getAsInt();
        }
        finally
        {
            System.setErr(original);
            captured[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
