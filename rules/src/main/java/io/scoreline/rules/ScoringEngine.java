package io.scoreline.rules;

/**
 * GAME.md sections 2-4: scores one parsed event against the state, with the numbers of a
 * {@link Rulebook}. Single-threaded (the score stage owns it) and allocation-free.
 *
 * <p>Player state is bit-packed, one record per player ({@link RecordLayout}, derived from the
 * rulebook); the rules read and write it through the layout's fields.
 *
 * <p>Fail closed: steps 1-4 run on locals and scratch fields; state is written only in the
 * commit step, after every checked operation passed, so an overflow changes nothing.
 */
public final class ScoringEngine
{
    private static final long DAY_MS = RecordLayout.DAY_MS;
    private static final int TEAMS = 65_536;
    private static final int RESTORE_CHUNK = 1 << 20;
    /** A match-feed window that covers nothing: from = MAX so {@code from <= ts} never holds. */
    private static final long EMPTY = Long.MAX_VALUE;
    /** GAME.md section 7: a void reaches back at most this many ordinals. */
    public static final long DEFAULT_VOID_REACH = 4_000_000;

    private final RuleParams r;
    private final RecordLayout layout;
    private final Players players;
    private final TimeHistory clueTimes;
    private final TimeHistory treasureTimes;
    private final TreasureFinders finders;
    private final long[] teamTotal = new long[TEAMS];
    private final boolean[] teamSeen = new boolean[TEAMS];
    /** GAME.md section 6 per team: the ordinal of its latest total change (or first naming). For snapshots. */
    private final long[] teamReachedAt = new long[TEAMS];
    private final ChunkedCopy recordCopy;
    private final ChunkedCopy finderCopy;
    /** A snapshot capture may be running: writes go through the copy-on-write guards. */
    private boolean capturing;
    /** Players {@link #restore} read, for {@link #rebuildIndex}. */
    private int restoredPlayers;
    private final Checked checked = new Checked();
    /** GAME.md section 7: accepted match events (a void's possible targets) and what accepted voids decided. */
    private final MatchFeed feed = new MatchFeed();
    private final VoidOverrides overrides = new VoidOverrides();
    private long voidReach = DEFAULT_VOID_REACH;

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

    public ScoringEngine(final Rulebook rulebook, final int maxPlayers, final int maxTreasure)
    {
        this(rulebook, maxPlayers, maxTreasure, EngineCapture.CHUNK_BYTES);
    }

    /** @param snapshotChunkBytes copy-on-write granularity of a snapshot capture (tests use small ones). */
    public ScoringEngine(final Rulebook rulebook, final int maxPlayers, final int maxTreasure, final int snapshotChunkBytes)
    {
        r = new RuleParams(rulebook);
        layout = new RecordLayout(r);
        players = new Players(maxPlayers, layout);
        clueTimes = new TimeHistory(layout.clueNewest, layout.clueOffsets, r.clueRapidSpanMs);
        treasureTimes = new TimeHistory(layout.treasureNewest, layout.treasureOffsets, r.treasureComboSpanMs);
        finders = new TreasureFinders(maxTreasure, 3);
        recordCopy = new ChunkedCopy(players.records, players.records.length, layout.bytes, snapshotChunkBytes, byte[]::new);
        finderCopy = new ChunkedCopy(finders.finders, finders.finders.length, 1, snapshotChunkBytes / Integer.BYTES, int[]::new);
    }

    /** Bytes of engine state per player (the record plus the id index), for the capacity given. */
    public double bytesPerPlayer()
    {
        return players.bytesPerPlayer();
    }

    /** The record layout, for the start-up log and the bench: bytes and bits per field. */
    public String layout()
    {
        return layout.toString();
    }

    /**
     * Prefetch, phase 1 of 2: loads the id index slots a later event's player lookup starts
     * with. Called for a group of upcoming events before they are scored, so their cache misses
     * overlap instead of being paid one after another. Reads only; results feed a sink so the
     * loads stay.
     */
    public void prefetchIndex(final long playerId)
    {
        prefetchSink += players.index.touch(playerId);
    }

    /**
     * Prefetch, phase 2 of 2: loads every cache line of the record that phase 1's slots point at
     * (found by the index's tag; not confirmed, so rarely a wrong record), if the player exists.
     */
    public void prefetchRecord(final long playerId)
    {
        final int h = players.index.likelyHandle(playerId);
        if (h >= 0)
        {
            prefetchSink += players.touch(h);
        }
    }

    /**
     * Prefetch, phase 2 of 2, knowing the whole event: {@link #prefetchRecord(long)}, and for a
     * {@code treasure_found} also the line of the treasure's finder list (a random line of its own).
     */
    public void prefetchRecord(final GameEvent e)
    {
        prefetchRecord(e.player);
        if (e.type == EventType.TREASURE_FOUND)
        {
            prefetchSink += finders.touch(e.treasure);
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
        return Math.max(players.index.size(), restoredPlayers);
    }

    /** Tests: a shorter reach than GAME.md's 4,000,000 ordinals, so that a test can void beyond it. */
    public void voidReach(final long reach)
    {
        voidReach = reach;
    }

    /**
     * Scores {@code e}, received as event number {@code ordinal}, into {@code out}. A voidable
     * void (GAME.md section 7) commits nothing: it comes back with {@link Score#voidTarget} set,
     * for the caller to re-score (see {@link #addVoid}) and then {@link #applyVoid}.
     */
    public void score(final GameEvent e, final long ordinal, final Score out)
    {
        out.clear();
        if (ordinal <= overrides.last())
        {
            // Only while events are scored again after a void: what earlier voids decided stands.
            final byte action = overrides.at(ordinal);
            if (action == VoidOverrides.REJECT)
            {
                out.reject(ErrorCode.BAD_VOID); // a voided event counts as rejected; a re-scoring's results are not sent
                return;
            }
            if (action == VoidOverrides.FULL_TIME)
            {
                scoreVoidAsFullTime(e, ordinal, out);
                return;
            }
        }
        if (e.error != ErrorCode.NONE)
        {
            out.reject(e.error);
            return;
        }
        if (e.type == EventType.MATCH_EVENT)
        {
            scoreMatchEvent(e, ordinal, out);
            return;
        }

        int h = players.index.get(e.player);
        final boolean known = h >= 0;
        // A handle whose record reads lastSeq 0 is a player a correction left with no accepted event: new again.
        final boolean isNew = !known || layout.lastSeq.get(players.records, players.base(h)) == 0;
        if (!isNew && e.seq <= layout.lastSeq.get(players.records, players.base(h)))
        {
            out.status = Score.DUPLICATE;
            return;
        }
        if (!known)
        {
            if (players.isFull())
            {
                out.reject(ErrorCode.OVERFLOW); // player table full: see README "Capacity"
                return;
            }
            h = players.index.size(); // the next handle: its record is still zeroed, a fresh player's state
        }
        scorePlayerEvent(e, h, isNew, !known, ordinal, out);
    }

    private void scoreMatchEvent(final GameEvent e, final long ordinal, final Score out)
    {
        if (e.seq <= matchLastSeq)
        {
            out.status = Score.DUPLICATE;
            return;
        }
        if (e.kind == GameEvent.MatchKind.VOID)
        {
            final int target = feed.find(e.voids);
            if (target < 0 || feed.kind(target) == GameEvent.MatchKind.VOID || ordinal - feed.ordinal(target) > voidReach)
            {
                out.reject(ErrorCode.BAD_VOID);
                return;
            }
            out.status = Score.OK;
            out.voidTarget = feed.ordinal(target);
            out.voided = e.voids;
            return;
        }
        matchLastSeq = e.seq;
        feed.add(e.seq, ordinal, e.kind, ordinal - voidReach);
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

    /**
     * GAME.md section 7: records that the void at {@code ordinal} takes back the event at {@code target}.
     * From here on, scoring those ordinals again scores the target as rejected and the void as a full_time.
     */
    public void addVoid(final long target, final long ordinal)
    {
        overrides.add(target, VoidOverrides.REJECT);
        overrides.add(ordinal, VoidOverrides.FULL_TIME);
    }

    /**
     * After the re-scoring of everything before {@code ordinal}: the void itself, as a full_time with
     * its seq and ts (it opens no window), kept among the accepted match events as a void.
     */
    public void applyVoid(final GameEvent e, final long ordinal, final Score out)
    {
        matchLastSeq = e.seq;
        feed.add(e.seq, ordinal, GameEvent.MatchKind.VOID, ordinal - voidReach);
        out.status = Score.OK;
        out.voided = e.voids;
    }

    private void scoreVoidAsFullTime(final GameEvent e, final long ordinal, final Score out)
    {
        if (e.seq <= matchLastSeq)
        {
            out.status = Score.DUPLICATE;
            return;
        }
        applyVoid(e, ordinal, out);
    }

    /**
     * Before events are scored again from the start (a void): the state of a fresh engine, but
     * for the voids' overrides and the handles. A player keeps its handle and id (so the board and
     * push, which know players by handle, stay valid); its zeroed record reads as not created
     * until its first accepted event.
     */
    public void resetForCorrection()
    {
        final int count = playerCount();
        if (capturing)
        {
            guardAll(count);
        }
        final byte[] rec = players.records;
        final int idFrom = layout.id.byteOffset;
        final int idTo = idFrom + Long.BYTES; // the id's word holds nothing else (RecordLayout)
        for (int h = 0; h < count; h++)
        {
            // Around the id's word, never through it: the board thread may read ids meanwhile (queries).
            final int b = players.base(h);
            java.util.Arrays.fill(rec, b, b + idFrom, (byte)0);
            java.util.Arrays.fill(rec, b + idTo, b + layout.bytes, (byte)0);
        }
        java.util.Arrays.fill(finders.finders, 0);
        java.util.Arrays.fill(teamTotal, 0);
        java.util.Arrays.fill(teamSeen, false);
        java.util.Arrays.fill(teamReachedAt, 0);
        matchLastSeq = 0;
        goldenFrom = EMPTY;
        goldenUntil = 0;
        boostFrom = EMPTY;
        boostUntil = 0;
        halftimeFrom = EMPTY;
        halftimeUntil = 0;
        feed.clear();
    }

    /** A capture under way keeps the state as it was: every chunk copied before the reset writes. */
    private void guardAll(final int count)
    {
        recordCopy.beforeWrite(0, count * layout.bytes);
        finderCopy.beforeWrite(0, finders.finders.length);
        capturing = recordCopy.isActive() || finderCopy.isActive();
    }

    /** Whether the player with this handle has an accepted event (a correction can leave a handle without). */
    public boolean hasPlayer(final int handle)
    {
        return layout.lastSeq.get(players.records, players.base(handle)) != 0;
    }

    /** A player's reachedAt (GAME.md section 6). */
    public long reachedAtOf(final int handle)
    {
        return layout.reachedAt.get(players.records, players.base(handle));
    }

    private void scorePlayerEvent(
        final GameEvent e, final int h, final boolean isNew, final boolean create, final long ordinal, final Score out)
    {
        final byte[] rec = players.records;
        final RecordLayout f = layout;
        final int b = players.base(h);
        final long ts = e.ts;
        checked.reset();
        positive = 0;
        negative = 0;
        shieldable = 0;
        rules = 0;

        final long joinTs = f.joinTs.get(rec, b); // ts + 1, 0 = not joined
        final boolean joined = joinTs != 0;

        // Step 1: day roll-over, on locals.
        final long day = ts / DAY_MS;
        final boolean roll = isNew || day > f.day.get(rec, b);
        final long dayPoints = roll ? 0 : f.dayPoints.get(rec, b);
        final long shares = roll ? 0 : f.shares.get(rec, b);
        final long channelShares = roll ? 0 : f.channelShares.get(rec, b);
        final boolean dayFirstDone = !roll && f.dayFirstDone.get(rec, b) != 0;
        boolean newDayFirstDone = dayFirstDone;
        if (!dayFirstDone && r.dailyFirstOn(e.type))
        {
            award(2, r.dailyFirstPoints);
            newDayFirstDone = true;
        }

        // Steps 2-3: counters and awards per type; the commit step below writes what they decided.
        // Window starts are stored as ts + 1 (0 = empty).
        long doubleFrom = f.doubleFrom.get(rec, b);
        long doubleLength = f.doubleLength.get(rec, b);
        long shieldFrom = f.shieldFrom.get(rec, b);
        long shieldLength = f.shieldLength.get(rec, b);
        long freezeFrom = f.freezeFrom.get(rec, b);
        long newShares = shares;
        long newChannelShares = channelShares;
        long count = 0; // the type's milestone counter after this event, as stored
        long streak = 0; // the type's streak after this event, as stored
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
                count = RecordLayout.saturatingIncrement(f.clueCount.get(rec, b), f.clueCountCap);
                streak = e.hints == 0 ? f.nextCleanStreak(f.cleanStreak.get(rec, b)) : 0;
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
                if (streak > 0 && streak % r.cleanStreakEvery == 0)
                {
                    award(8, r.cleanStreakEveryPoints);
                }
                if (streak == r.cleanStreakReach)
                {
                    award(9, r.cleanStreakReachPoints);
                }
                final long span = clueTimes.prepare(rec, b, ts);
                if (span != TimeHistory.NOT_FULL && span <= r.clueRapidSpanMs)
                {
                    award(10, r.clueRapidPoints);
                    historyCleared = true;
                }
                milestone(11, count, r.clueMilestone1, r.clueMilestone1Points);
                milestone(12, count, r.clueMilestone2, r.clueMilestone2Points);
                break;
            }
            case EventType.HINT_USED:
                awardShieldable(37, r.hintPenaltyPoints, r.hintPenaltyShieldable);
                break;
            case EventType.TREASURE_FOUND:
            {
                count = RecordLayout.saturatingIncrement(f.treasureCount.get(rec, b), f.treasureCountCap);
                final long zoneMask = f.zoneMask.get(rec, b);
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
                final long span = treasureTimes.prepare(rec, b, ts);
                if (span != TimeHistory.NOT_FULL && span <= r.treasureComboSpanMs)
                {
                    award(19, r.treasureComboPoints);
                    historyCleared = true;
                }
                milestone(20, count, r.treasureMilestone1, r.treasureMilestone1Points);
                milestone(21, count, r.treasureMilestone2, r.treasureMilestone2Points);
                if (e.rarity == r.legendaryGoldenRarity && covers(goldenFrom, goldenUntil, ts))
                {
                    award(42, r.legendaryGoldenPoints);
                }
                break;
            }
            case EventType.CHECKPOINT:
            {
                award(22, r.checkpointPoints);
                if (e.checkpoint == f.lastCheckpoint.get(rec, b) + 1)
                {
                    award(23, r.inOrderPoints);
                }
                if (e.checkpoint == r.finalCheckpoint && f.finalDone.get(rec, b) == 0)
                {
                    award(24, r.finalPoints);
                    finalDone = true;
                }
                final long sinceJoin = ts - (joinTs - 1);
                if (joined && sinceJoin >= 0 && sinceJoin <= r.sprintWindowMs)
                {
                    award(25, r.sprintPoints);
                }
                break;
            }
            case EventType.QUIZ_ANSWER:
                if (e.correct)
                {
                    count = RecordLayout.saturatingIncrement(f.quizCorrect.get(rec, b), f.quizCorrectCap);
                    streak = f.nextQuizStreak(f.quizStreak.get(rec, b));
                    award(26, r.quizCorrectPoints);
                    if (e.answerMs <= r.quizQuickMs)
                    {
                        award(27, r.quizQuickPoints);
                    }
                    if (streak == 0)
                    {
                        award(29, r.quizStreakPoints);
                    }
                    if (covers(halftimeFrom, halftimeUntil, ts))
                    {
                        award(30, r.halftimePoints);
                    }
                    milestone(31, count, r.quizMilestone, r.quizMilestonePoints);
                }
                else
                {
                    awardShieldable(28, r.quizWrongPoints, r.quizWrongShieldable);
                }
                break;
            case EventType.PREDICTION_WON:
                count = RecordLayout.saturatingIncrement(f.predictions.get(rec, b), f.predictionsCap);
                award(32, checked.multiply(e.stake, e.odds) / r.payoutDivisor);
                if (e.odds >= r.longshotOdds)
                {
                    award(33, r.longshotPoints);
                }
                milestone(34, count, r.hatTrickCount, r.hatTrickPoints);
                break;
            case EventType.SHARE:
                if (shares < r.shareLimit)
                {
                    award(35, r.sharePoints);
                    newShares = shares + 1;
                }
                if (e.channel == r.shareChannel && channelShares < r.shareChannelLimit)
                {
                    award(36, r.shareChannelPoints);
                    newChannelShares = channelShares + 1;
                }
                break;
            case EventType.POWERUP:
                if (e.kind == GameEvent.PowerupKind.DOUBLE)
                {
                    doubleFrom = ts + 1;
                    doubleLength = e.durationMs;
                    rules |= bit(43);
                }
                else
                {
                    shieldFrom = ts + 1;
                    shieldLength = e.durationMs;
                    rules |= bit(44);
                }
                break;
            case EventType.CHEAT_FLAG:
                award(38, checked.multiply(r.cheatPoints, e.severity));
                if (e.severity == r.freezeSeverity)
                {
                    freezeFrom = ts + 1;
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
        final long previousTotal = f.total.get(rec, b);
        final long total = checked.add(previousTotal, delta);
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
        if (capturing)
        {
            guardWrites(b, place > 0 ? finders.slotOf(e.treasure, place) : -1);
        }
        final boolean playerMoved = isNew || delta != 0;
        final long previousReachedAt = f.reachedAt.get(rec, b);
        if (playerMoved)
        {
            f.reachedAt.set(rec, b, ordinal);
        }
        if (create)
        {
            players.create(e.player);
        }
        f.lastSeq.set(rec, b, e.seq);
        f.total.set(rec, b, total);
        if (roll)
        {
            f.day.set(rec, b, day);
        }
        f.dayPoints.set(rec, b, dayPoints + p);
        f.dayFirstDone.set(rec, b, newDayFirstDone ? 1 : 0);
        f.shares.set(rec, b, newShares);
        f.channelShares.set(rec, b, newChannelShares);
        switch (e.type)
        {
            case EventType.JOIN:
                if (!joined)
                {
                    f.joinTs.set(rec, b, ts + 1);
                }
                break;
            case EventType.CLUE_SOLVED:
                f.clueCount.set(rec, b, count);
                f.cleanStreak.set(rec, b, streak);
                commitHistory(clueTimes, rec, b, ts, historyCleared);
                break;
            case EventType.HINT_USED:
                f.cleanStreak.set(rec, b, 0);
                break;
            case EventType.TREASURE_FOUND:
                f.treasureCount.set(rec, b, count);
                f.zoneMask.set(rec, b, f.zoneMask.get(rec, b) | 1L << (e.zone - 1));
                commitHistory(treasureTimes, rec, b, ts, historyCleared);
                if (place > 0)
                {
                    finders.take(e.treasure, h, place);
                }
                break;
            case EventType.CHECKPOINT:
                f.lastCheckpoint.set(rec, b, Math.max(f.lastCheckpoint.get(rec, b), e.checkpoint));
                if (finalDone)
                {
                    f.finalDone.set(rec, b, 1);
                }
                break;
            case EventType.QUIZ_ANSWER:
                if (e.correct)
                {
                    f.quizCorrect.set(rec, b, count);
                }
                f.quizStreak.set(rec, b, streak); // 0 after a wrong answer
                break;
            case EventType.PREDICTION_WON:
                f.predictions.set(rec, b, count);
                break;
            case EventType.POWERUP:
                f.doubleFrom.set(rec, b, doubleFrom);
                f.doubleLength.set(rec, b, doubleLength);
                f.shieldFrom.set(rec, b, shieldFrom);
                f.shieldLength.set(rec, b, shieldLength);
                break;
            case EventType.CHEAT_FLAG:
                f.freezeFrom.set(rec, b, freezeFrom);
                break;
            default:
                break;
        }
        teamTotal[team] = teamTotalAfter;

        out.status = Score.OK;
        out.delta = delta;
        out.total = total;
        out.rules = rules;
        out.playerHandle = h;
        out.playerMoved = playerMoved;
        out.playerReachedAt = ordinal;
        out.playerWasOnBoard = !isNew;
        out.playerPreviousTotal = previousTotal;
        out.playerPreviousReachedAt = previousReachedAt;
        out.team = team;
        out.teamTotal = teamTotalAfter;
        out.teamMoved = !teamSeen[team] || delta != 0;
        out.teamReachedAt = ordinal;
        if (out.teamMoved)
        {
            teamReachedAt[team] = ordinal;
        }
        teamSeen[team] = true;
    }

    /** Copy on write while a capture runs: the record at {@code base}, and a finder slot (or -1). */
    private void guardWrites(final int base, final int finderSlot)
    {
        recordCopy.beforeWrite(base, base + layout.bytes);
        if (finderSlot >= 0)
        {
            finderCopy.beforeWrite(finderSlot, finderSlot + 1);
        }
        capturing = recordCopy.isActive() || finderCopy.isActive();
    }

    /**
     * Score stage, between two events: captures the whole state as it is now into {@code capture}
     * (see {@link EngineCapture}). Copies only the team table and the match-feed windows here;
     * records and finders are copied on write by chunk while the capture's owner copies the rest.
     *
     * @return false if the capture has too few chunks reserved for the players there are now
     *         (nothing captured; reserve more and ask again).
     */
    public boolean capture(final EngineCapture capture, final long ordinal)
    {
        final int count = players.index.size();
        if (!recordCopy.canArm(count * layout.bytes) || !finderCopy.canArm(finders.finders.length))
        {
            return false;
        }
        recordCopy.arm(count * layout.bytes);
        finderCopy.arm(finders.finders.length);
        capture.playerCount = count;
        capture.ordinal = ordinal;
        System.arraycopy(teamTotal, 0, capture.teamTotal, 0, TEAMS);
        System.arraycopy(teamSeen, 0, capture.teamSeen, 0, TEAMS);
        System.arraycopy(teamReachedAt, 0, capture.teamReachedAt, 0, TEAMS);
        capture.globals[0] = matchLastSeq;
        capture.globals[1] = goldenFrom;
        capture.globals[2] = goldenUntil;
        capture.globals[3] = boostFrom;
        capture.globals[4] = boostUntil;
        capture.globals[5] = halftimeFrom;
        capture.globals[6] = halftimeUntil;
        capture.captureVoids(feed, overrides);
        capturing = true;
        return true;
    }

    /** A capture bound to this engine, for the thread that writes snapshots (it allocates there). */
    public EngineCapture newCapture()
    {
        return new EngineCapture(layout, recordCopy, finderCopy, TEAMS);
    }

    /**
     * Loads a state written by {@link EngineCapture#writeEngine} into this fresh engine (no event
     * scored yet), before the stages start: records, finders, teams, windows. The id index is
     * rebuilt apart, by {@link #rebuildIndex} (which may run while the boards are rebuilt).
     *
     * @throws IOException if the data is short or does not fit this engine.
     */
    public void restore(final java.io.DataInput in) throws java.io.IOException
    {
        if (players.index.size() != 0)
        {
            throw new IllegalStateException("restore needs a fresh engine");
        }
        final int stride = in.readInt();
        final int count = in.readInt();
        if (stride != layout.bytes || count < 0 || count > players.index.capacity())
        {
            throw new java.io.IOException("engine image of " + count + " players x " + stride +
                " bytes does not fit " + players.index.capacity() + " x " + layout.bytes);
        }
        final int length = count * stride;
        for (int at = 0; at < length; at += RESTORE_CHUNK)
        {
            // In chunks: a FileInputStream under one huge read would malloc and first-touch a native buffer as large.
            in.readFully(players.records, at, Math.min(RESTORE_CHUNK, length - at));
        }
        restoredPlayers = count;
        final int slots = in.readInt();
        if (slots != finders.finders.length)
        {
            throw new java.io.IOException("engine image has " + slots + " finder slots, this engine " + finders.finders.length);
        }
        final int nonEmpty = in.readInt();
        if (nonEmpty < 0 || nonEmpty > slots)
        {
            throw new java.io.IOException("engine image: " + nonEmpty + " finder entries for " + slots + " slots");
        }
        final java.nio.IntBuffer entries = readInts(in, 2 * nonEmpty); // in bulk: ~1M entries after 10M events
        for (int i = 0; i < nonEmpty; i++)
        {
            final int at = entries.get();
            if (at < 0 || at >= slots)
            {
                throw new java.io.IOException("engine image: finder slot " + at + " out of range");
            }
            finders.finders[at] = entries.get();
        }
        final int teams = in.readInt();
        if (teams < 0 || teams > TEAMS)
        {
            throw new java.io.IOException("engine image: " + teams + " teams");
        }
        final java.nio.ByteBuffer teamBytes = java.nio.ByteBuffer.allocate(teams * 18);
        in.readFully(teamBytes.array());
        for (int i = 0; i < teams; i++)
        {
            final int team = teamBytes.getShort() & 0xFFFF;
            teamSeen[team] = true;
            teamTotal[team] = teamBytes.getLong();
            teamReachedAt[team] = teamBytes.getLong();
        }
        matchLastSeq = in.readLong();
        goldenFrom = in.readLong();
        goldenUntil = in.readLong();
        boostFrom = in.readLong();
        boostUntil = in.readLong();
        halftimeFrom = in.readLong();
        halftimeUntil = in.readLong();
        final int feedSize = in.readInt();
        if (feedSize < 0)
        {
            throw new java.io.IOException("engine image: " + feedSize + " match events");
        }
        for (int i = 0; i < feedSize; i++)
        {
            feed.add(in.readLong(), in.readLong(), in.readByte(), Long.MIN_VALUE);
        }
        final int overrideCount = in.readInt();
        if (overrideCount < 0)
        {
            throw new java.io.IOException("engine image: " + overrideCount + " void overrides");
        }
        for (int i = 0; i < overrideCount; i++)
        {
            overrides.add(in.readLong(), in.readByte());
        }
    }

    private static java.nio.IntBuffer readInts(final java.io.DataInput in, final int count) throws java.io.IOException
    {
        final byte[] bytes = new byte[count * Integer.BYTES];
        in.readFully(bytes);
        return java.nio.ByteBuffer.wrap(bytes).asIntBuffer();
    }

    /**
     * After {@link #restore}: the id index rebuilt from the records' ids in handle order, so it is
     * the very table the live engine had. Reads only the records; nothing else may use the engine meanwhile
     * but {@link #playerId}, {@link #totalOf} and the team getters (the board rebuild).
     *
     * @throws IllegalStateException if the index is not empty or full before every player is in.
     */
    public void rebuildIndex()
    {
        for (int h = 0; h < restoredPlayers; h++)
        {
            if (players.index.add(players.id(h)) != h)
            {
                throw new IllegalStateException("engine image: player index rebuild failed at handle " + h);
            }
        }
    }

    /** A player's total (board rebuild after {@link #restore}). */
    public long totalOf(final int handle)
    {
        return layout.total.get(players.records, players.base(handle));
    }

    /** Whether {@code team} is on the team board, and its total and reachedAt (board rebuild after {@link #restore}). */
    public boolean teamSeen(final int team)
    {
        return teamSeen[team];
    }

    public long teamTotal(final int team)
    {
        return teamTotal[team];
    }

    public long teamReachedAt(final int team)
    {
        return teamReachedAt[team];
    }

    /** The player capacity this engine was built for. */
    public int playerCapacity()
    {
        return players.index.capacity();
    }

    /** Bytes of one player record. */
    public int recordBytes()
    {
        return layout.bytes;
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

    private void milestone(final int rule, final long count, final int target, final long points)
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

    private static void commitHistory(final TimeHistory history, final byte[] records, final int base, final long ts,
        final boolean cleared)
    {
        if (cleared)
        {
            history.clear(records, base);
        }
        else
        {
            history.commitPush(records, base, ts);
        }
    }

    private static boolean covers(final long from, final long until, final long ts)
    {
        return from <= ts && ts < until;
    }

    /** Whether a window stored as (from + 1, length), from + 1 == 0 meaning empty, covers ts. */
    private static boolean within(final long storedFrom, final long length, final long ts)
    {
        final long from = storedFrom - 1;
        return storedFrom != 0 && from <= ts && ts - from < length;
    }

    static long bit(final int rule)
    {
        return 1L << (rule - 1);
    }
}
