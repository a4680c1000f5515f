package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadAndBackPressureTest
{
    private static final Pattern REJECTED = Pattern.compile("scoreline_events_total\\{status=\"rejected\"} (\\d+)");

    @TempDir
    Path journal;

    @Test
    void thousandConnectionsOpenedAtOnceEachGetTheirResult() throws Exception
    {
        final int connections = 1000;
        try (ScorerServer server = Servers.started(Servers.config(journal)))
        {
            final List<RawWebSocket> clients = new ArrayList<>(connections);
            try
            {
                for (int i = 0; i < connections; i++)
                {
                    clients.add(RawWebSocket.sendHandshake(server.port()));
                }
                for (final RawWebSocket client : clients)
                {
                    client.awaitHandshake();
                }
                for (int i = 0; i < connections; i++)
                {
                    clients.get(i).sendText(join(i + 1));
                }
                for (int i = 0; i < connections; i++)
                {
                    final String result = new String(clients.get(i).readLines(1), StandardCharsets.UTF_8);
                    // GAME.md: a join scores R01 (100 points) and R47; the rank depends on who came first.
                    assertTrue(result.startsWith("{\"seq\":1,\"player\":" + (i + 1) + ",\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":"),
                        result);
                    assertTrue(result.endsWith(",\"rules\":[\"R01\",\"R47\"]}\n"), result);
                }
                assertEquals(connections, Golden.toCsv(Servers.get(server, "/leaderboard?limit=2000").body(), "player")
                    .split("\n").length - 1);
            }
            finally
            {
                for (final RawWebSocket client : clients)
                {
                    client.close();
                }
            }
        }
    }

    @Test
    void connectionsPastTheCapAreRefusedAndTheOthersServed() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).maxConnections(2));
            RawWebSocket first = RawWebSocket.connect(server.port());
            RawWebSocket second = RawWebSocket.connect(server.port());
            RawWebSocket third = RawWebSocket.sendHandshake(server.port()))
        {
            boolean refused;
            try
            {
                third.awaitHandshake();
                refused = false;
            }
            catch (final IOException e)
            {
                refused = true;
            }
            assertTrue(refused, "the third connection must be closed");
            first.sendText(join(1));
            assertTrue(new String(first.readLines(1), StandardCharsets.UTF_8).startsWith("{\"seq\":1,\"player\":1,\"status\":\"ok\""));
        }
    }

    @Test
    void clientThatNeverReadsIsNotReadFromAndDoesNotStallOthers() throws Exception
    {
        // 600,000 "{}" lines (rejected: missing_field) make ~40 MB of results from 1.8 MB of input:
        // far more than the socket buffers and the service's bounds can hold.
        final int frames = 3;
        final int linesPerFrame = 200_000;
        final byte[] frame = "{}\n".repeat(linesPerFrame).getBytes(StandardCharsets.US_ASCII);
        try (ScorerServer server = Servers.started(Servers.config(journal));
            RawWebSocket nonReader = RawWebSocket.connect(server.port());
            RawWebSocket reader = RawWebSocket.connect(server.port()))
        {
            final Thread writer = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < frames; i++)
                    {
                        nonReader.sendText(frame);
                    }
                }
                catch (final IOException ignored)
                {
                    // closed at the end of the test while blocked
                }
            });
            writer.setDaemon(true);
            writer.start();

            final long scored = awaitSteadyRejectedCount(server);
            assertTrue(scored < (long)frames * linesPerFrame,
                "the service must stop reading from a client that does not read, scored " + scored);

            for (int player = 1; player <= 20; player++)
            {
                final long start = System.nanoTime();
                reader.sendText(join(player));
                final String result = new String(reader.readLines(1), StandardCharsets.UTF_8);
                assertTrue(result.startsWith("{\"seq\":1,\"player\":" + player + ",\"status\":\"ok\""), result);
                assertTrue(System.nanoTime() - start < 2_000_000_000L, "a reading client must be served promptly");
            }
        }
    }

    /** Polls /metrics until the rejected count stops moving for a while. */
    private static long awaitSteadyRejectedCount(final ScorerServer server) throws InterruptedException
    {
        long last = -1;
        int steady = 0;
        final long deadline = System.currentTimeMillis() + 15_000;
        while (steady < 3 && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(150);
            final Matcher m = REJECTED.matcher(Servers.get(server, "/metrics").body());
            final long now = m.find() ? Long.parseLong(m.group(1)) : -1;
            steady = now == last && now > 0 ? steady + 1 : 0;
            last = now;
        }
        return last;
    }

    private static byte[] join(final long player)
    {
        return ("{\"type\":\"join\",\"seq\":1,\"ts\":1749808800000,\"player\":" + player + ",\"team\":1}")
            .getBytes(StandardCharsets.US_ASCII);
    }
}
