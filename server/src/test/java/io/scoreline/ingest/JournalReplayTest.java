package io.scoreline.ingest;

import io.scoreline.pipeline.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SERVICE.md: replaying the journal gives the same results as were sent live. */
class JournalReplayTest
{
    @TempDir
    Path journal;

    @TempDir
    Path out;

    @Test
    void replayOfTheJournalGivesExactlyTheResultsSentLive() throws Exception
    {
        final StringBuilder live = new StringBuilder();
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            // Rejected events are journaled too: the validation file has every error code, invalid UTF-8 included.
            for (final String sample : new String[] {"validation", "scenario", "sample-101"})
            {
                final byte[] events = Golden.bytes(sample, "events.ndjson");
                for (int from = 0; from < events.length; )
                {
                    final int to = nextChunkEnd(events, from, 512 * 1024); // under the 1 MiB body limit
                    final byte[] chunk = java.util.Arrays.copyOfRange(events, from, to);
                    final var response = Servers.post(server, "/events", chunk);
                    assertEquals(200, response.statusCode());
                    live.append(response.body());
                    from = to;
                }
            }
        }

        final Path results = out.resolve("replayed.ndjson");
        final long events = new Replay().journal(journal).results(results.toString()).maxPlayers(100_000).run();

        final String replayed = Files.readString(results, StandardCharsets.UTF_8);
        assertEquals(live.toString().split("\n").length, events, "every journaled event was replayed");
        assertEquals(live.toString(), replayed);
    }

    /** A chunk boundary just after a newline, so no event is cut in two. */
    private static int nextChunkEnd(final byte[] bytes, final int from, final int size)
    {
        if (from + size >= bytes.length)
        {
            return bytes.length;
        }
        int end = from + size;
        while (bytes[end - 1] != '\n')
        {
            end--;
        }
        return end;
    }
}
