package io.scoreline.ingest;

import io.scoreline.ingest.PushSubscriptionTest.Line;
import io.scoreline.ingest.PushSubscriptionTest.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.scoreline.ingest.PushSubscriptionTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shard subscriptions on /push (issue 13), on a real server: {"subscribe":"players","shard":K,"of":N}.
 * The expected values come from the golden files (standings.csv, results.ndjson) or from the
 * service's own GET /leaderboard and event results, never from the push code.
 */
class PushShardTest
{
    /** Short, so that the tests wait little; the rule is the same at the default 1000. */
    private static final int REFRESH_MS = 100;
    private static final int MAX_AGE_MS = 1000;
    /** For the "nothing else is pushed" window of unsubscribingStopsTheShardsPushes: the max age (the latest a held rank goes), plus delivery. */
    private static final Duration SETTLE = Duration.ofMillis(MAX_AGE_MS + 400);
    /** A hang guard, not a timing check: checkShard polls until the last pushes are the standings. */
    private static final long CONVERGE_SECONDS = 30;
    private static final Pattern PUSH = Pattern.compile("\\{\"push\":\"player\",\"player\":(\\d+),\"total\":(-?\\d+),\"rank\":(\\d+)}");
    private static final Pattern RESULT = Pattern.compile("\"player\":(\\d+),\"status\":\"ok\",\"delta\":-?\\d+,\"total\":(-?\\d+)");

    @TempDir
    Path journal;

    /** The shard subscriptions of the golden runs: two different N, several subscribers, one shard twice. */
    private static final int[][] SHARDS = {{0, 3}, {1, 3}, {2, 3}, {1, 2}, {1, 2}};

    @ParameterizedTest(name = "golden {0}")
    @ValueSource(strings = {"sample-101", "scenario", "validation"})
    void everyLastPushOfAGoldenRunIsTheGoldenStandingAndNoPushLeavesItsShard(final String sample) throws Exception
    {
        try (ScorerServer server = Servers.started(config()))
        {
            final List<Subscriber> subs = subscribeAll(server, SHARDS, 0);

            final List<byte[]> events = Golden.eventLines(Golden.bytes(sample, "events.ndjson"));
            for (int from = 0; from < events.size(); from += 500)
            {
                final var response = Servers.post(server, "/events", join(events.subList(from, Math.min(events.size(), from + 500))));
                assertEquals(200, response.statusCode(), response.body());
            }

            final Map<Long, String> standings = standings(Golden.text(sample, "standings.csv"));
            assertEquals(new java.util.TreeMap<>(standings), new java.util.TreeMap<>(standings(Golden.toCsv(Servers.get(server, "/leaderboard?limit=100000").body(), "player"))),
                "GET /leaderboard reports the golden standings");
            final Map<Long, Set<Long>> totalsHad = totalsHad(String.join("\n", Golden.resultLines(sample)));
            for (int i = 0; i < subs.size(); i++)
            {
                checkShard(subs.get(i), SHARDS[i][0], SHARDS[i][1], standings, totalsHad);
            }
        }
    }

    @Test
    void afterARestartFromAStateSnapshotTheShardsStartFromTheRestoredBoard() throws Exception
    {
        // A snapshot restore rebuilds the board without passing the sinks: push's shard copy must be fed too.
        final List<byte[]> events = Golden.eventLines(Golden.bytes("sample-101", "events.ndjson"));
        final int cut = events.size() / 2;
        postAll(Servers.started(withSnapshots()), events.subList(0, cut), true); // the graceful stop snapshots
        try (ScorerServer server = Servers.started(withSnapshots()))
        {
            assertEquals(cut - 1, server.snapshotOrdinal(), "restored from the stop's snapshot");
            assertEquals(0, server.recoveredEvents());
            final Map<Long, String> restored = standings(Golden.toCsv(Servers.get(server, "/leaderboard?limit=100000").body(), "player"));
            final List<Subscriber> probe = subscribeAll(server, new int[][] {{0, 3}}, -1);
            checkSnapshot(probe.get(0), 0, 3, restored);
            probe.get(0).close();

            final int[][] shards = {{0, 2}, {1, 2}};
            final List<Subscriber> subs = subscribeAll(server, shards, -1);
            postAll(server, events.subList(cut, events.size()), false);
            final Map<Long, String> standings = standings(Golden.text("sample-101", "standings.csv"));
            final Map<Long, Set<Long>> totalsHad = totalsHad(String.join("\n", Golden.resultLines("sample-101")));
            for (int i = 0; i < subs.size(); i++)
            {
                checkShard(subs.get(i), shards[i][0], shards[i][1], standings, totalsHad);
            }
        }
    }

    private ServerConfig withSnapshots()
    {
        final ServerConfig config = config();
        config.snapshots().intervalSeconds(3_600); // on (one at every graceful stop), the timer out of the way
        return config;
    }

    private static void postAll(final ScorerServer server, final List<byte[]> events, final boolean thenClose) throws Exception
    {
        try
        {
            for (int from = 0; from < events.size(); from += 500)
            {
                final var response = Servers.post(server, "/events", join(events.subList(from, Math.min(events.size(), from + 500))));
                assertEquals(200, response.statusCode(), response.body());
            }
        }
        finally
        {
            if (thenClose)
            {
                server.close();
            }
        }
    }

    @Test
    void generatedEventsWithSubscribersArrivingMidwayEndWithEveryLastPushEqualToTheLeaderboard() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(13);
        final int players = 3000;
        final long[] seq = new long[players + 1];
        try (ScorerServer server = Servers.started(config()))
        {
            final int[][] early = {{0, 4}, {1, 4}, {2, 4}, {3, 4}};
            final List<Subscriber> subs = new ArrayList<>(subscribeAll(server, early, 0));
            final StringBuilder results = new StringBuilder();
            for (int round = 0; round < 12; round++)
            {
                final StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 1000; i++)
                {
                    final int player = 1 + random.nextInt(players);
                    batch.append(randomEvent(random, player, ++seq[player])).append('\n');
                }
                results.append(post(server, batch.toString()));
                if (round == 5)
                {
                    // Two gateways reconnect midway: their snapshot is the board of that moment.
                    final Map<Long, String> now = standings(Golden.toCsv(Servers.get(server, "/leaderboard?limit=100000").body(), "player"));
                    final int[][] late = {{2, 4}, {5, 7}};
                    final List<Subscriber> lateSubs = subscribeAll(server, late, -1);
                    for (int i = 0; i < late.length; i++)
                    {
                        checkSnapshot(lateSubs.get(i), late[i][0], late[i][1], now);
                    }
                    subs.addAll(lateSubs);
                }
            }

            final Map<Long, String> standings = standings(Golden.toCsv(Servers.get(server, "/leaderboard?limit=100000").body(), "player"));
            final Map<Long, Set<Long>> totalsHad = totalsHad(results.toString());
            final int[][] all = {{0, 4}, {1, 4}, {2, 4}, {3, 4}, {2, 4}, {5, 7}};
            for (int i = 0; i < subs.size(); i++)
            {
                checkShard(subs.get(i), all[i][0], all[i][1], standings, totalsHad);
            }
        }
    }

    @Test
    void aSnapshotComesInBatchesBeforeItsMarkerAndTheLiveStreamAfterIt() throws Exception
    {
        try (ScorerServer server = Servers.started(config()))
        {
            final StringBuilder joins = new StringBuilder();
            for (int player = 1; player <= 2000; player++)
            {
                joins.append(PushSubscriptionTest.join(player, 1, 1)).append('\n');
            }
            post(server, joins.toString());
            try (Subscriber sub = Subscriber.connect(server))
            {
                sub.send("{\"subscribe\":\"players\",\"shard\":0,\"of\":2}");
                final List<Line> snapshot = untilMarker(sub, 0, 2);
                // Every even player joined with 100, in id order: rank = id (GAME.md section 6, reachedAt breaks the tie).
                assertEquals(1000, snapshot.size());
                final Set<Long> frames = new HashSet<>();
                for (final Line line : snapshot)
                {
                    final Matcher m = matchPush(line);
                    final long player = Long.parseLong(m.group(1));
                    assertEquals(0, player % 2, line.text);
                    assertEquals("100", m.group(2), line.text);
                    assertEquals(player, Long.parseLong(m.group(3)), line.text);
                    frames.add(line.nanos);
                }
                assertTrue(frames.size() < 100, "1000 lines came in " + frames.size() + " frames: not batched");

                // Live: player 2000 solves a clue, +170 (R02 20, R03 100, R04 50), and goes to the top.
                post(server, PushSubscriptionTest.clue(2000, 2, 1, 60_000));
                assertEquals("{\"push\":\"player\",\"player\":2000,\"total\":270,\"rank\":1}",
                    sub.next(line -> line.text.contains("\"player\":2000,")).text);
            }
        }
    }

    @Test
    void unsubscribingStopsTheShardsPushes() throws Exception
    {
        try (ScorerServer server = Servers.started(config());
             Subscriber sub = Subscriber.connect(server))
        {
            sub.send("{\"subscribe\":\"players\",\"shard\":1,\"of\":2}");
            untilMarker(sub, 1, 2);
            post(server, PushSubscriptionTest.join(3, 1, 1));
            assertEquals("{\"push\":\"player\",\"player\":3,\"total\":100,\"rank\":1}", sub.next(line -> line.text.contains("\"player\":")).text);

            sub.send("{\"unsubscribe\":\"players\",\"shard\":1,\"of\":2}");
            // Shard commands of a connection are served in order: once this snapshot is here, the unsubscribe is done.
            sub.send("{\"subscribe\":\"players\",\"shard\":0,\"of\":5}");
            untilMarker(sub, 0, 5);
            post(server, PushSubscriptionTest.join(7, 1, 1) + "\n" + PushSubscriptionTest.join(10, 1, 1));
            // 10 is shard 0 of 5; 7 and 3 (whose rank the refresh would move) are not any more.
            assertEquals("{\"push\":\"player\",\"player\":10,\"total\":100,\"rank\":3}", sub.next(line -> line.text.contains("\"player\":")).text);
            for (final Line line : sub.drainFor(SETTLE))
            {
                assertFalse(line.text.contains("\"player\":3,") || line.text.contains("\"player\":7,"), line.text);
            }
        }
    }

    @Test
    void badShardParametersGetAnErrorAndTheConnectionKeepsWorking() throws Exception
    {
        try (ScorerServer server = Servers.started(config());
             Subscriber sub = Subscriber.connect(server))
        {
            final String[] messages = {
                "{\"subscribe\":\"players\",\"shard\":3,\"of\":3}",
                "{\"subscribe\":\"players\",\"shard\":-1,\"of\":3}",
                "{\"subscribe\":\"players\",\"shard\":0,\"of\":0}",
                "{\"subscribe\":\"players\",\"shard\":0,\"of\":1025}",
                "{\"subscribe\":\"players\",\"shard\":0}",
                "{\"subscribe\":\"players\",\"of\":4}",
                "{\"subscribe\":\"players\",\"shard\":\"1\",\"of\":4}",
                "{\"subscribe\":\"players\",\"shard\":1.0,\"of\":4}",
                "{\"unsubscribe\":\"players\",\"shard\":4,\"of\":4}",
            };
            for (final String message : messages)
            {
                sub.send(message);
                final Line answer = sub.next(line -> true);
                assertTrue(answer.text.startsWith("{\"error\":\""), message + " -> " + answer.text);
            }
            sub.send("{\"subscribe\":\"players\",\"shard\":1023,\"of\":1024}");
            untilMarker(sub, 1023, 1024);
            post(server, PushSubscriptionTest.join(1023 + 1024, 1, 1));
            assertEquals("{\"push\":\"player\",\"player\":2047,\"total\":100,\"rank\":1}", sub.next(line -> line.text.contains("\"player\":")).text);
        }
    }

    @Test
    void aShardSubscriberThatNeverReadsIsClosedWith1008AndTheOthersGoOn() throws Exception
    {
        final ServerConfig config = config().pushLagMillis(300).pushSendBufferBytes(4096);
        try (ScorerServer server = Servers.started(config);
             Subscriber healthy = Subscriber.connect(server);
             java.net.Socket stalled = new java.net.Socket())
        {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
            stalled.setSoTimeout(10_000);
            final java.io.OutputStream out = stalled.getOutputStream();
            final java.io.DataInputStream in = new java.io.DataInputStream(stalled.getInputStream());
            PushSlowSubscriberTest.handshake(server.port(), out, in);
            PushSlowSubscriberTest.sendText(out, "{\"subscribe\":\"players\",\"shard\":0,\"of\":1}");
            healthy.send("{\"subscribe\":\"players\",\"shard\":0,\"of\":1}");
            untilMarker(healthy, 0, 1);

            // Players keep moving (and ranks with them) until the stalled subscriber is dropped.
            final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            long seq = 1;
            while (server.pushClosedLagging() == 0 && System.nanoTime() < deadline)
            {
                final StringBuilder batch = new StringBuilder();
                for (int player = 1; player <= 2000; player++)
                {
                    batch.append(PushSubscriptionTest.clue(player, seq, 1, (int)((player * 31 + seq * 17) % 60_000))).append('\n');
                }
                post(server, batch.toString());
                seq++;
            }
            assertEquals(1, server.pushClosedLagging(), "the stalled shard subscriber was not closed within 10 s");
            assertEquals(1008, PushSlowSubscriberTest.awaitCloseCode(in), "close code");
            assertEquals(-1, healthy.closeCode, "the healthy subscriber was closed");

            // A cheat flag: -500 for player 1; the healthy subscriber gets the total its result gave.
            final String cheat = "{\"type\":\"cheat_flag\",\"seq\":" + seq + ",\"ts\":" + (PushSubscriptionTest.TS + seq * 1000) +
                ",\"player\":1,\"team\":1,\"severity\":1}";
            final Matcher result = RESULT.matcher(post(server, cheat));
            assertTrue(result.find());
            final String prefix = "{\"push\":\"player\",\"player\":1,\"total\":" + result.group(2) + ",";
            healthy.next(line -> line.text.startsWith(prefix));
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Rank moves held by a strict rule (issue 25: only the top 2, steps of half the rank), so that
     * the eventual truth below rests on the max age (1 s) as it does at 2M players.
     */
    private ServerConfig config()
    {
        final ServerConfig config = Servers.config(journal).rankRefreshMillis(REFRESH_MS);
        config.push().rankExactTop(2).rankStep(0.5).rankMaxAgeMillis(MAX_AGE_MS);
        return config;
    }

    /** One connection per (shard, of), each past its snapshot marker; {@code players} >= 0 is the size the snapshots must have. */
    private static List<Subscriber> subscribeAll(final ScorerServer server, final int[][] shards, final int players) throws Exception
    {
        final List<Subscriber> subs = new ArrayList<>();
        for (final int[] shard : shards)
        {
            final Subscriber sub = Subscriber.connect(server);
            sub.send("{\"subscribe\":\"players\",\"shard\":" + shard[0] + ",\"of\":" + shard[1] + "}");
            subs.add(sub);
        }
        if (players >= 0)
        {
            for (int i = 0; i < shards.length; i++)
            {
                assertEquals(players, untilMarker(subs.get(i), shards[i][0], shards[i][1]).size());
            }
        }
        return subs;
    }

    /** The snapshot's lines, up to and without its marker line (which must say how many came). */
    private static List<Line> untilMarker(final Subscriber sub, final int shard, final int of) throws Exception
    {
        final String marker = "{\"push\":\"snapshot\",\"shard\":" + shard + ",\"of\":" + of + ",\"players\":";
        final List<Line> lines = new ArrayList<>();
        while (true)
        {
            final Line line = sub.next(l -> true);
            if (line.text.startsWith(marker))
            {
                assertEquals(marker + lines.size() + "}", line.text, "the marker counts the snapshot's lines");
                return lines;
            }
            assertTrue(line.text.startsWith("{\"push\":\"player\""), "before the marker: " + line.text);
            lines.add(line);
        }
    }

    private static void checkSnapshot(final Subscriber sub, final int shard, final int of, final Map<Long, String> board) throws Exception
    {
        final Map<Long, String> got = new HashMap<>();
        for (final Line line : untilMarker(sub, shard, of))
        {
            final Matcher m = matchPush(line);
            got.put(Long.parseLong(m.group(1)), "rank " + m.group(3) + " total " + m.group(2));
        }
        assertSameEntries(inShard(board, shard, of), got, "snapshot of shard " + shard + " of " + of);
    }

    /**
     * Every push of the subscriber is of its shard and carries a total the player had; the last
     * push of each player becomes its standing, and every player of the shard is pushed. Each line
     * is checked as it arrives, until the last pushes equal the standings (the refresh pushes the
     * final ranks within an interval): no fixed wait, so a loaded machine is only slower. Breaks
     * caught: a shard refresh that never runs leaves ranks stale (fails after the deadline,
     * naming the player); a push of a player to the wrong shard fails on the line.
     */
    private static void checkShard(
        final Subscriber sub, final int shard, final int of, final Map<Long, String> standings, final Map<Long, Set<Long>> totalsHad)
        throws Exception
    {
        final Map<Long, String> expected = inShard(standings, shard, of);
        final Map<Long, String> last = new HashMap<>();
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(CONVERGE_SECONDS);
        while (!expected.equals(last))
        {
            final Line line = sub.lines.poll(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
            if (line == null)
            {
                assertSameEntries(expected, last, "last pushes of shard " + shard + " of " + of + " after " + CONVERGE_SECONDS + " s");
                fail("unreachable: the maps differ");
            }
            checkPush(line, shard, of, totalsHad, last);
        }
        // Reached: whatever still comes (a refresh's repeat) must keep it so.
        for (final Line line : sub.drainFor(Duration.ofMillis(2 * REFRESH_MS)))
        {
            checkPush(line, shard, of, totalsHad, last);
        }
        assertSameEntries(expected, last, "last pushes of shard " + shard + " of " + of);
        sub.close();
    }

    private static void checkPush(
        final Line line, final int shard, final int of, final Map<Long, Set<Long>> totalsHad, final Map<Long, String> last)
    {
        if (line.text.startsWith("{\"push\":\"snapshot\""))
        {
            return;
        }
        final Matcher m = matchPush(line);
        final long player = Long.parseLong(m.group(1));
        final long total = Long.parseLong(m.group(2));
        assertEquals(shard, player % of, "a push of another shard reached shard " + shard + " of " + of + ": " + line.text);
        assertTrue(totalsHad.getOrDefault(player, Set.of()).contains(total), "player " + player + " never had " + line.text);
        last.put(player, "rank " + m.group(3) + " total " + total);
    }

    private static void assertSameEntries(final Map<Long, String> expected, final Map<Long, String> got, final String what)
    {
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(got.keySet()), what + ": players");
        for (final Map.Entry<Long, String> e : expected.entrySet())
        {
            if (!e.getValue().equals(got.get(e.getKey())))
            {
                fail(what + ": player " + e.getKey() + " expected " + e.getValue() + ", last push " + got.get(e.getKey()));
            }
        }
    }

    private static Matcher matchPush(final Line line)
    {
        final Matcher m = PUSH.matcher(line.text);
        assertTrue(m.matches(), "not a player push: " + line.text);
        return m;
    }

    private static Map<Long, String> inShard(final Map<Long, String> board, final int shard, final int of)
    {
        final Map<Long, String> out = new HashMap<>();
        board.forEach((player, entry) ->
        {
            if (player % of == shard)
            {
                out.put(player, entry);
            }
        });
        return out;
    }

    /** Standings CSV (rank,player,score) to player -> {rank, total}. */
    private static Map<Long, String> standings(final String csv)
    {
        final Map<Long, String> out = new HashMap<>();
        final String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++)
        {
            final String[] f = lines[i].split(",");
            out.put(Long.parseLong(f[1]), "rank " + f[0] + " total " + f[2]);
        }
        return out;
    }

    /** Every total each player had after an accepted event, read from results (GAME.md section 5). */
    private static Map<Long, Set<Long>> totalsHad(final String results)
    {
        final Map<Long, Set<Long>> out = new HashMap<>();
        final Matcher m = RESULT.matcher(results);
        while (m.find())
        {
            out.computeIfAbsent(Long.parseLong(m.group(1)), p -> new HashSet<>()).add(Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** Event lines as they are in the file (bytes: some golden events are not valid UTF-8), each with its '\n'. */
    private static byte[] join(final List<byte[]> lines)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] line : lines)
        {
            out.writeBytes(line);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A join, clue, hint, quiz answer or cheat flag: totals rise and fall, some events leave them alone. */
    private static String randomEvent(final SplittableRandom random, final int player, final long seq)
    {
        final long ts = PushSubscriptionTest.TS + seq * 1000;
        final String common = "\"seq\":" + seq + ",\"ts\":" + ts + ",\"player\":" + player + ",\"team\":" + (player % 5);
        switch (random.nextInt(5))
        {
            case 0:
                return "{\"type\":\"join\"," + common + "}";
            case 1:
                return "{\"type\":\"clue_solved\"," + common + ",\"clue\":" + seq + ",\"solveMs\":" + random.nextInt(90_000) +
                    ",\"hints\":" + random.nextInt(3) + "}";
            case 2:
                return "{\"type\":\"hint_used\"," + common + ",\"clue\":" + seq + "}";
            case 3:
                return "{\"type\":\"quiz_answer\"," + common + ",\"quiz\":" + seq + ",\"correct\":" + random.nextBoolean() +
                    ",\"answerMs\":" + random.nextInt(6000) + "}";
            default:
                return "{\"type\":\"cheat_flag\"," + common + ",\"severity\":" + (1 + random.nextInt(2)) + "}";
        }
    }
}
