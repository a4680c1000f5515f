package io.scoreline.rules;

import java.util.SplittableRandom;

/**
 * Generates parsed events for {@link EngineDifferentialTest}: every type, every error code, within
 * GAME.md 1.1's ranges (what the parser guarantees the engine) and at their ends. Aimed at the
 * edges of the packed state: timestamps stepping by the rulebook's windows and spans and by 1 ms
 * either side of them, jumping back, across days, to 0 and to the largest ts; bursts of K clues
 * or treasures spanning exactly the rule's span, 1 ms less or 1 ms more, in or out of order; seqs
 * repeated, jumping, up to 2^63-1; ids 1 and 2^63-1; stakes and odds that overflow; more players
 * than the table holds when the pool is larger than the engine's capacity.
 */
final class EventFuzzer
{
    static final long MAX_TS = RecordLayout.MAX_TS;
    private static final long DAY_MS = RecordLayout.DAY_MS;

    /**
     * What a run generates: {@code weights} of the 10 player event types (in {@link EventType}
     * order from JOIN), per mille of parser rejects and of match events, percent of clues with
     * hints, per mille of correct answers, and whether seqs jump (by up to 2^40, or to near 2^63-1
     * for every fifth player, who then sends only duplicates).
     */
    record Profile(int[] weights, int errorPermille, int matchPermille, int hintsPercent, int correctPermille, boolean seqChaos)
    {
    }

    static final int[] MIXED_TYPES = {4, 22, 6, 18, 10, 14, 6, 8, 6, 6};
    /** Every type, error and match event; many hints and wrong answers. */
    static final Profile MIXED = new Profile(MIXED_TYPES, 20, 30, 30, 700, true);
    /** Fewer breaks, so streaks and milestones run long. */
    static final Profile DEEP = new Profile(MIXED_TYPES, 10, 20, 10, 900, true);

    private final SplittableRandom random;
    private final RuleParams r;
    private final long[] ids;
    private final long[] seqs;
    private final long[] clocks;
    private final int[] checkpoints;
    private final int[] typeUpper = new int[10];
    private final long[] steps;
    private final int errorPermille;
    private final int matchPermille;
    private final int hintsPercent;
    private final int correctPermille;
    private final boolean seqChaos;
    private long matchSeq;

    // A burst in progress: K events of one type for one player at prepared timestamps.
    private final long[] burstTs = new long[RuleParams.MAX_HISTORY];
    private int burstLength;
    private int burstNext;
    private int burstPlayer;
    private byte burstType;

    EventFuzzer(final long seed, final Rulebook book, final int poolSize, final Profile profile)
    {
        this.random = new SplittableRandom(seed);
        this.r = new RuleParams(book);
        this.errorPermille = profile.errorPermille();
        this.matchPermille = profile.matchPermille();
        this.hintsPercent = profile.hintsPercent();
        this.correctPermille = profile.correctPermille();
        this.seqChaos = profile.seqChaos();
        final int[] typeWeights = profile.weights();
        ids = new long[poolSize];
        seqs = new long[poolSize];
        clocks = new long[poolSize];
        checkpoints = new int[poolSize];
        final java.util.Set<Long> used = new java.util.HashSet<>();
        for (int i = 0; i < poolSize; i++)
        {
            long id;
            do
            {
                id = i == 0 ? 1 : i == 1 ? Long.MAX_VALUE : random.nextInt(4) == 0 ? 1 + random.nextInt(poolSize * 4)
                    : 1 + random.nextLong(Long.MAX_VALUE);
            }
            while (!used.add(id));
            ids[i] = id;
            clocks[i] = random.nextInt(4) == 0 ? random.nextLong(MAX_TS + 1) : 1_749_808_800_000L + random.nextLong(DAY_MS);
        }
        int sum = 0;
        for (int t = 0; t < 10; t++)
        {
            sum += typeWeights[t];
            typeUpper[t] = sum;
        }
        final long[] edges = {
            r.goldenWindowMs, r.boostWindowMs, r.halftimeWindowMs, r.freezeWindowMs, r.sprintWindowMs, r.clueRapidSpanMs,
            r.treasureComboSpanMs, r.speedWindowMs, 1000, 600_000, DAY_MS, r.clueRapidSpanMs / Math.max(1, r.clueRapidCount - 1),
            r.treasureComboSpanMs / Math.max(1, r.treasureComboCount - 1)
        };
        final long[] small = {0, 0, 1, 2, 7, 100, 1000, 5000, 30_000, 59_999, 60_000, 60_001};
        steps = new long[small.length + edges.length * 3];
        System.arraycopy(small, 0, steps, 0, small.length);
        for (int i = 0; i < edges.length; i++)
        {
            steps[small.length + 3 * i] = edges[i] - 1;
            steps[small.length + 3 * i + 1] = edges[i];
            steps[small.length + 3 * i + 2] = edges[i] + 1;
        }
    }

    long id(final int poolIndex)
    {
        return ids[poolIndex];
    }

    int poolSize()
    {
        return ids.length;
    }

    /** An id that a later {@link #next} may name (for prefetch calls): a pool id or one never used. */
    long someId()
    {
        return random.nextInt(8) == 0 ? 1 + random.nextLong(Long.MAX_VALUE) : ids[random.nextInt(ids.length)];
    }

    void next(final GameEvent e)
    {
        e.clear();
        if (burstNext < burstLength)
        {
            playerEvent(e, burstPlayer, burstType, burstTs[burstNext++]);
            return;
        }
        final int roll = random.nextInt(1000);
        if (roll < errorPermille)
        {
            error(e);
            return;
        }
        if (roll < errorPermille + matchPermille)
        {
            match(e);
            return;
        }
        final int p = pickPlayer();
        final byte type = pickType();
        if ((type == EventType.CLUE_SOLVED || type == EventType.TREASURE_FOUND) && random.nextInt(100) == 0)
        {
            startBurst(p, type);
            playerEvent(e, burstPlayer, burstType, burstTs[burstNext++]);
            return;
        }
        playerEvent(e, p, type, nextTs(p));
    }

    private void error(final GameEvent e)
    {
        e.error = (byte)(1 + random.nextInt(ErrorCode.OVERFLOW));
        e.type = (byte)random.nextInt(EventType.COUNT);
        e.seqKnown = random.nextBoolean();
        e.playerKnown = random.nextBoolean();
        e.seq = 1 + random.nextLong(Long.MAX_VALUE);
        e.player = ids[random.nextInt(ids.length)];
        e.ts = random.nextLong(MAX_TS + 1);
    }

    private void match(final GameEvent e)
    {
        e.type = EventType.MATCH_EVENT;
        e.seqKnown = true;
        e.playerKnown = true;
        e.player = 0;
        e.seq = random.nextInt(10) == 0 ? Math.max(1, matchSeq - random.nextInt(3)) : ++matchSeq;
        e.kind = (byte)(1 + random.nextInt(4));
        final int p = random.nextInt(ids.length);
        final long ts = random.nextInt(50) == 0 ? (random.nextBoolean() ? 0 : MAX_TS) : clocks[p] - random.nextInt(3) * 1000L;
        e.ts = clamp(ts);
    }

    private void startBurst(final int p, final byte type)
    {
        final boolean clues = type == EventType.CLUE_SOLVED;
        final int k = clues ? r.clueRapidCount : r.treasureComboCount;
        final long span = (clues ? r.clueRapidSpanMs : r.treasureComboSpanMs) + random.nextInt(3) - 1; // limit - 1, limit, limit + 1
        final long t0 = Math.min(Math.max(0, clocks[p]), MAX_TS - span);
        for (int i = 0; i < k; i++)
        {
            burstTs[i] = k == 1 ? t0 : t0 + (long)(span * (double)i / (k - 1));
        }
        if (k > 1)
        {
            burstTs[k - 1] = t0 + span;
        }
        if (random.nextInt(5) == 0)
        {
            for (int i = k - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final long t = burstTs[i];
                burstTs[i] = burstTs[j];
                burstTs[j] = t;
            }
        }
        clocks[p] = Math.max(clocks[p], t0 + span);
        burstLength = k;
        burstNext = 0;
        burstPlayer = p;
        burstType = type;
    }

    private void playerEvent(final GameEvent e, final int p, final byte type, final long ts)
    {
        e.type = type;
        e.seqKnown = true;
        e.playerKnown = true;
        e.player = ids[p];
        e.seq = nextSeq(p);
        e.ts = ts;
        final int teamRoll = random.nextInt(10);
        e.team = teamRoll < 6 ? p % 7 : teamRoll == 6 ? 0 : teamRoll == 7 ? 65_535 : random.nextInt(65_536);
        switch (type)
        {
            case EventType.CLUE_SOLVED:
                e.clue = 1 + random.nextInt(Integer.MAX_VALUE);
                e.solveMs = (int)pick(0, 1, 59_999, 60_000, 60_001, 599_999, 600_000, 600_001, 86_400_000, random.nextInt(86_400_001));
                e.hints = random.nextInt(100) >= hintsPercent ? 0 : 1 + random.nextInt(10);
                break;
            case EventType.HINT_USED:
                e.clue = 1 + random.nextInt(Integer.MAX_VALUE);
                break;
            case EventType.TREASURE_FOUND:
                e.treasure = random.nextInt(10) < 6 ? 1 + random.nextInt(30) : 1 + random.nextInt(1_000_000);
                e.rarity = 1 + random.nextInt(5);
                e.zone = random.nextInt(10) < 7 ? 1 + random.nextInt(10) : 1 + random.nextInt(64);
                break;
            case EventType.CHECKPOINT:
            {
                final int roll = random.nextInt(10);
                e.checkpoint = roll < 5 ? Math.min(100, checkpoints[p] + 1) : roll < 7 ? r.finalCheckpoint : 1 + random.nextInt(100);
                checkpoints[p] = Math.max(checkpoints[p], e.checkpoint);
                break;
            }
            case EventType.QUIZ_ANSWER:
                e.quiz = 1 + random.nextInt(Integer.MAX_VALUE);
                e.correct = random.nextInt(1000) < correctPermille;
                e.answerMs = (int)pick(0, 2_999, 3_000, 3_001, 60_000, random.nextInt(60_001));
                break;
            case EventType.PREDICTION_WON:
                e.stake = pick(1, 99, 100, 101, 1 + random.nextInt(1_000_000), 1_000_000_000_000_000L,
                    1 + random.nextLong(1_000_000_000_000_000L), 92_233_720_368_547L, 1 + random.nextInt(1000), 42);
                e.odds = (int)pick(100, 999, 1000, 100_000, 100 + random.nextInt(99_901), 350);
                break;
            case EventType.SHARE:
                e.channel = (byte)(1 + random.nextInt(5));
                break;
            case EventType.POWERUP:
                e.kind = random.nextBoolean() ? GameEvent.PowerupKind.DOUBLE : GameEvent.PowerupKind.SHIELD;
                e.durationMs = (int)pick(1000, 1001, 30_000, 600_000, 599_999, 1000 + random.nextInt(599_001));
                break;
            case EventType.CHEAT_FLAG:
                e.severity = 1 + random.nextInt(3);
                break;
            default:
                break;
        }
    }

    private int pickPlayer()
    {
        final int hot = Math.min(ids.length, 8);
        return random.nextInt(10) < 7 ? random.nextInt(hot) : random.nextInt(ids.length);
    }

    private byte pickType()
    {
        final int roll = random.nextInt(typeUpper[9]);
        int t = 0;
        while (roll >= typeUpper[t])
        {
            t++;
        }
        return (byte)(EventType.JOIN + t);
    }

    private long nextSeq(final int p)
    {
        final int roll = random.nextInt(100);
        final long seq = seqs[p];
        if (roll < 8 && seq > 0)
        {
            return Math.max(1, seq - random.nextInt(3)); // a repeat: a duplicate unless that seq was rejected
        }
        long next;
        if (roll < 10 && seqChaos && p % 5 == 4)
        {
            next = Long.MAX_VALUE - random.nextInt(20);
        }
        else if (roll < 15 && seqChaos)
        {
            next = seq + 1 + random.nextLong(1L << 40);
        }
        else
        {
            next = seq + 1;
        }
        if (next <= seq || next < 0) // at or past 2^63-1: stay there (duplicates from now on)
        {
            next = Math.max(seq, 1);
        }
        seqs[p] = next;
        return next;
    }

    private long nextTs(final int p)
    {
        final int roll = random.nextInt(100);
        long clock = clocks[p];
        if (roll < 55)
        {
            clock += steps[random.nextInt(12)];
        }
        else if (roll < 75)
        {
            clock += steps[random.nextInt(steps.length)];
        }
        else if (roll < 83)
        {
            clock -= pick(1, 1000, 60_000, DAY_MS, 10 * DAY_MS, steps[random.nextInt(steps.length)]);
        }
        else if (roll < 87)
        {
            clock = (clock / DAY_MS + 1) * DAY_MS + random.nextInt(3) - 1;
        }
        else if (roll < 89)
        {
            return random.nextBoolean() ? 0 : MAX_TS; // an outlier; the clock stays
        }
        else if (roll < 90)
        {
            clock = random.nextLong(MAX_TS + 1);
        }
        clocks[p] = clamp(clock);
        return clocks[p];
    }

    private long pick(final long... values)
    {
        return values[random.nextInt(values.length)];
    }

    private static long clamp(final long ts)
    {
        return Math.max(0, Math.min(MAX_TS, ts));
    }
}
