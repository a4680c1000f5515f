package io.scoreline.perf;

import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.EventParser;
import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.Rulebook;
import io.scoreline.rules.Score;
import io.scoreline.rules.ScoringEngine;

/**
 * The score stage's own cost: ns an event for {@link ScoringEngine#score} at N players, uniform
 * random, with the two-phase group prefetch the score stage did when this was written (its
 * {@code Lookahead} at 0a093e0: before event i of a batch, once i + G reaches what was prefetched,
 * the next slots up to i + 2G get {@code prefetchIndex} for all, then {@code prefetchRecord} for
 * all). Events are
 * {@link SyntheticEvents} lines parsed in batches; only the scoring loop is timed.
 *
 * <p>Uses only the engine's public API, so the same class runs against another build of the
 * rules module (put its jar first on the class path) for before/after figures in one session.
 *
 * <pre>java -cp ... io.scoreline.perf.ScoreCost [players] [events per round] [rounds] [group] [batch] [player|event]</pre>
 * The last argument picks phase 2: {@code prefetchRecord(playerId)} (the default, the only one
 * main's engine has) or {@code prefetchRecord(GameEvent)}, which also fetches a treasure's finders.
 * Prints one line per round and a last line {@code ns/event=... bytes/player=... checksum=...};
 * the checksum covers every score, so two builds that score alike print the same one.
 */
public final class ScoreCost
{
    private static final int MAX_TREASURE = 1_000_000;

    private final ScoringEngine engine;
    private final SyntheticEvents generator;
    private final EventParser parser = new EventParser();
    private final GameEvent[] events;
    private final byte[] line = new byte[GameEvent.MAX_LINE_BYTES + 1];
    private final Score score = new Score();
    private final int group;
    /** Phase 2 by {@code prefetchRecord(GameEvent)} (record and treasure finders), not by player id. */
    private final boolean wholeEvent;
    private long ordinal;
    private long checksum;

    ScoreCost(final int players, final int group, final int batch, final boolean wholeEvent)
    {
        this.wholeEvent = wholeEvent;
        this.engine = new ScoringEngine(Rulebook.defaults(), players, MAX_TREASURE);
        this.generator = new SyntheticEvents(players, 42);
        this.group = group;
        this.events = new GameEvent[batch];
        for (int i = 0; i < batch; i++)
        {
            events[i] = new GameEvent();
        }
    }

    public static void main(final String[] args) throws ReflectiveOperationException
    {
        final int players = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final long perRound = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        final int group = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        final int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1024;
        final boolean wholeEvent = args.length > 5 && "event".equals(args[5]);
        final ScoreCost cost = new ScoreCost(players, group, batch, wholeEvent);

        // Warm up until every player exists (the table full, as in a long run), at most 40M events.
        long warmup = 0;
        while (cost.engine.playerCount() < players && warmup < 40_000_000)
        {
            cost.run(batch);
            warmup += batch;
        }
        System.out.printf("players=%d warmup=%d group=%d batch=%d phase2=%s java=%s%n", cost.engine.playerCount(), warmup, group,
            batch, wholeEvent ? "event" : "player", System.getProperty("java.version"));
        cost.checksum = 0;
        final double[] perEvent = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            long nanos = 0;
            for (long done = 0; done < perRound; done += batch)
            {
                nanos += cost.run(batch);
            }
            perEvent[round] = (double)nanos / perRound;
            System.out.printf("round %d: %.1f ns/event%n", round + 1, perEvent[round]);
        }
        java.util.Arrays.sort(perEvent);
        // bytesPerPlayer() is a long before the packing and a double after: read it either way.
        final Number bytes = (Number)ScoringEngine.class.getMethod("bytesPerPlayer").invoke(cost.engine);
        System.out.printf("ns/event=%.1f bytes/player=%.2f checksum=%016x%n", perEvent[rounds / 2], bytes.doubleValue(), cost.checksum);
    }

    /** Parses one batch (untimed), then scores it with group prefetch; @return the nanoseconds scoring took. */
    private long run(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int length = generator.next(line);
            parser.parse(line, 0, length, events[i]);
        }
        final long start = System.nanoTime();
        int prefetchedUntil = 1;
        for (int i = 0; i < n; i++)
        {
            if (group > 0 && i + group >= prefetchedUntil && prefetchedUntil < n)
            {
                final int until = Math.min(n, i + 2 * group);
                prefetch(prefetchedUntil, until);
                prefetchedUntil = until;
            }
            engine.score(events[i], ordinal++, score);
            checksum = checksum * 31 + score.status * 7L + score.delta * 13L + score.total + score.rules + score.playerHandle;
        }
        return System.nanoTime() - start;
    }

    private void prefetch(final int from, final int until)
    {
        for (int i = from; i < until; i++)
        {
            if (isPlayerEvent(events[i]))
            {
                engine.prefetchIndex(events[i].player);
            }
        }
        for (int i = from; i < until; i++)
        {
            if (isPlayerEvent(events[i]))
            {
                if (wholeEvent)
                {
                    engine.prefetchRecord(events[i]);
                }
                else
                {
                    engine.prefetchRecord(events[i].player);
                }
            }
        }
    }

    private static boolean isPlayerEvent(final GameEvent e)
    {
        return e.error == ErrorCode.NONE && e.type != EventType.MATCH_EVENT;
    }
}
