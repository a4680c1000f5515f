package io.scoreline.replication;

import io.scoreline.ingest.ScorerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brokers killed (kill -9) under load, on brokers started by bin/kafka-local. The load is
 * {@link Load#THREADS} HTTP clients, one join of a new player per request, paced to
 * {@link Load#RATE} events/s in all (the 20k/s of the issue does not fit beside three brokers,
 * two nodes and a build on this machine's two cores; perf/ is for that). GAME.md R01: a first
 * join scores 100, so a player's score says how often its one event was counted.
 */
class BrokerFaultTest
{
    private static final Pattern PLAYER = Pattern.compile("\\n\\d+,(\\d+),(-?\\d+)");

    @TempDir
    Path work;

    @Test
    void oneOfThreeBrokersKilledUnderLoadLosesNothingAndThePrimaryKeepsAnswering() throws Exception
    {
        try (KafkaBroker cluster = KafkaBroker.startCluster(work.resolve("kafka3"), 3);
             ScorerServer primary = Nodes.primary(cluster.bootstrap(), "ha3");
             ScorerServer follower = Nodes.follower(cluster.bootstrap(), "ha3");
             Load load = new Load(primary.port()))
        {
            assertEquals("3/2", replicasAndMinIsr(cluster.bootstrap(), "ha3"), "replicas/min ISR of the topic serve created");
            load.awaitAnswered(1_000);
            final int leader = leader(cluster.bootstrap(), "ha3");
            final int before = load.answered.size();
            cluster.kill9(leader);
            load.awaitAnswered(before + 4_000);
            load.close();
            assertEquals(List.of(), load.refusals, "refused while one broker of three was down");
            assertEquals(0, load.failures.get(), "requests without an answer");
            assertConverged(primary, follower, load);
        }
    }

    @Test
    void theOnlyBrokerKilledRefusesEventsClearlyAndServiceResumesWhenItReturns() throws Exception
    {
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka1"));
             ScorerServer primary = Nodes.primary(broker.bootstrap(), "ha1");
             Load load = new Load(primary.port()))
        {
            load.awaitAnswered(1_000);
            broker.kill9(1);
            final long killed = System.nanoTime();
            // The load's clients wait for the answers the log holds back; a new client is refused.
            while (load.refusals.isEmpty())
            {
                assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(30), "no refusal 30 s after the broker died");
                load.probe(primary.port());
            }
            final int answeredWhileDown = load.answered.size();
            // On /ws the refusal is an error line naming the cause.
            final int wsPlayer = load.nextPlayer.getAndIncrement();
            load.sent.add(wsPlayer);
            final String frame = Nodes.webSocketAnswer(primary.port(),
                "{\"type\":\"join\",\"seq\":1,\"ts\":1750110000000,\"player\":" + wsPlayer + ",\"team\":7}");
            assertTrue(frame.startsWith("{\"error\":\"the log is unavailable: Kafka (" + broker.bootstrap()), frame);
            Thread.sleep(1_000);
            broker.restart();
            load.awaitAnswered(answeredWhileDown + 1_000); // the same scorer, no restart
            load.close();
            for (final String refusal : load.refusals)
            {
                assertTrue(refusal.startsWith("503 ") && refusal.contains("the log is unavailable"), refusal);
            }
            try (ScorerServer follower = Nodes.follower(broker.bootstrap(), "ha1"))
            {
                assertConverged(primary, follower, load);
            }
        }
    }

    /** The follower reads the log to the primary's gate; every answered event in it once, and nothing more than was sent. */
    private static void assertConverged(final ScorerServer primary, final ScorerServer follower, final Load load) throws Exception
    {
        final long committed = Nodes.metric(primary.port(), "scoreline_log_committed_ordinal");
        Nodes.awaitMetric(follower.port(), "scoreline_log_applied_ordinal", committed);
        final String standings = Nodes.standings(follower.port());
        assertEquals(Nodes.standings(primary.port()), standings, "the follower's standings are the primary's");
        final Map<Integer, Integer> scores = new java.util.HashMap<>();
        final Matcher m = PLAYER.matcher(standings);
        while (m.find())
        {
            scores.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        for (final int player : load.answered)
        {
            assertEquals(Integer.valueOf(100), scores.get(player), "answered player " + player + ": in the log exactly once");
        }
        final Set<Integer> sent = new HashSet<>(load.sent);
        for (final Map.Entry<Integer, Integer> e : scores.entrySet())
        {
            assertTrue(sent.contains(e.getKey()) && e.getValue() == 100, "player " + e.getKey() + " scored " + e.getValue());
        }
        assertEquals(committed + 1, scores.size(), "one player per logged event");
    }

    private static String replicasAndMinIsr(final String bootstrap, final String topic) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
        {
            final int replicas = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).replicas().size();
            final org.apache.kafka.common.config.ConfigResource resource =
                new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            final String minIsr = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value();
            return replicas + "/" + minIsr;
        }
    }

    private static int leader(final String bootstrap, final String topic) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
        {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).leader().id();
        }
    }

    /** Paced joins of new players over HTTP; what was answered, refused (status and body) and sent. */
    private static final class Load implements AutoCloseable
    {
        static final int THREADS = 4;
        static final int RATE = 1_000;

        final Set<Integer> answered = ConcurrentHashMap.newKeySet();
        final List<Integer> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger nextPlayer = new AtomicInteger(1);
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Load(final int port)
        {
            final long periodNanos = TimeUnit.SECONDS.toNanos(1) * THREADS / RATE;
            for (int t = 0; t < THREADS; t++)
            {
                final Thread thread = new Thread(() ->
                {
                    long next = System.nanoTime();
                    while (running)
                    {
                        final int player = nextPlayer.getAndIncrement();
                        sent.add(player);
                        final String event = "{\"type\":\"join\",\"seq\":1,\"ts\":1750110000000,\"player\":" + player + ",\"team\":7}\n";
                        try
                        {
                            final HttpResponse<String> r = Nodes.post(port, "/events", event.getBytes(StandardCharsets.US_ASCII));
                            if (r.statusCode() == 200 && r.body().contains("\"player\":" + player))
                            {
                                answered.add(player);
                            }
                            else
                            {
                                refusals.add(r.statusCode() + " " + r.body());
                            }
                        }
                        catch (final UncheckedIOException e)
                        {
                            failures.incrementAndGet();
                        }
                        next += periodNanos;
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                }, "load-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        /** One event from a client that gives up after 1 s (its event may still be logged and not answered). */
        void probe(final int port)
        {
            final int player = nextPlayer.getAndIncrement();
            sent.add(player);
            final String event = "{\"type\":\"join\",\"seq\":1,\"ts\":1750110000000,\"player\":" + player + ",\"team\":7}\n";
            try
            {
                final HttpResponse<String> r = Nodes.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/events"))
                    .timeout(java.time.Duration.ofSeconds(1)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)).build());
                if (r.statusCode() != 200)
                {
                    refusals.add(r.statusCode() + " " + r.body());
                }
                else
                {
                    answered.add(player);
                }
            }
            catch (final UncheckedIOException timedOut)
            {
                // held back: the log has not acknowledged it (yet)
            }
        }

        void awaitAnswered(final int count) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (answered.size() < count)
            {
                assertTrue(System.nanoTime() < deadline, "answered " + answered.size() + " of " + count + " within 90 s; refusals " +
                    refusals.size() + (refusals.isEmpty() ? "" : ", last: " + refusals.get(refusals.size() - 1)));
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws InterruptedException
        {
            running = false;
            for (final Thread t : threads)
            {
                t.join(90_000);
            }
        }
    }
}
