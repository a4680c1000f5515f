package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** SERVICE.md "Push": player subscriptions on a real server. */
class PushSubscriptionTest
{
    static final long TS = 1_700_000_000_000L;

    @TempDir
    Path journal;

    @Test
    void aPlayerSubscriberGetsTheTotalAndRankRightAfterEachEventThatChangesIt() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             Subscriber sub = Subscriber.connect(server);
             RawWebSocket events = RawWebSocket.connect(server.port()))
        {
            sub.send("{\"subscribe\":\"player\",\"player\":7}");
            sub.barrier();

            // GAME.md R01: a first join scores 100; alone on the board, rank 1.
            events.sendText(join(7, 1, 3).getBytes(StandardCharsets.UTF_8));
            events.readLines(1);
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":100,\"rank\":1}", sub.next(isPlayerPush(7)).text);

            // R02 +20 (first of the day), R03 +100, R04 +50 (no hints), R05 150*0/60000 = 0: +170.
            events.sendText(clue(7, 2, 3, 60_000).getBytes(StandardCharsets.UTF_8));
            events.readLines(1);
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":270,\"rank\":1}", sub.next(isPlayerPush(7)).text);
        }
    }

    @Test
    void anEventThatLeavesTheTotalAloneIsNotPushed() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             Subscriber sub = Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"player\",\"player\":7}");
            sub.barrier();
            post(server, join(7, 1, 3));
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":100,\"rank\":1}", sub.next(isPlayerPush(7)).text);
            post(server, join(7, 2, 3)); // a second join: R01 gives nothing, delta 0
            post(server, clue(7, 3, 3, 60_000)); // +170
            // The next push of player 7 is the clue's: the delta-0 join sent none.
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":270,\"rank\":1}", sub.next(isPlayerPush(7)).text);
        }
    }

    @Test
    void aRankThatMovesWithoutAnEventOfThePlayerIsPushedByTheRankRefresh() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             Subscriber sub = Subscriber.connect(server))
        {
            post(server, join(7, 1, 3));
            post(server, join(8, 1, 3)); // 100 too, reached later: rank 2
            sub.send("{\"subscribe\":\"player\",\"player\":7}");
            sub.barrier();
            post(server, clue(8, 2, 3, 60_000)); // player 8 goes to 270, player 7 falls to rank 2
            // (how soon, once a second, is PushRateLimitTest's; here: the refresh reaches the client)
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":100,\"rank\":2}", sub.next(isPlayerPush(7)).text);
        }
    }

    @Test
    void unsubscribingStopsThePushes() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             Subscriber sub = Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"player\",\"player\":7}");
            sub.barrier();
            post(server, join(7, 1, 3));
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":100,\"rank\":1}", sub.next(isPlayerPush(7)).text);

            sub.send("{\"unsubscribe\":\"player\",\"player\":7}");
            sub.send("{\"subscribe\":\"player\",\"player\":9}");
            sub.barrier();
            post(server, clue(7, 2, 3, 60_000));
            post(server, join(9, 1, 3));
            // Pushes leave in ring order: had 7's clue been pushed, it would come before 9's join.
            final Line next = sub.next(line -> line.text.startsWith("{\"push\":\"player\""));
            assertEquals("{\"push\":\"player\",\"player\":9,\"total\":100,\"rank\":2}", next.text);
        }
    }

    @Test
    void badControlMessagesGetAnErrorAndTheConnectionKeepsWorking() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             Subscriber bad = Subscriber.connect(server);
             Subscriber other = Subscriber.connect(server))
        {
            other.send("{\"subscribe\":\"player\",\"player\":7}");
            other.barrier();
            final String[] messages = {
                "not json",
                "{\"subscribe\":\"team\",\"team\":1}",
                "{\"subscribe\":\"top\",\"limit\":101}",
                "{\"subscribe\":\"top\",\"limit\":0}",
                "{\"subscribe\":\"player\"}",
                "{\"subscribe\":\"player\",\"player\":0}",
                "{\"subscribe\":\"player\",\"player\":\"7\"}",
                "{\"subscribe\":\"player\",\"player\":7",
                "[1,2]",
                "{}",
            };
            for (final String message : messages)
            {
                bad.send(message);
                final Line answer = bad.next(line -> true);
                assertTrue(answer.text.startsWith("{\"error\":\""), message + " -> " + answer.text);
            }
            bad.send("{\"subscribe\":\"player\",\"player\":7}");
            bad.barrier();
            post(server, join(7, 1, 3));
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":100,\"rank\":1}", bad.next(isPlayerPush(7)).text);
            assertEquals("{\"push\":\"player\",\"player\":7,\"total\":100,\"rank\":1}", other.next(isPlayerPush(7)).text);
        }
    }

    @Test
    void aConnectionMayNotHoldMoreThanItsShareOfSubscriptions() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal).maxPushSubscriptions(2));
             Subscriber sub = Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"player\",\"player\":1}");
            sub.send("{\"subscribe\":\"player\",\"player\":2}");
            sub.send("{\"subscribe\":\"player\",\"player\":3}");
            assertTrue(sub.next(line -> true).text.startsWith("{\"error\":\"too many player subscriptions"));
        }
    }

    // ---------------------------------------------------------------- helpers

    static Predicate<Line> isPlayerPush(final long player)
    {
        final String prefix = "{\"push\":\"player\",\"player\":" + player + ",";
        return line -> line.text.startsWith(prefix);
    }

    static String join(final long player, final long seq, final int team)
    {
        return "{\"type\":\"join\",\"seq\":" + seq + ",\"ts\":" + TS + ",\"player\":" + player + ",\"team\":" + team + "}";
    }

    static String clue(final long player, final long seq, final int team, final int solveMs)
    {
        return "{\"type\":\"clue_solved\",\"seq\":" + seq + ",\"ts\":" + (TS + seq * 1000) + ",\"player\":" + player +
            ",\"team\":" + team + ",\"clue\":" + seq + ",\"solveMs\":" + solveMs + ",\"hints\":0}";
    }

    static String post(final ScorerServer server, final String ndjson)
    {
        final var response = Servers.post(server, "/events", ndjson.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** One pushed line and when it arrived. */
    static final class Line
    {
        final String text;
        final long nanos;

        Line(final String text, final long nanos)
        {
            this.text = text;
            this.nanos = nanos;
        }

        @Override
        public String toString()
        {
            return text;
        }
    }

    /** A /push client on java.net.http: every pushed line lands in a queue with its arrival time. */
    static final class Subscriber implements WebSocket.Listener, AutoCloseable
    {
        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        final LinkedBlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        volatile int closeCode = -1;

        static Subscriber connect(final ScorerServer server) throws Exception
        {
            final Subscriber subscriber = new Subscriber();
            subscriber.socket = CLIENT.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/push"), subscriber)
                .get(5, TimeUnit.SECONDS);
            return subscriber;
        }

        void send(final String text) throws Exception
        {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        /**
         * Control messages of one connection are taken in order and travel the ring in order, so
         * once a top push answering a later subscription is here, every earlier one is in force.
         */
        void barrier() throws Exception
        {
            send("{\"subscribe\":\"top\",\"limit\":1}");
            next(line -> line.text.startsWith("{\"push\":\"top\""));
            send("{\"unsubscribe\":\"top\"}");
        }

        /** The next line that matches, skipping others; fails after 10 s (a hang guard, not a timing check). */
        Line next(final Predicate<Line> wanted) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true)
            {
                final Line line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null)
                {
                    fail("no matching push within 10 s");
                }
                if (wanted.test(line))
                {
                    return line;
                }
            }
        }

        /** Every line that arrives within the given time. */
        List<Line> drainFor(final Duration time) throws InterruptedException
        {
            final List<Line> out = new ArrayList<>();
            final long deadline = System.nanoTime() + time.toNanos();
            while (true)
            {
                final Line line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null)
                {
                    return out;
                }
                out.add(line);
            }
        }

        @Override
        public void onOpen(final WebSocket webSocket)
        {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            final long now = System.nanoTime();
            partial.append(data);
            if (last)
            {
                for (final String line : partial.toString().split("\n"))
                {
                    if (!line.isEmpty())
                    {
                        lines.add(new Line(line, now));
                    }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closeCode = statusCode;
            return null;
        }

        @Override
        public void close()
        {
            socket.abort();
        }
    }
}
