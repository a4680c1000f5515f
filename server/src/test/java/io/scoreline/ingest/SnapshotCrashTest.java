package io.scoreline.ingest;

import io.scoreline.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a service that snapshots (every second, on request, and with a request in flight at
 * the kill), with journal retention deleting old files: the restart loads a snapshot, replays
 * only the journal after it, and has lost no answered event (resent events come back with the
 * golden results or as duplicates, and the final standings are the golden ones).
 */
class SnapshotCrashTest
{
    @TempDir
    Path journal;

    @Test
    void killedWhileSnapshottingRestartsFromASnapshotAndLosesNoAnsweredEvent() throws Exception
    {
        final List<byte[]> allEvents = Golden.eventLines(Golden.bytes("sample-101", "events.ndjson"));
        final List<String> allResults = Golden.resultLines("sample-101");
        final List<byte[]> events = new ArrayList<>();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < allEvents.size(); i++)
        {
            if (CrashRecoveryTest.isUtf8(allEvents.get(i)))
            {
                events.add(allEvents.get(i));
                expected.add(allResults.get(i));
            }
        }
        final int half = events.size() / 2;
        final int port = CrashRecoveryTest.freePort();
        final List<String> options = List.of("-Dscoreline.journal.rollBytes=65536");
        final String[] args = {"--snapshot-interval", "1", "--snapshot-keep", "2", "--journal-retain", "delete"};
        final List<String> answered = new ArrayList<>();
        Path inProgress = null;
        final Process first = CrashRecoveryTest.serve(journal, port, options, args);
        try
        {
            assertEquals(0, CrashRecoveryTest.awaitReady(first)[1]);
            try (RawWebSocket ws = RawWebSocket.connect(port))
            {
                final Thread writer = CrashRecoveryTest.sendFrom(ws, events.subList(0, half), 0);
                while (answered.size() < half)
                {
                    answered.add(new String(ws.readLines(1), StandardCharsets.UTF_8));
                }
                writer.join(10_000);
                final HttpResponse<String> taken = Servers.send(HttpRequest.newBuilder(uri(port, "/admin/snapshot"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
                assertEquals(200, taken.statusCode(), taken.body());
                assertTrue(taken.body().startsWith("{\"ordinal\":" + (half - 1) + ","), taken.body());

                final Thread rest = CrashRecoveryTest.sendFrom(ws, events, half);
                final int killAt = half + (events.size() - half) / 2;
                while (answered.size() < killAt)
                {
                    answered.add(new String(ws.readLines(1), StandardCharsets.UTF_8));
                }
                inProgress = killWhileSnapshotting(first, port); // kill -9, events and a snapshot in flight
                ws.close();
                rest.join(10_000);
            }
        }
        finally
        {
            first.destroyForcibly();
        }
        for (int i = 0; i < answered.size(); i++)
        {
            assertEquals(expected.get(i) + "\n", answered.get(i), "result " + i + " sent before the crash");
        }
        assertTrue(JournalReader.firstOrdinal(journal) > 0, "retention removed journal files the snapshots cover");
        assertTrue(Files.exists(inProgress), "the snapshot being written at the kill is still half-written on disk: " + inProgress);

        final Process second = CrashRecoveryTest.serve(journal, port, options, args);
        try
        {
            final long[] ready = CrashRecoveryTest.awaitReady(second);
            assertFalse(Files.exists(inProgress), "the restart deleted the half-written snapshot, never trusting it");
            final String line = health(port);
            final long journaled = journaledCount();
            assertTrue(journaled >= answered.size(), "every answered event is in the journal: " + journaled);
            assertTrue(ready[1] <= journaled - half, "the restart replayed only the journal after a snapshot: " + ready[1] +
                " of " + journaled + " (" + line + ")");
            try (RawWebSocket ws = RawWebSocket.connect(port))
            {
                CrashRecoveryTest.resendAndCheck(ws, events, expected, answered.size(), journaled);
            }
            final String players = Servers.send(HttpRequest.newBuilder(uri(port, "/leaderboard?limit=100000")).build()).body();
            assertEquals(Golden.text("sample-101", "standings.csv"), Golden.toCsv(players, "player"));
            final String teams = Servers.send(HttpRequest.newBuilder(uri(port, "/leaderboard/teams?limit=100000")).build()).body();
            assertEquals(Golden.text("sample-101", "teams.csv"), Golden.toCsv(teams, "team"));
        }
        finally
        {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Kills the service (SIGKILL) while a snapshot is being written, which the file system shows:
     * its {@code NAME.snap.tmp} exists until it is forced and renamed. The directory is watched
     * in a spin; on seeing one the service is frozen (SIGSTOP) and, if the file is still there,
     * killed frozen; otherwise let go (SIGCONT) and watched again, asking for more snapshots.
     * Before, the kill came 5 ms after an asynchronous POST, and nothing showed a snapshot was
     * in progress. Breaks caught: a restart that leaves the half-written file behind
     * (SnapshotFile.removeTemporary a no-op) fails; a service that takes no snapshot fails at
     * the 60 s deadline. @return the half-written file.
     */
    private Path killWhileSnapshotting(final Process service, final int port) throws Exception
    {
        final Path snapshots = journal.resolve("snapshots");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            Servers.HTTP.sendAsync(HttpRequest.newBuilder(uri(port, "/admin/snapshot"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            final long watchUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < watchUntil)
            {
                if (halfWritten(snapshots) == null)
                {
                    continue;
                }
                signal("STOP", service.pid());
                final Path tmp = halfWritten(snapshots);
                if (tmp != null)
                {
                    service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return tmp;
                }
                signal("CONT", service.pid());
            }
        }
        throw new AssertionError("no snapshot seen being written within 60 s");
    }

    private static Path halfWritten(final Path snapshots) throws java.io.IOException
    {
        if (!Files.isDirectory(snapshots))
        {
            return null;
        }
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(snapshots, "*.snap.tmp"))
        {
            final java.util.Iterator<Path> it = files.iterator();
            return it.hasNext() ? it.next() : null;
        }
    }

    private static void signal(final String signal, final long pid) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(), "kill -" + signal);
    }

    /** Events the journal holds: one past its last record's ordinal (its first files may be gone). */
    private long journaledCount()
    {
        final long[] last = {-1};
        try (JournalReader reader = JournalReader.open(journal, 0))
        {
            while (reader.next((ordinal, nanos, buffer, offset, stored, trueLength) -> last[0] = ordinal))
            {
                // counting
            }
        }
        return last[0] + 1;
    }

    private static String health(final int port)
    {
        return Servers.send(HttpRequest.newBuilder(uri(port, "/health")).build()).body();
    }

    private static URI uri(final int port, final String path)
    {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
