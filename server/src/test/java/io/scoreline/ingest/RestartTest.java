package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestartTest
{
    @TempDir
    Path journal;

    @Test
    void restartOnTheSameJournalShowsTheSameStandingsAndHealthTurnsFrom503To200() throws Exception
    {
        final String players;
        final String teams;
        try (ScorerServer first = Servers.started(Servers.config(journal)))
        {
            Servers.post(first, "/events", Golden.bytes("scenario", "events.ndjson"));
            players = Servers.get(first, "/leaderboard?limit=100000").body();
            teams = Servers.get(first, "/leaderboard/teams?limit=100000").body();
        }
        assertEquals(Golden.text("scenario", "standings.csv"), Golden.toCsv(players, "player"));

        final CountDownLatch holdRecovery = new CountDownLatch(1);
        try (ScorerServer second = ScorerServer.start(Servers.config(journal).beforeRecovery(() ->
        {
            try
            {
                holdRecovery.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        })))
        {
            assertEquals(503, Servers.get(second, "/health").statusCode());
            holdRecovery.countDown();
            second.awaitRecovered(java.time.Duration.ofSeconds(10));

            final var health = Servers.get(second, "/health");
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"ok\",\"recovered\":" + Golden.resultLines("scenario").size() + "}", health.body());
            assertEquals(players, Servers.get(second, "/leaderboard?limit=100000").body());
            assertEquals(teams, Servers.get(second, "/leaderboard/teams?limit=100000").body());
        }
    }
}
