package io.scoreline.ingest;

import io.scoreline.journal.JournalConfig;
import io.scoreline.journal.JournalReader;
import io.scoreline.pipeline.Replay;
import io.scoreline.pipeline.Snapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots in the running service, on loopback: POST /admin/snapshot answers once the file is on
 * disk, a graceful stop takes one, a restart loads the newest and replays only what follows it,
 * and journal retention removes (or archives) the files no kept snapshot needs while replay of
 * the retained journal still gives the golden standings.
 */
class SnapshotServiceTest
{
    private static final Pattern TAKEN = Pattern.compile("\\{\"ordinal\":(-?\\d+),\"bytes\":(\\d+),\"millis\":(\\d+)}");

    @TempDir
    Path journal;

    @Test
    void adminSnapshotAnswersWhenOnDiskAndARestartReplaysOnlyWhatFollowsIt() throws Exception
    {
        final List<byte[]> events = Golden.eventLines(Golden.bytes("sample-101", "events.ndjson"));
        final String players;
        try (ScorerServer first = Servers.started(withSnapshots()))
        {
            post(first, events.subList(0, 12_000));
            final HttpResponse<String> taken = Servers.post(first, "/admin/snapshot", new byte[0]);
            assertEquals(200, taken.statusCode(), taken.body());
            final Matcher m = TAKEN.matcher(taken.body());
            assertTrue(m.matches(), taken.body());
            assertEquals(11_999, Long.parseLong(m.group(1)), "after the last event posted (ordinals from 0)");
            final Path file = journal.resolve("snapshots").resolve("snapshot-0000000000000012000.snap");
            assertEquals(Files.size(file), Long.parseLong(m.group(2)));
            assertEquals(405, Servers.get(first, "/admin/snapshot").statusCode());

            post(first, events.subList(12_000, 15_000));
        }
        // The graceful stop took one after ordinal 14999; a restart uses it and replays nothing.
        try (ScorerServer second = Servers.started(withSnapshots()))
        {
            assertEquals(14_999, second.snapshotOrdinal());
            assertEquals(0, second.recoveredEvents());
            post(second, events.subList(15_000, events.size()));
            players = Servers.get(second, "/leaderboard?limit=100000").body();
            assertEquals(Golden.text("sample-101", "teams.csv"),
                Golden.toCsv(Servers.get(second, "/leaderboard/teams?limit=100000").body(), "team"));
        }
        assertEquals(Golden.text("sample-101", "standings.csv"), Golden.toCsv(players, "player"));
        // Kept: the newest 2 of the three (12000, 15000, 20000 at the second stop).
        assertEquals(List.of("snapshot-0000000000000015000.snap", "snapshot-0000000000000020000.snap"), snapshotNames());
    }

    @Test
    void retentionDeletesJournalFilesBeforeTheOldestKeptSnapshotAndReplayStillWorks() throws Exception
    {
        final List<byte[]> events = Golden.eventLines(Golden.bytes("sample-101", "events.ndjson"));
        final ServerConfig config = withSnapshots().journalConfig(new JournalConfig().rollBytes(64 * 1024));
        config.snapshots().keep(1).retain(Snapshots.JournalRetain.DELETE);
        try (ScorerServer server = Servers.started(config))
        {
            post(server, events.subList(0, 10_000));
            assertEquals(200, Servers.post(server, "/admin/snapshot", new byte[0]).statusCode());
            final long first = JournalReader.firstOrdinal(journal);
            assertTrue(first > 0 && first <= 10_000, "files wholly before ordinal 10000 are gone, the one holding it stays: " + first);
            post(server, events.subList(10_000, events.size()));
        }
        final long first = JournalReader.firstOrdinal(journal);
        assertTrue(first > 10_000, "the stop's snapshot (after 19999) let more go: " + first);

        final Path standings = journal.resolveSibling(journal.getFileName() + ".standings.csv");
        new Replay().journal(journal).maxPlayers(100_000).standings(standings.toString()).run();
        assertEquals(Golden.text("sample-101", "standings.csv"), Files.readString(standings));
    }

    @Test
    void retentionCanArchiveInsteadOfDeleting() throws Exception
    {
        final List<byte[]> events = Golden.eventLines(Golden.bytes("sample-101", "events.ndjson"));
        final ServerConfig config = withSnapshots().journalConfig(new JournalConfig().rollBytes(64 * 1024));
        config.snapshots().keep(1).retain(Snapshots.JournalRetain.ARCHIVE).intervalSeconds(0);
        try (ScorerServer server = Servers.started(config))
        {
            post(server, events.subList(0, 8_000));
            assertEquals(200, Servers.post(server, "/admin/snapshot", new byte[0]).statusCode());
        }
        final long first = JournalReader.firstOrdinal(journal);
        assertTrue(first > 0, "some files left the journal: " + first);
        assertEquals(0, JournalReader.firstOrdinal(journal.resolve("archive")), "they are in the archive, from ordinal 0");
    }

    private ServerConfig withSnapshots()
    {
        final ServerConfig config = Servers.config(journal);
        config.snapshots().intervalSeconds(3_600); // on (so one at every graceful stop), the timer out of the way
        return config;
    }

    private List<String> snapshotNames() throws Exception
    {
        try (Stream<Path> files = Files.list(journal.resolve("snapshots")))
        {
            return files.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    private static void post(final ScorerServer server, final List<byte[]> events)
    {
        for (int i = 0; i < events.size(); i += 1_000)
        {
            final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (final byte[] e : events.subList(i, Math.min(events.size(), i + 1_000)))
            {
                body.writeBytes(e);
                body.write('\n');
            }
            final HttpResponse<String> response = Servers.post(server, "/events", body.toByteArray());
            assertEquals(200, response.statusCode(), Arrays.toString(response.body().getBytes()).substring(0, 20));
        }
    }
}
