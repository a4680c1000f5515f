package io.scoreline.pipeline;

import io.scoreline.rules.EventParser;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.Rulebook;
import io.scoreline.rules.Score;
import io.scoreline.rules.ScoringEngine;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A void's code compiled before the first void (issue 23). The walk over the undo log and the rank
 * pass over every player run once a void, a million iterations each: the first void of a JVM ran
 * them in the interpreter and C1 until the JIT's on-stack replacement caught up, which took most
 * of their ~0.6 s each (-XX:+PrintCompilation on a replay, perf/README.md). Once a JVM where the
 * config asks for it (serve, replay: {@link PipelineConfig#voidWarmup}), on a
 * daemon thread beside the start: a scratch engine of 50,000 players scores 60,000 generated
 * events, then takes 36 voids of its oldest match events, in three rounds a second apart,
 * through the same {@link Corrections}: each walks nearly the whole log and ranks over every
 * player, ~2M iterations of each loop in all. The events hold every player event type, 2%
 * duplicates, refused match events, goals, penalty saves and half-times (every window a void can
 * change): a branch the JIT never saw here deoptimizes the walk when a real void meets it. Both
 * loops are methods a block of 64, so that the C2 compile comes from their call counts (its
 * thresholds scale with the JIT's queue, long at start; the pauses let it drain). A few seconds
 * of a core at start (a void meanwhile is exact, only not yet fast); then garbage.
 * Opt-in, {@code -Dscoreline.voids.warmup=true}: on by default it cost the default service 13-30 MB
 * of RSS after start, up to 2.5 s of start when pinned to one core, and the demo's p99 in its first
 * seconds (perf/README.md, "The void's warm-up: opt-in"); it only speeds up a JVM's first void.
 */
final class VoidWarmup
{
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final int PLAYERS = 50_000;
    private static final int EVENTS = 60_000;
    static final int VOIDS = 36;
    /** Every window a void can change (golden minute, boost, half-time): a walk's branch the JIT never saw would deoptimize it. */
    private static final String[] MATCH_KINDS = {"goal", "goal", "goal", "penalty_saved", "half_time"};
    /** The voids come in rounds this long apart. */
    private static final int ROUNDS = 3;
    private static final long PAUSE_MS = 1_000;

    private VoidWarmup()
    {
    }

    /**
     * Starts it on a daemon thread of its own (its engine is a scratch one: nothing is shared with
     * the pipeline but compiled code), unless this JVM ran it already or it is switched off.
     */
    static void once(final Rulebook rulebook)
    {
        if (!"true".equals(System.getProperty("scoreline.voids.warmup")) || !DONE.compareAndSet(false, true))
        {
            return;
        }
        final Thread thread = new Thread(() -> log(rulebook), "void-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void log(final Rulebook rulebook)
    {
        try
        {
            final long start = System.nanoTime();
            final long[] done = run(rulebook);
            System.getLogger("scoreline.corrections").log(System.Logger.Level.INFO, "void warm-up: " + done[0] + " voids, " +
                done[1] + " events scored again, in " + (System.nanoTime() - start) / 1_000_000 + " ms (events " + done[2] / 1_000_000 +
                " ms, voids " + done[3] / 1_000_000 + " ms)");
        }
        catch (final RuntimeException ex)
        {
            // Only the first void's speed depends on it: the service starts regardless.
            System.getLogger("scoreline.corrections").log(System.Logger.Level.WARNING, "void warm-up failed", ex);
        }
    }

    /**
     * The scratch run: {@link #EVENTS} events, then {@link #VOIDS} voids of the oldest goals in
     * turn, each walking (nearly) the whole log. @return the voids it applied, the events they
     * scored again, and the ns the events and the voids (pauses included) took.
     */
    static long[] run(final Rulebook rulebook)
    {
        final long t0 = System.nanoTime();
        final ScoringEngine engine = new ScoringEngine(rulebook, PLAYERS, 1_000, 512, 1 << 16, 1 << 12);
        engine.undoEvents(EVENTS + VOIDS);
        final Corrections corrections = new Corrections(engine, null, true);
        corrections.quiet = true;
        final EventParser parser = new EventParser();
        final GameEvent e = new GameEvent();
        final Score out = new Score();
        final Random random = new Random(23);
        final long[] seqs = new long[PLAYERS + 1];
        long matchSeq = 0;
        long ts = 1_700_000_000_000L;
        final long[] goals = new long[EVENTS];
        int goalCount = 0;
        int ordinal = 0;
        for (; ordinal < EVENTS; ordinal++)
        {
            ts += 1 + random.nextInt(400);
            final String event;
            if (random.nextInt(2_000) == 0 && matchSeq > 0)
            {
                // A match event refused as a duplicate: the walk follows refused match entries too.
                event = "{\"type\":\"match_event\",\"seq\":" + matchSeq + ",\"ts\":" + ts + ",\"player\":0,\"kind\":\"goal\"}";
            }
            else if (random.nextInt(400) == 0)
            {
                goals[goalCount++] = ++matchSeq;
                event = "{\"type\":\"match_event\",\"seq\":" + matchSeq + ",\"ts\":" + ts + ",\"player\":0,\"kind\":\"" +
                    MATCH_KINDS[random.nextInt(MATCH_KINDS.length)] + "\"}";
            }
            else
            {
                event = playerEvent(random, seqs, ts);
            }
            score(event, parser, e, engine, ordinal, out);
        }
        final long t1 = System.nanoTime();
        long voids = 0;
        long rescored = 0;
        for (int v = 0; v < VOIDS && v < goalCount; v++, ordinal++)
        {
            if (v > 0 && v % (VOIDS / ROUNDS) == 0)
            {
                pause(); // the JIT's queue, long at start, drains: its thresholds scale with it
            }
            score("{\"type\":\"match_event\",\"seq\":" + ++matchSeq + ",\"ts\":" + ++ts + ",\"player\":0,\"kind\":\"void\",\"voids\":" +
                goals[v] + "}", parser, e, engine, ordinal, out);
            if (out.voidTarget >= 0)
            {
                rescored += corrections.apply(e, ordinal, out).rescored;
                voids++;
            }
        }
        return new long[] {voids, rescored, t1 - t0, System.nanoTime() - t1};
    }

    private static void score(final String event, final EventParser parser, final GameEvent e,
        final ScoringEngine engine, final long ordinal, final Score out)
    {
        final byte[] bytes = event.getBytes(StandardCharsets.US_ASCII);
        parser.parse(bytes, 0, bytes.length, e);
        engine.score(e, ordinal, out);
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(PAUSE_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static String playerEvent(final Random random, final long[] seqs, final long ts)
    {
        final int p = 1 + random.nextInt(PLAYERS);
        final long seq = random.nextInt(50) == 0 && seqs[p] > 0 ? seqs[p] : ++seqs[p]; // 2% duplicates: refused, scored again by the walk
        final String common = "\"seq\":" + seq + ",\"ts\":" + ts + ",\"player\":" + p + ",\"team\":" + (1 + p % 300);
        switch (random.nextInt(8))
        {
            case 0:
                return "{\"type\":\"join\"," + common + "}";
            case 1:
            case 2:
                return "{\"type\":\"clue_solved\"," + common + ",\"clue\":" + (1 + random.nextInt(99)) + ",\"solveMs\":" +
                    random.nextInt(700_000) + ",\"hints\":" + random.nextInt(3) + "}";
            case 3:
                return "{\"type\":\"treasure_found\"," + common + ",\"treasure\":" + (1 + random.nextInt(500)) + ",\"rarity\":" +
                    (1 + random.nextInt(5)) + ",\"zone\":" + (1 + random.nextInt(12)) + "}";
            case 4:
                return "{\"type\":\"checkpoint\"," + common + ",\"checkpoint\":" + (1 + random.nextInt(21)) + "}";
            case 5:
                return "{\"type\":\"quiz_answer\"," + common + ",\"quiz\":9,\"correct\":" + random.nextBoolean() + ",\"answerMs\":" +
                    random.nextInt(6_000) + "}";
            case 6:
                return "{\"type\":\"powerup\"," + common + ",\"kind\":\"" + (random.nextBoolean() ? "double" : "shield") +
                    "\",\"durationMs\":" + (1_000 + random.nextInt(100_000)) + "}";
            default:
                return "{\"type\":\"share\"," + common + ",\"channel\":\"x\"}";
        }
    }
}
