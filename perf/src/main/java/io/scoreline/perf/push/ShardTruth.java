package io.scoreline.perf.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Shard mode's end check (issue 25): once events stop, every player's last push must be its total
 * and rank in {@code GET /leaderboard} within the max age. The gateways record each player's last
 * line here; after the stream stops the board (static from then on) is read page by page and the
 * last lines are compared with it until all agree or the max age and a margin have passed.
 */
final class ShardTruth
{
    private static final int PAGE = 100_000;
    private final AtomicIntegerArray lastRank;
    private final AtomicLongArray lastTotal;

    ShardTruth(final int players)
    {
        lastRank = new AtomicIntegerArray(players + 1);
        lastTotal = new AtomicLongArray(players + 1);
    }

    /** A gateway's line for {@code player} (its client loop). */
    void pushed(final int player, final long total, final int rank)
    {
        lastTotal.lazySet(player, total);
        lastRank.lazySet(player, rank);
    }

    /** Prints how long after {@code stoppedNanos} the last lines all matched the board, or how many did not. */
    void check(final int port, final long stoppedNanos, final long maxAgeMillis) throws Exception
    {
        Thread.sleep(1000); // the last events' results are in: the board stands still
        final int size = lastRank.length();
        final int[] rank = new int[size];
        final long[] total = new long[size];
        final HttpClient http = HttpClient.newHttpClient();
        int boardPlayers = 0;
        for (int offset = 0; ; offset += PAGE)
        {
            final String body = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/leaderboard?limit=" + PAGE + "&offset=" + offset)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            final int read = parse(body, rank, total);
            boardPlayers += read;
            if (read < PAGE)
            {
                break;
            }
        }
        final long deadline = stoppedNanos + TimeUnit.MILLISECONDS.toNanos(maxAgeMillis + 10_000);
        int wrong;
        while (true)
        {
            wrong = 0;
            for (int p = 1; p < size; p++)
            {
                if (rank[p] != 0 && (lastRank.get(p) != rank[p] || lastTotal.get(p) != total[p]))
                {
                    wrong++;
                }
            }
            final long now = System.nanoTime();
            if (wrong == 0 || now > deadline)
            {
                System.out.printf("after the stream stopped (max age %d s): %s, %d players on the board%n", maxAgeMillis / 1000,
                    wrong == 0 ? String.format("every last push exact %.1f s after the last event", (now - stoppedNanos) / 1e9)
                        : wrong + " last pushes NOT exact " + (now - stoppedNanos) / 1_000_000_000 + " s after the last event",
                    boardPlayers);
                return;
            }
            Thread.sleep(200);
        }
    }

    /** {"size":S,"players":[{"rank":1,"player":7,"score":50000},...]}: @return entries read. */
    private static int parse(final String body, final int[] rank, final long[] total)
    {
        int read = 0;
        for (int at = body.indexOf("{\"rank\":"); at >= 0; at = body.indexOf("{\"rank\":", at + 1))
        {
            final int r = (int)number(body, at + 8);
            final int p = body.indexOf("\"player\":", at) + 9;
            final int player = (int)number(body, p);
            final int s = body.indexOf("\"score\":", p) + 8;
            rank[player] = r;
            total[player] = number(body, s);
            read++;
        }
        return read;
    }

    private static long number(final String s, final int from)
    {
        int i = from;
        final boolean negative = s.charAt(i) == '-';
        if (negative)
        {
            i++;
        }
        long n = 0;
        for (char c; i < s.length() && (c = s.charAt(i)) >= '0' && c <= '9'; i++)
        {
            n = n * 10 + (c - '0');
        }
        return negative ? -n : n;
    }
}
