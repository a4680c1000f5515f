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
