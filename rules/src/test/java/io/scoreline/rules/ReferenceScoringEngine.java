package io.scoreline.rules;

/*
 * Oracle of EngineDifferentialTest: main's engine as it was at 0a093e0 (long[] records of 19 longs,
 * int index at load <= 0.5), copied under a reference name and not to be changed. Only the class
 * names differ from the original.
 */

import static io.scoreline.rules.ReferencePlayers.DAY_FIRST_DONE;
import static io.scoreline.rules.ReferencePlayers.EMPTY;
import static io.scoreline.rules.ReferencePlayers.FINAL_DONE;
import static io.scoreline.rules.ReferencePlayers.JOINED;

/**
 * GAME.md sections 2-4: scores one parsed event against the state, with the numbers of a
 * {@link Rulebook}. Single-threaded (the score stage owns it) and allocation-free.
 *
 * <p>Fail closed: steps 1-4 run on locals and scratch fields; state is written only in the
 * commit step, after every checked operation passed, so an overflow changes nothing.
 */
final class ReferenceScoringEngine
{
    private static final long DAY_MS = 86_400_000L;
    private static final int TEAMS = 65_536;

    private final ReferencePlayers players;
    private final TreasureFinders finders;
    private final long[] teamTotal = new long[TEAMS];
    private final boolean[] teamSeen = new boolean[TEAMS];
    private final Checked checked = new Checked();
    private final RuleParams r;

    private long matchLastSeq;
    private long goldenFrom = EMPTY;
    private long goldenUntil;
    private long boostFrom = EMPTY;
    private long boostUntil;
    private long halftimeFrom = EMPTY;
    private long halftimeUntil;

    // Scratch of the event being scored.
    private long positive;
    private long negative;
    private long shieldable;
    private long rules;
    private long prefetchSink;

    public ReferenceScoringEngine(final Rulebook rulebook, final int maxPlayers, final int maxTreasure)
    {
        r = new RuleParams(rulebook);
        players = new ReferencePlayers(maxPlayers, r.clueRapidCount, r.treasureComboCount);
        finders = new TreasureFinders(maxTreasure, 3);
    }

    /** Bytes of engine state per player (state arrays plus id index). */
    public long bytesPerPlayer()
    {
        return players.bytesPerPlayer();
    }

    /**
     * Prefetch, phase 1 of 2: loads the id index slot of a later event's player. Called for a
     * group of upcoming events before they are scored, so their cache misses overlap instead of
     * being paid one after another. Reads only; results feed a sink so the loads stay.
     */
    public void prefetchIndex(final long playerId)
    {
        prefetchSink += players.index.peek(playerId);
    }

    /** Prefetch, phase 2 of 2: loads the player record that phase 1's slot points at, if any. */
    public void prefetchRecord(final long playerId)
    {
        final int entry = players.index.peek(playerId);
        if (entry != 0)
        {
            prefetchSink += players.state[players.base(entry - 1) + ReferencePlayers.TOTAL];
        }
    }

    /**
     * The id of the player with this handle. Written once, before the first slot naming the
     * handle leaves this stage, never again: later stages may read it from their threads.
     */
    public long playerId(final int handle)
    {
        return players.id(handle);
    }

    /** @return the board handle of a player with an accepted event, or -1. */
    public int handleOf(final long playerId)
    {
        return players.index.get(playerId);
    }

    public int playerCount()
    {
        return players.index.size();
    }

    /** Scores {@code e}, received as event number {@code ordinal}, into {@code out}. */
    public void score(final GameEvent e, final long ordinal, final Score out)
    {
        out.clear();
        if (e.error != ErrorCode.NONE)
        {
            out.reject(e.error);
            return;
        }
        if (e.type == EventType.MATCH_EVENT)
        {
            scoreMatchEvent(e, out);
            return;
        }

        int h = players.index.get(e.player);
        final boolean isNew = h < 0;
        if (!isNew && e.seq <= players.state[players.base(h) + ReferencePlayers.LAST_SEQ])
        {
            out.status = Score.DUPLICATE;
            return;
        }
        if (isNew)
        {
            if (players.isFull())
            {
                out.reject(ErrorCode.OVERFLOW); // player table full: see README "Capacity"
                return;
            }
            h = players.index.size(); // the next handle reads as a fresh player's state
        }
        scorePlayerEvent(e, h, isNew, ordinal, out);
    }

    private void scoreMatchEvent(final GameEvent e, final Score out)
    {
        if (e.seq <= matchLastSeq)
        {
            out.status = Score.DUPLICATE;
            return;
        }
        matchLastSeq = e.seq;
        final long ts = e.ts;
        switch (e.kind)
        {
            case GameEvent.MatchKind.GOAL:
                goldenFrom = ts;
                goldenUntil = ts + r.goldenWindowMs;
                out.rules = bit(40);
                break;
            case GameEvent.MatchKind.PENALTY_SAVED:
                boostFrom = ts;
                boostUntil = ts + r.boostWindowMs;
                out.rules = bit(41);
                break;
            case GameEvent.MatchKind.HALF_TIME:
                halftimeFrom = ts;
                halftimeUntil = ts + r.halftimeWindowMs;
                out.rules = bit(30);
                break;
            default:
                break;
        }
        out.status = Score.OK;
    }

    private void scorePlayerEvent(final GameEvent e, final int h, final boolean isNew, final long ordinal, final Score out)
    {
        final long[] st = players.state;
        final int b = players.base(h);
        final long ts = e.ts;
        checked.reset();
        positive = 0;
        negative = 0;
        shieldable = 0;
        rules = 0;

        final long small = st[b + ReferencePlayers.SMALL];
        final byte flags = (byte)ReferencePlayers.field(small, ReferencePlayers.FLAGS_SHIFT, 8);
        final boolean joined = (flags & JOINED) != 0;

        // Step 1: day roll-over, on locals.
        final int day = (int)(ts / DAY_MS);
        final long dayPacked = st[b + ReferencePlayers.DAY];
        final boolean roll = isNew || day > ReferencePlayers.hi(dayPacked);
        final int dayPoints = roll ? 0 : ReferencePlayers.lo(dayPacked);
        final int shares = roll ? 0 : ReferencePlayers.field(small, ReferencePlayers.SHARES_SHIFT, 8);
        final int whatsappShares = roll ? 0 : ReferencePlayers.field(small, ReferencePlayers.WHATSAPP_SHIFT, 8);
        final boolean dayFirstDone = !roll && (flags & DAY_FIRST_DONE) != 0;
        boolean newDayFirstDone = dayFirstDone;
        if (!dayFirstDone && r.dailyFirstOn(e.type))
        {
            award(2, r.dailyFirstPoints);
            newDayFirstDone = true;
        }

        // Steps 2-3: counters and awards per type; the commit step below writes what they decided.
        final long lengths = st[b + ReferencePlayers.WINDOW_LENGTHS];
        long doubleFrom = st[b + ReferencePlayers.DOUBLE_FROM];
        int doubleLength = ReferencePlayers.hi(lengths);
        long shieldFrom = st[b + ReferencePlayers.SHIELD_FROM];
        int shieldLength = ReferencePlayers.lo(lengths);
        long freezeFrom = st[b + ReferencePlayers.FREEZE_FROM];
        int newShares = shares;
        int newWhatsapp = whatsappShares;
        int place = 0;
        boolean historyCleared = false;
        boolean finalDone = false;

        switch (e.type)
        {
            case EventType.JOIN:
                if (!joined)
                {
                    award(1, r.joinPoints);
                }
                break;
            case EventType.CLUE_SOLVED:
            {
                final long clues = st[b + ReferencePlayers.CLUES];
                final int clueCount = ReferencePlayers.hi(clues) + 1;
                final int cleanStreak = e.hints == 0 ? ReferencePlayers.lo(clues) + 1 : 0;
                award(3, r.clueBasePoints);
                if (e.hints == 0)
                {
                    award(4, r.cleanPoints);
                }
                award(5, checked.multiply(r.speedPoints, Math.max(0, r.speedWindowMs - e.solveMs)) / r.speedWindowMs);
                if (e.solveMs >= r.slowSolveMs)
                {
                    award(6, r.slowSolvePoints);
                }
                awardShieldable(7, checked.multiply(r.hintTaxPoints, e.hints), r.hintTaxShieldable);
                if (cleanStreak > 0 && cleanStreak % r.cleanStreakEvery == 0)
                {
                    award(8, r.cleanStreakEveryPoints);
                }
                if (cleanStreak == r.cleanStreakReach)
                {
                    award(9, r.cleanStreakReachPoints);
                }
                final long span = players.clueTimes.spanAfterPush(b, ts);
                if (span != ReferenceTimeHistory.NOT_FULL && span <= r.clueRapidSpanMs)
                {
                    award(10, r.clueRapidPoints);
                    historyCleared = true;
                }
                milestone(11, clueCount, r.clueMilestone1, r.clueMilestone1Points);
                milestone(12, clueCount, r.clueMilestone2, r.clueMilestone2Points);
                break;
            }
            case EventType.HINT_USED:
                awardShieldable(37, r.hintPenaltyPoints, r.hintPenaltyShieldable);
                break;
            case EventType.TREASURE_FOUND:
            {
                final int treasureCount = ReferencePlayers.hi(st[b + ReferencePlayers.TREASURES_QUIZ]) + 1;
                final long zoneMask = st[b + ReferencePlayers.ZONE_MASK];
                final long zoneBit = 1L << (e.zone - 1);
                final boolean newZone = (zoneMask & zoneBit) == 0;
                place = finders.placeFor(e.treasure, h);
                award(13, r.treasureBasePoints);
                award(14, checked.multiply(r.rarityPoints, e.rarity));
                if (e.rarity == r.legendaryRarity)
                {
                    award(15, r.legendaryPoints);
                }
                if (place > 0)
                {
                    award(16, r.finderPoints[place - 1]);
                }
                if (newZone)
                {
                    award(17, r.newZonePoints);
                    if (Long.bitCount(zoneMask | zoneBit) == r.zoneMasterZones)
                    {
                        award(18, r.zoneMasterPoints);
                    }
                }
                final long span = players.treasureTimes.spanAfterPush(b, ts);
                if (span != ReferenceTimeHistory.NOT_FULL && span <= r.treasureComboSpanMs)
                {
                    award(19, r.treasureComboPoints);
                    historyCleared = true;
                }
                milestone(20, treasureCount, r.treasureMilestone1, r.treasureMilestone1Points);
                milestone(21, treasureCount, r.treasureMilestone2, r.treasureMilestone2Points);
                if (e.rarity == r.legendaryGoldenRarity && covers(goldenFrom, goldenUntil, ts))
                {
                    award(42, r.legendaryGoldenPoints);
                }
                break;
            }
            case EventType.CHECKPOINT:
                award(22, r.checkpointPoints);
                if (e.checkpoint == ReferencePlayers.field(small, ReferencePlayers.CHECKPOINT_SHIFT, 8) + 1)
                {
                    award(23, r.inOrderPoints);
                }
                if (e.checkpoint == r.finalCheckpoint && (flags & FINAL_DONE) == 0)
                {
                    award(24, r.finalPoints);
                    finalDone = true;
                }
                final long sinceJoin = ts - st[b + ReferencePlayers.JOIN_TS];
                if (joined && sinceJoin >= 0 && sinceJoin <= r.sprintWindowMs)
                {
                    award(25, r.sprintPoints);
                }
                break;
            case EventType.QUIZ_ANSWER:
                if (e.correct)
                {
                    award(26, r.quizCorrectPoints);
                    if (e.answerMs <= r.quizQuickMs)
                    {
                        award(27, r.quizQuickPoints);
                    }
                    if ((ReferencePlayers.hi(st[b + ReferencePlayers.QUIZ_PREDICTIONS]) + 1) % r.quizStreakEvery == 0)
                    {
                        award(29, r.quizStreakPoints);
                    }
                    if (covers(halftimeFrom, halftimeUntil, ts))
                    {
                        award(30, r.halftimePoints);
                    }
                    milestone(31, ReferencePlayers.lo(st[b + ReferencePlayers.TREASURES_QUIZ]) + 1, r.quizMilestone, r.quizMilestonePoints);
                }
                else
                {
                    awardShieldable(28, r.quizWrongPoints, r.quizWrongShieldable);
                }
                break;
            case EventType.PREDICTION_WON:
                award(32, checked.multiply(e.stake, e.odds) / r.payoutDivisor);
                if (e.odds >= r.longshotOdds)
                {
                    award(33, r.longshotPoints);
                }
                milestone(34, ReferencePlayers.lo(st[b + ReferencePlayers.QUIZ_PREDICTIONS]) + 1, r.hatTrickCount, r.hatTrickPoints);
                break;
            case EventType.SHARE:
                if (shares < r.shareLimit)
                {
                    award(35, r.sharePoints);
                    newShares = shares + 1;
                }
                if (e.channel == r.shareChannel && whatsappShares < r.shareChannelLimit)
                {
                    award(36, r.shareChannelPoints);
                    newWhatsapp = whatsappShares + 1;
                }
                break;
            case EventType.POWERUP:
                if (e.kind == GameEvent.PowerupKind.DOUBLE)
                {
                    doubleFrom = ts;
                    doubleLength = e.durationMs;
                    rules |= bit(43);
                }
                else
                {
                    shieldFrom = ts;
                    shieldLength = e.durationMs;
                    rules |= bit(44);
                }
                break;
            case EventType.CHEAT_FLAG:
                award(38, checked.multiply(r.cheatPoints, e.severity));
                if (e.severity == r.freezeSeverity)
                {
                    freezeFrom = ts;
                    rules |= bit(39);
                }
                break;
            default:
                throw new IllegalStateException("unscored event type " + e.type); // parser guarantees a type
        }

        // Step 4: modifiers on P and N, in GAME.md order.
        long p = positive;
        long n = negative;
        if (shieldable != 0)
        {
            if (within(shieldFrom, shieldLength, ts))
            {
                rules |= bit(44);
            }
            else
            {
                n = checked.add(n, shieldable);
            }
        }
        if (p > 0 && within(freezeFrom, r.freezeWindowMs, ts))
        {
            p = 0;
            rules |= bit(39);
        }
        p = multiplier(40, p, covers(goldenFrom, goldenUntil, ts), r.goldenPercent);
        p = multiplier(41, p, covers(boostFrom, boostUntil, ts), r.boostPercent);
        p = multiplier(43, p, within(doubleFrom, doubleLength, ts), r.doublePercent);
        if (p > r.eventCap)
        {
            p = r.eventCap;
            rules |= bit(45);
        }
        final long dayAllowance = Math.max(0, r.dailyCap - dayPoints);
        if (p > dayAllowance)
        {
            p = dayAllowance;
            rules |= bit(46);
        }

        // Step 5.
        final long delta = checked.add(p, n);
        final long total = checked.add(st[b + ReferencePlayers.TOTAL], delta);
        final int team = e.team;
        final long teamTotalAfter = checked.add(teamTotal[team], delta);
        if (checked.overflowed())
        {
            out.reject(ErrorCode.OVERFLOW);
            return;
        }
        if (delta != 0)
        {
            rules |= bit(47);
        }

        // Commit: from here on nothing can fail.
        if (isNew)
        {
            players.index.add(e.player);
        }
        st[b + ReferencePlayers.LAST_SEQ] = e.seq;
        st[b + ReferencePlayers.TOTAL] = total;
        st[b + ReferencePlayers.DAY] = ReferencePlayers.pack(roll ? day : ReferencePlayers.hi(dayPacked), (int)(dayPoints + p));
        st[b + ReferencePlayers.DOUBLE_FROM] = doubleFrom;
        st[b + ReferencePlayers.SHIELD_FROM] = shieldFrom;
        st[b + ReferencePlayers.FREEZE_FROM] = freezeFrom;
        st[b + ReferencePlayers.WINDOW_LENGTHS] = ReferencePlayers.pack(doubleLength, shieldLength);
        int newFlags = newDayFirstDone ? flags | DAY_FIRST_DONE : flags & ~DAY_FIRST_DONE;
        int lastCheckpoint = ReferencePlayers.field(small, ReferencePlayers.CHECKPOINT_SHIFT, 8);
        switch (e.type)
        {
            case EventType.JOIN:
                if (!joined)
                {
                    newFlags |= JOINED;
                    st[b + ReferencePlayers.JOIN_TS] = ts;
                }
                break;
            case EventType.CLUE_SOLVED:
            {
                final long clues = st[b + ReferencePlayers.CLUES];
                st[b + ReferencePlayers.CLUES] = ReferencePlayers.pack(ReferencePlayers.hi(clues) + 1, e.hints == 0 ? ReferencePlayers.lo(clues) + 1 : 0);
                commitHistory(players.clueTimes, b, ts, historyCleared);
                break;
            }
            case EventType.HINT_USED:
                st[b + ReferencePlayers.CLUES] = ReferencePlayers.pack(ReferencePlayers.hi(st[b + ReferencePlayers.CLUES]), 0);
                break;
            case EventType.TREASURE_FOUND:
                st[b + ReferencePlayers.TREASURES_QUIZ] += 1L << 32;
                st[b + ReferencePlayers.ZONE_MASK] |= 1L << (e.zone - 1);
                commitHistory(players.treasureTimes, b, ts, historyCleared);
                if (place > 0)
                {
                    finders.take(e.treasure, h, place, ordinal);
                }
                break;
            case EventType.CHECKPOINT:
                lastCheckpoint = Math.max(lastCheckpoint, e.checkpoint);
                if (finalDone)
                {
                    newFlags |= FINAL_DONE;
                }
                break;
            case EventType.QUIZ_ANSWER:
            {
                final long quiz = st[b + ReferencePlayers.QUIZ_PREDICTIONS];
                if (e.correct)
                {
                    st[b + ReferencePlayers.TREASURES_QUIZ] += 1;
                    st[b + ReferencePlayers.QUIZ_PREDICTIONS] = ReferencePlayers.pack(ReferencePlayers.hi(quiz) + 1, ReferencePlayers.lo(quiz));
                }
                else
                {
                    st[b + ReferencePlayers.QUIZ_PREDICTIONS] = ReferencePlayers.pack(0, ReferencePlayers.lo(quiz));
                }
                break;
            }
            case EventType.PREDICTION_WON:
            {
                final long quiz = st[b + ReferencePlayers.QUIZ_PREDICTIONS];
                st[b + ReferencePlayers.QUIZ_PREDICTIONS] = ReferencePlayers.pack(ReferencePlayers.hi(quiz), ReferencePlayers.lo(quiz) + 1);
                break;
            }
            default:
                break;
        }
        // History pushes above wrote their lengths into SMALL: re-read it before packing the rest.
        long packed = st[b + ReferencePlayers.SMALL];
        packed = ReferencePlayers.withField(packed, ReferencePlayers.TEAM_SHIFT, 16, team);
        packed = ReferencePlayers.withField(packed, ReferencePlayers.CHECKPOINT_SHIFT, 8, lastCheckpoint);
        packed = ReferencePlayers.withField(packed, ReferencePlayers.SHARES_SHIFT, 8, newShares);
        packed = ReferencePlayers.withField(packed, ReferencePlayers.WHATSAPP_SHIFT, 8, newWhatsapp);
        packed = ReferencePlayers.withField(packed, ReferencePlayers.FLAGS_SHIFT, 8, newFlags);
        st[b + ReferencePlayers.SMALL] = packed;
        teamTotal[team] = teamTotalAfter;

        out.status = Score.OK;
        out.delta = delta;
        out.total = total;
        out.rules = rules;
        out.playerHandle = h;
        out.playerMoved = isNew || delta != 0;
        out.playerReachedAt = ordinal;
        out.team = team;
        out.teamTotal = teamTotalAfter;
        out.teamMoved = !teamSeen[team] || delta != 0;
        out.teamReachedAt = ordinal;
        teamSeen[team] = true;
    }

    private void award(final int rule, final long points)
    {
        if (points > 0)
        {
            positive = checked.add(positive, points);
            rules |= bit(rule);
        }
        else if (points < 0)
        {
            negative = checked.add(negative, points);
            rules |= bit(rule);
        }
    }

    private void awardShieldable(final int rule, final long points, final boolean isShieldable)
    {
        if (points < 0 && isShieldable)
        {
            shieldable = checked.add(shieldable, points);
            rules |= bit(rule);
        }
        else
        {
            award(rule, points);
        }
    }

    private void milestone(final int rule, final int count, final int target, final long points)
    {
        if (count == target)
        {
            award(rule, points);
        }
    }

    private long multiplier(final int rule, final long p, final boolean covered, final long percent)
    {
        if (!covered || p <= 0)
        {
            return p;
        }
        final long result = checked.multiply(p, percent) / 100;
        if (result != p)
        {
            rules |= bit(rule);
        }
        return result;
    }

    private static void commitHistory(final ReferenceTimeHistory history, final int base, final long ts, final boolean cleared)
    {
        if (cleared)
        {
            history.clear(base);
        }
        else
        {
            history.push(base, ts);
        }
    }

    private static boolean covers(final long from, final long until, final long ts)
    {
        return from <= ts && ts < until;
    }

    private static boolean within(final long from, final long length, final long ts)
    {
        return from <= ts && ts - from < length;
    }

    static long bit(final int rule)
    {
        return 1L << (rule - 1);
    }
}
