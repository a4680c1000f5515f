package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.scoreline.ingest.PushSubscriptionTest.clue;
import static io.scoreline.ingest.PushSubscriptionTest.join;
import static io.scoreline.ingest.PushSubscriptionTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SERVICE.md "Push": top-N subscriptions on a real server, order and content. The rate limit (at
 * most 10 a second) is proven tick by tick on an injected clock in the push module's
 * {@code PushRateLimitTest}.
 */
class PushTopTest
{
    private static final String TOP = "{\"push\":\"top\"";
    /** SERVICE.md: at most 10 top pushes a second to a connection. */
    private static final long NANOS_PER_TOP_PUSH = 100_000_000L;

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

    /**
     * Positive control: a second connection, still subscribed, gets the tick with player 7 in it;
     * that tick passes every top subscriber at once, and the unsubscribed one is past its rate
     * limit (a wait measured from its last top push), so a top push to it would come before the
     * player push that follows. Break caught: an unsubscribe that leaves the connection in the
     * top list (PushDispatcher.unsubscribeTop a no-op) gets the top [9, 7] instead.
     */
    @Test
    void unsubscribingFromTheTopStopsItsPushes() throws Exception
    {
        try (ScorerServer server = Servers.started(Servers.config(journal));
             PushSubscriptionTest.Subscriber sub = PushSubscriptionTest.Subscriber.connect(server);
             PushSubscriptionTest.Subscriber control = PushSubscriptionTest.Subscriber.connect(server))
        {
            control.send("{\"subscribe\":\"top\",\"limit\":3}");
            control.next(line -> line.text.startsWith(TOP));
            sub.send("{\"subscribe\":\"top\",\"limit\":3}");
            final long lastTop = sub.next(line -> line.text.startsWith(TOP)).nanos;
            sub.send("{\"unsubscribe\":\"top\"}");
            sub.send("{\"subscribe\":\"player\",\"player\":9}");
            post(server, join(9, 1, 3));
            // Control messages of a connection are served in order: with this push, the unsubscribe is in force.
            sub.next(line -> line.text.equals("{\"push\":\"player\",\"player\":9,\"total\":100,\"rank\":1}"));
            while (System.nanoTime() - lastTop < 3 * NANOS_PER_TOP_PUSH)
            {
                Thread.sleep(10); // not a timing check: past the rate limit, a subscribed top would surely be pushed
            }

            post(server, join(7, 1, 3));
            control.next(line -> line.text.startsWith(TOP) && line.text.contains("\"player\":7,"));
            post(server, clue(9, 2, 3, 60_000)); // R02 +20, R03 +100, R04 +50: 270
            assertEquals("{\"push\":\"player\",\"player\":9,\"total\":270,\"rank\":1}", sub.next(line -> true).text,
                "the next line after the tick that pushed the top to a subscribed connection");
        }
    }
}
