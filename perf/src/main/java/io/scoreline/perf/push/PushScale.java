package io.scoreline.perf.push;

import io.scoreline.ingest.ScorerServer;
import io.scoreline.perf.CpuList;
import io.scoreline.ingest.ServerConfig;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Push at scale (perf/PUSH.md), {@code bin/scorer push-scale}: a scorer in a child JVM (so neither
 * process needs 20,000 file descriptors), a paced sender of {@code clue_solved} events over /ws,
 * and thousands of /push subscribers, one player each, on one Netty client loop.
 *
 * <pre>
 *   push-scale [--subscribers 10000] [--players 20000] [--rate 50000] [--seconds 15] [--warmup 3] [--senders 4]
 *              [--server-cpus LIST]   (the child runs under taskset -c LIST; run this JVM on other cores: --cpus)
 *              [--server-opts "JVM OPTIONS"]   (the child's only, e.g. -XX:StartFlightRecording=...)
 *              [--server-classpath CP]   (the child's class path: another build measured by this tool)
 *   push-scale --shards 4 --players 2000000 [--rank-refresh-ms 1000] [--rank-exact-top 1000] [--rank-step 0.02]
 *              [--rank-max-age-s 30] [--preload-rate 100000] [--client-rcvbuf BYTES] [--resubscribe N]
 *              [--reconnect-after-s S] [--no-end-check] ...
 *                                 (shard mode, issue 13: every player loaded first, then N shard subscribers)
 *   PushScale --serve MAX_PLAYERS REFRESH_MS EXACT_TOP STEP MAX_AGE_S   (main: the child, started by the run itself)
 *                                 (prints "port=N", serves until its stdin closes; a line
 *                                  "shards" on stdin prints its shard refresh and snapshot timings)
 * </pre>
 *
 * Shard mode: every player gets one {@code prediction_won} first (stake 1..20,000 at odds 100, so
 * totals spread evenly over 1..20,000), then phase 1 runs without subscribers, then {@code --shards}
 * connections subscribe to shards 0..N-1 of N at once (snapshot time = subscribe sent -> its
 * snapshot marker read), then phase 2. A push whose total differs from the last one seen for the
 * player answers an event (timed against the player's latest event sent); one with the same
 * total is a rank refresh (counted).
 *
 * Phase 1 scores the load with no subscriber, phase 2 with all subscribers connected. Push
 * latency is from the moment the sender wrote the player's latest event to the moment a push of a
 * new total for that player arrived (players get an event every {@code players / rate} s on
 * average, so the latest one sent is the one pushed but for rare close pairs, which then read a
 * little low). Rank refreshes (same total, once a second) are counted but not timed.
 */
@Command(name = "push-scale", description = {
    "Push at scale (perf/PUSH.md): a scorer in a child JVM, a paced sender over /ws and thousands of /push subscribers;",
    "result and push latency without, then with, the subscribers."})
public final class PushScale implements Callable<Integer>
{
    @Option(names = "--subscribers", paramLabel = "N", description = "/push subscribers, one player each (default: ${DEFAULT-VALUE})")
    private int subscribers = 10_000;

    @Option(names = "--players", paramLabel = "N", description = "players the sender scores (default: ${DEFAULT-VALUE})")
    private int players = 20_000;

    @Option(names = "--rate", paramLabel = "R", description = "events a second (default: ${DEFAULT-VALUE})")
    private long rate = 50_000;

    @Option(names = "--seconds", paramLabel = "S", description = "seconds of each phase (default: ${DEFAULT-VALUE})")
    private int seconds = 15;

    @Option(names = "--warmup", paramLabel = "S", description = "warm-up seconds before the first phase (default: ${DEFAULT-VALUE})")
    private int warmup = 3;

    @Option(names = "--senders", paramLabel = "N", description = "/ws connections of the sender (default: ${DEFAULT-VALUE})")
    private int senders = 4;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "run the child scorer under taskset -c LIST")
    private String serverCpus;

    @Option(names = "--server-opts", paramLabel = "JVM_OPTIONS", description = "extra JVM options of the child only, e.g. -XX:StartFlightRecording=...")
    private String serverOpts = "";

    @Option(names = "--server-classpath", paramLabel = "CLASSPATH",
        description = "the child's class path (default: this JVM's), e.g. another build's lib/* to measure it with this tool")
    private String serverClasspath;

    @Option(names = "--shards", paramLabel = "N", description = "shard mode: N shard subscribers instead of --subscribers (default: ${DEFAULT-VALUE}: off)")
    private int shards;

    @Option(names = "--rank-refresh-ms", paramLabel = "MS", description = "the child's --rank-refresh-ms (default: ${DEFAULT-VALUE})")
    private int refreshMillis = 1000;

    @Option(names = "--rank-exact-top", paramLabel = "N", description = "the child's --rank-exact-top (default: ${DEFAULT-VALUE})")
    private int rankExactTop = io.scoreline.push.PushConfig.DEFAULT_RANK_EXACT_TOP;

    @Option(names = "--rank-step", paramLabel = "FRACTION", description = "the child's --rank-step; 0: every rank move, as before issue 25 (default: ${DEFAULT-VALUE})")
    private double rankStep = io.scoreline.push.PushConfig.DEFAULT_RANK_STEP;

    @Option(names = "--rank-max-age-s", paramLabel = "S", description = "the child's --rank-max-age-s (default: ${DEFAULT-VALUE})")
    private int rankMaxAgeSeconds = io.scoreline.push.PushConfig.DEFAULT_RANK_MAX_AGE_SECONDS;

    @Option(names = "--preload-rate", paramLabel = "R", description = "shard mode: events a second of the preload (default: ${DEFAULT-VALUE})")
    private long preloadRate = 100_000;

    @Option(names = "--resubscribe", paramLabel = "N",
        description = "shard mode: after the first snapshot the gateways close and subscribe again, N times, each timed (default: ${DEFAULT-VALUE})")
    private int resubscribe;

    @Option(names = "--reconnect-after-s", paramLabel = "S",
        description = "shard mode: seconds of live stream between a snapshot and the next --resubscribe (default: ${DEFAULT-VALUE})")
    private double reconnectAfterSeconds;

    @Option(names = "--end-check", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "shard mode: after the stream stops, wait until every last push matches GET /leaderboard (default: on)")
    private boolean endCheck = true;

    @Option(names = "--client-rcvbuf", paramLabel = "BYTES", description = "SO_RCVBUF of the shard subscribers (default: ${DEFAULT-VALUE}: the OS's autotuning)")
    private int clientReceiveBuffer;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run this JVM on these CPUs (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    /** The child scorer ({@code --serve MAX_PLAYERS REFRESH_MS}), started by {@link PushScaleRun#run()}. */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 6 || !"--serve".equals(args[0]))
        {
            throw new IllegalArgumentException(
                "usage: PushScale --serve MAX_PLAYERS REFRESH_MS EXACT_TOP STEP MAX_AGE_S (the run is bin/scorer push-scale)");
        }
        final ServerConfig config = new ServerConfig().port(0).maxPlayers(Integer.parseInt(args[1])).maxConnections(30_000)
            .rankRefreshMillis(Integer.parseInt(args[2]));
        config.push().rankExactTop(Integer.parseInt(args[3])).rankStep(Double.parseDouble(args[4]))
            .rankMaxAgeMillis(java.util.concurrent.TimeUnit.SECONDS.toMillis(Integer.parseInt(args[5])));
        serve(config);
    }

    @Override
    public Integer call() throws Exception
    {
        CpuList.warnUnlessConfined(cpus);
        if (subscribers > players)
        {
            throw new IllegalArgumentException("subscribers must be <= players");
        }
        final PushScaleRun driver = new PushScaleRun(shards > 0 ? shards : subscribers, players, rate, seconds, warmup, senders, serverCpus, serverOpts);
        driver.shards = shards > 0;
        driver.refreshMillis = refreshMillis;
        driver.rankExactTop = rankExactTop;
        driver.rankStep = rankStep;
        driver.rankMaxAgeSeconds = rankMaxAgeSeconds;
        driver.preloadRate = preloadRate;
        driver.clientReceiveBuffer = clientReceiveBuffer;
        driver.serverClasspath = serverClasspath;
        driver.resubscribe = resubscribe;
        driver.reconnectAfterMillis = (long)(reconnectAfterSeconds * 1000);
        driver.endCheck = endCheck;
        driver.run();
        return 0;
    }

    /** The child: a scorer with room for the subscribers, until stdin closes. */
    private static void serve(final ServerConfig config) throws Exception
    {
        final Path journal = Files.createTempDirectory("push-scale-journal");
        try (ScorerServer server = ScorerServer.start(config.journalDir(journal)))
        {
            server.awaitRecovered(java.time.Duration.ofSeconds(30));
            System.out.println("port=" + server.port());
            System.out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; )
            {
                if ("shards".equals(line))
                {
                    // Each since the last "shards": the refresh passes and the snapshots, server side.
                    final Histogram passes = server.push().shardPassTimes();
                    final Histogram snapshots = server.push().shardSnapshotTimes();
                    final Histogram ranks = server.push().shardRankTimes();
                    final Histogram live = server.push().shardLiveTimes();
                    System.out.println("refresh passes (rank all, compare, queue) " + PushScaleRun.describe(passes));
                    System.out.println("  of which ranking the copy (holds live pushes back) " + PushScaleRun.describe(ranks));
                    System.out.println("snapshots queued (server side) " + PushScaleRun.describe(snapshots));
                    System.out.println("snapshots handed to Netty, last line (server side) " + PushScaleRun.describe(server.push().shardSnapshotWrittenTimes()));
                    System.out.println("  shard thread CPU meanwhile " + PushScaleRun.describe(server.push().shardSnapshotCpuTimes()));
                    System.out.println("  subscribe -> first bytes handed to Netty " + PushScaleRun.describe(server.push().shardSnapshotFirstWriteTimes()));
                    System.out.println("  channel not writable, snapshot lines waiting (the reader's pace) " +
                        PushScaleRun.describe(server.push().shardSnapshotBlockedTimes()));
                    System.out.println("event pushes, server side (event received -> line handed to Netty) " + PushScaleRun.describe(live));
                    System.out.println("end");
                    System.out.flush();
                }
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(journal))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
