package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.scoreline.ingest.PushSubscriptionTest.clue;
import static io.scoreline.ingest.PushSubscriptionTest.join;
import static io.scoreline.ingest.PushSubscriptionTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SERVICE.md "Push": top-N subscriptions. */
class PushTopTest
{
    private static final String TOP = "{\"push\":\"top\"";

    @TempDir
    Path journal;

    @Test
    void aTopSubscriberGetsTheTopAtOnceAndAgainWhenItChanges() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             PushSubscriptionTest.Subscriber sub = PushSubscriptionTest.Subscriber.connect(server))
        {
            post(server, join(7, 1, 3));
            sub.send("{\"subscribe\":\"top\",\"limit\":2}");
            assertEquals("{\"push\":\"top\",\"limit\":2,\"players\":[{\"rank\":1,\"player\":7,\"score\":100}]}",
                sub.next(line -> line.text.startsWith(TOP)).text);

            post(server, join(8, 1, 4)); // 100 as well, reached later: second
            assertEquals("{\"push\":\"top\",\"limit\":2,\"players\":[{\"rank\":1,\"player\":7,\"score\":100}," +
                "{\"rank\":2,\"player\":8,\"score\":100}]}", sub.next(line -> line.text.startsWith(TOP)).text);

            post(server, join(9, 1, 4)); // third: outside the top 2, no push
            post(server, clue(8, 2, 4, 60_000)); // 8 goes to 270 and first
            assertEquals("{\"push\":\"top\",\"limit\":2,\"players\":[{\"rank\":1,\"player\":8,\"score\":270}," +
                "{\"rank\":2,\"player\":7,\"score\":100}]}", sub.next(line -> line.text.startsWith(TOP)).text);
        }
    }

    @Test
    void anEmptyBoardIsPushedAsAnEmptyList() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             PushSubscriptionTest.Subscriber sub = PushSubscriptionTest.Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"top\",\"limit\":100}");
            assertEquals("{\"push\":\"top\",\"limit\":100,\"players\":[]}", sub.next(line -> true).text);
        }
    }

    @Test
    void aBurstOfChangesIsCoalescedToAtMostTenPushesASecond() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             PushSubscriptionTest.Subscriber sub = PushSubscriptionTest.Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"top\",\"limit\":5}");
            sub.next(line -> line.text.startsWith(TOP));

            final long burstNanos = TimeUnit.MILLISECONDS.toNanos(1500);
            final long start = System.nanoTime();
            int events = 0;
            try (RawWebSocket ws = RawWebSocket.connect(server.port()))
            {
                for (long seq = 1; System.nanoTime() - start < burstNanos; seq++)
                {
                    final StringBuilder batch = new StringBuilder();
                    for (int player = 1; player <= 50; player++)
                    {
                        // Each clue moves its player up by a varying amount: the top 5 changes all along.
                        batch.append(dailyClue(player, seq, (int)((player * 7919 + seq * 104_729) % 60_000))).append('\n');
                    }
                    ws.sendText(batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    ws.readLines(50);
                    events += 50;
                }
            }
            final long burstEnd = System.nanoTime();
            final List<PushSubscriptionTest.Line> lines = sub.drainFor(Duration.ofMillis(600));
            final List<Long> times = new java.util.ArrayList<>();
            for (final PushSubscriptionTest.Line line : lines)
            {
                if (line.text.startsWith(TOP) && line.nanos <= burstEnd)
                {
                    times.add(line.nanos);
                }
            }
            final double seconds = (burstEnd - start) / 1e9;
            long tightest = Long.MAX_VALUE; // shortest span of 11 consecutive pushes
            for (int i = 0; i + 10 < times.size(); i++)
            {
                tightest = Math.min(tightest, times.get(i + 10) - times.get(i));
            }
            System.out.printf("top burst: %d events in %.2f s, %d top pushes, 11 pushes span >= %.1f ms%n",
                events, seconds, times.size(), tightest / 1e6);
            assertTrue(times.size() >= 8, "the top changed all along, yet only " + times.size() + " pushes");
            assertTrue(times.size() <= Math.ceil(seconds * 10) + 1, times.size() + " pushes in " + seconds + " s");
            // No 11 pushes within a second (a little slack for arrival jitter on the client side).
            assertTrue(tightest >= TimeUnit.MILLISECONDS.toNanos(950), "11 pushes within " + tightest / 1e6 + " ms");

            // Once quiet, the last push holds the board as GET /leaderboard tells it.
            String last = null;
            for (final PushSubscriptionTest.Line line : lines)
            {
                if (line.text.startsWith(TOP))
                {
                    last = line.text;
                }
            }
            final String board = Servers.get(server, "/leaderboard?limit=5").body();
            final String expected = "{\"push\":\"top\",\"limit\":5,\"players\":" +
                board.substring(board.indexOf("\"players\":") + "\"players\":".length(), board.length() - 1) + "}";
            assertEquals(expected, last);
        }
    }

    /** A clue on day {@code seq}: the daily cap (GAME.md R46, 50000 a day) never freezes the board. */
    private static String dailyClue(final long player, final long seq, final int solveMs)
    {
        return "{\"type\":\"clue_solved\",\"seq\":" + seq + ",\"ts\":" + (PushSubscriptionTest.TS + seq * 86_400_000L) +
            ",\"player\":" + player + ",\"team\":1,\"clue\":" + seq + ",\"solveMs\":" + solveMs + ",\"hints\":0}";
    }

    @Test
    void unsubscribingFromTheTopStopsItsPushes() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             PushSubscriptionTest.Subscriber sub = PushSubscriptionTest.Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"top\",\"limit\":3}");
            sub.next(line -> line.text.startsWith(TOP));
            sub.send("{\"unsubscribe\":\"top\"}");
            sub.send("{\"subscribe\":\"player\",\"player\":9}");
            Thread.sleep(100);
            post(server, join(7, 1, 3));
            Thread.sleep(300); // three top ticks: a subscribed top 3 would have been pushed
            post(server, join(9, 1, 3));
            assertEquals("{\"push\":\"player\",\"player\":9,\"total\":100,\"rank\":2}", sub.next(line -> true).text);
        }
    }
}
