package io.scoreline.rules;

import static io.scoreline.rules.RuleId.DAILY_FIRST;
import static io.scoreline.rules.RuleId.TEAM_CREDIT;

/**
 * GAME.md sections 2-4: scores one parsed event against the state, with the numbers of a
 * {@link Rulebook}. Single-threaded (the score stage owns it) and allocation-free.
 *
 * <p>This class holds the state and runs section 3's steps in order; the rules are written the
 * way section 4's table groups them, one small class per event type ({@link ClueRules},
 * {@link TreasureRules}, {@link CheckpointRules}, {@link QuizRules}, {@link PredictionRules},
 * {@link ShareRules}, {@link TriggerRules}), step 4 in {@link Modifiers}, the match feed's
 * windows in {@link MatchState}. All static or final: the JIT inlines them into one compiled
 * scoring path. Rule ids are {@link RuleId}'s names. The snapshot's reading side is
 * {@link EngineImage}, its writing side {@link EngineCapture}.
 *
 * <p>Player state is bit-packed, one record per player ({@link RecordLayout}, derived from the
 * rulebook); the rules read it through the layout's fields and decide into a {@link Tally}.
 *
 * <p>Fail closed: steps 1-4 write only the tally; state is written only in the commit step,
 * after every checked operation passed, so an overflow changes nothing.
 *
 * <p>Over 600 lines because it is the one owner of the engine's state (records, finders, teams,
 * match state, copy-on-write guards) and its public methods are the whole door the stages use:
 * scoring, prefetch, corrections, capture, restore and the board rebuild's reads. Each of those
 * is short; the rules are not here.
 */
public final class ScoringEngine
{
    private static final long DAY_MS = RecordLayout.DAY_MS;
    private static final int TEAMS = 65_536;
    /** GAME.md section 7: a void reaches back at most this many ordinals. */
    public static final long DEFAULT_VOID_REACH = 4_000_000;

    private final RuleParams params;
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
    /** GAME.md section 7: accepted match events (a void's possible targets) and what accepted voids decided. */
    private final MatchFeed feed = new MatchFeed();
    private final VoidOverrides overrides = new VoidOverrides();
    private long voidReach = DEFAULT_VOID_REACH;
    /** GAME.md section 7: what the latest commits overwrote, so that a void rolls back instead of scoring from 0. */
    private UndoLog undo;
    /** GAME.md section 7's walk over the undo log; built at the first void. */
    private SelectiveCorrection selective;

    /** GAME.md section 2's globals: the match feed's lastSeq and windows. */
    private final MatchState match = new MatchState();
    /** The match state's longs, for an undo entry. */
    private final long[] matchScratch = new long[MatchState.LONGS];
    /** What the rules decided for the event being scored, until the commit step. */
    private final Tally tally = new Tally();
    /** The snapshot codec's reading side. */
    private final EngineImage image;
    /** Prefetch loads feed it so that the JIT keeps them. */
    private long prefetchSink;

    public ScoringEngine(final Rulebook rulebook, final int maxPlayers, final int maxTreasure)
    {
        this(rulebook, maxPlayers, maxTreasure, EngineCapture.CHUNK_BYTES);
    }

    /** @param snapshotChunkBytes copy-on-write granularity of a snapshot capture (tests use small ones). */
    public ScoringEngine(final Rulebook rulebook, final int maxPlayers, final int maxTreasure, final int snapshotChunkBytes)
    {
        this(rulebook, maxPlayers, maxTreasure, snapshotChunkBytes, EngineCapture.POOL_BYTES, EngineCapture.FINDER_POOL_BYTES);
    }

    /**
     * @param recordPoolBytes bytes of record chunks a capture may hold saved at once, and
     * @param finderPoolBytes of finder chunks (tests that score while nothing streams give room for all).
     */
    public ScoringEngine(final Rulebook rulebook, final int maxPlayers, final int maxTreasure, final int snapshotChunkBytes,
        final int recordPoolBytes, final int finderPoolBytes)
    {
        params = new RuleParams(rulebook);
        layout = new RecordLayout(params);
        players = new Players(maxPlayers, layout);
        clueTimes = new TimeHistory(layout.clueNewest, layout.clueOffsets, params.clueRapidSpanMs);
        treasureTimes = new TimeHistory(layout.treasureNewest, layout.treasureOffsets, params.treasureComboSpanMs);
        finders = new TreasureFinders(maxTreasure, 3);
        recordCopy = new ChunkedCopy(players.records, players.records.length, layout.bytes, snapshotChunkBytes,
            recordPoolBytes, byte[]::new);
        finderCopy = new ChunkedCopy(finders.finders, finders.finders.length, 1, EngineCapture.FINDER_CHUNK_SLOTS,
            finderPoolBytes / Integer.BYTES, int[]::new);
        image = new EngineImage(players, layout, finders, teamTotal, teamSeen, teamReachedAt, match, feed, overrides);
        undo = new UndoLog(0, layout.bytes, layout.id.byteOffset);
    }

    /**
     * Before any event: keep what the last {@code entries} committed events overwrote (off-heap,
     * allocated and touched now), so that a void whose target is among them rolls back to it and
     * scores only from there (see {@link #rollBack}). 0 keeps nothing.
     */
    public void undoEvents(final long entries)
    {
        undo = new UndoLog(entries, layout.bytes, layout.id.byteOffset);
    }

    /**
     * {@link #undoEvents(long)} in {@code file}, mapped shared (emptied first): only a window
     * around the writer stays resident, kept by {@link #endOfRun}; {@code dropper} takes written
     * pages out of the mapping.
     */
    public void undoEvents(final long entries, final java.nio.file.Path file, final PageDropper dropper)
    {
        undo = new UndoLog(entries, layout.bytes, layout.id.byteOffset, file, dropper);
    }

    /** Bytes of the undo log: its file's size, or its direct memory's. */
    public long undoBytes()
    {
        return undo.bytes();
    }

    /** Of {@link #undoBytes}, what may be resident: all of direct memory, a file's window (touched, not yet dropped). */
    public long undoResidentBytes()
    {
        return undo.residentBytes();
    }

    /** Between runs of events (after their results left): keeps the undo log's window, off the events' path. */
    public void endOfRun()
    {
        undo.endOfRun();
    }

    /** Whether {@link #rollBack} can restore the state just before the committed event at {@code ordinal}. */
    public boolean canRollBack(final long ordinal)
    {
        return undo.reaches(ordinal);
    }

    /**
     * GAME.md section 7: the state exactly as it was just before the committed event at
     * {@code ordinal} (records, finders, teams, match state and feed), but for the voids'
     * overrides and the handles, which stand (as after {@link #resetForCorrection}).
     *
     * @return the committed events undone.
     */
    public long rollBack(final long ordinal)
    {
        if (capturing)
        {
            guardAll(); // waits until a snapshot under way has streamed out: the roll-back writes anywhere
        }
        final long undone = undo.rollBack(ordinal, players.records, finders, teamTotal, teamSeen, teamReachedAt, layout.bytes);
        if (undo.matchRestored)
        {
            match.restore(undo.match);
        }
        feed.truncateFrom(ordinal);
        return undone;
    }

    /**
     * GAME.md section 7, the cheap way: the state of the corrected history just before
     * {@code voidOrdinal}, reached by scoring again only the events between {@code target} and
     * it whose inputs the void can change ({@link SelectiveCorrection}). The overrides are in
     * ({@link #addVoid}). Changes nothing and returns -1 where it cannot: the undo log does not
     * reach the target, or the window holds an event it cannot score again in place; the caller
     * then rolls back and scores everything from the target (or from 0).
     *
     * @return the events scored again, or -1.
     */
    public long correctTouched(final long target, final long voidOrdinal)
    {
        if (!undo.reaches(target) || undo.lastUnsafe() >= target)
        {
            return -1;
        }
        if (capturing)
        {
            guardAll(); // waits until a snapshot under way has streamed out: the correction writes anywhere
        }
        if (selective == null)
        {
            selective = new SelectiveCorrection(players, layout, finders, teamTotal, teamSeen, teamReachedAt, match, params);
        }
        return selective.run(this, undo, feed, target, voidOrdinal);
    }

    /** After {@link #correctTouched}: ns it spent mapping the undo log's window in before its walk; -1 if none. */
    public long walkPopulateNanos()
    {
        return selective == null ? -1 : selective.populateNanos();
    }

    /** After {@link #correctTouched}: the players it scored again (the only ones whose records can differ). */
    public int touchedCount()
    {
        return selective == null ? 0 : selective.touchedCount();
    }

    public int touchedHandle(final int i)
    {
        return selective.touched(i);
    }

    /** The touched player's (on the board, total, reachedAt) before the void. */
    public boolean touchedWasPresent(final int i)
    {
        return selective.presentBefore(i);
    }

    public long touchedTotalBefore(final int i)
    {
        return selective.totalBefore(i);
    }

    public long touchedReachedAtBefore(final int i)
    {
        return selective.reachedBefore(i);
    }

    /** The oldest ordinal a void may still reach, with an undo log that may roll back to its oldest entry. */
    private long keepFrom(final long ordinal)
    {
        return Math.min(ordinal, undo.coveredFrom()) - voidReach;
    }

    private void logMatch(final long ordinal, final GameEvent e, final byte status)
    {
        match.copyTo(matchScratch);
        undo.beforeMatch(ordinal, e, status, matchScratch);
    }

    /** Bytes of engine state per player (the record plus the id index), for the capacity given. */
    public double bytesPerPlayer()
    {
        return players.bytesPerPlayer();
    }

    /** Bytes of the engine's preallocated state: records, id index, treasure finders. */
    public long allocatedBytes()
    {
        return players.records.length + players.index.allocatedBytes() + (long)finders.finders.length * Integer.BYTES;
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
                logMatch(ordinal, e, out.status); // a void's target is a match event: its entry stays, refused
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
            logRefused(e, h, ordinal, out.status);
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
        if (e.seq <= match.lastSeq)
        {
            out.status = Score.DUPLICATE;
            logMatch(ordinal, e, out.status);
            return;
        }
        if (e.kind == GameEvent.MatchKind.VOID)
        {
            final int target = feed.find(e.voids);
            if (target < 0 || feed.kind(target) == GameEvent.MatchKind.VOID || ordinal - feed.ordinal(target) > voidReach)
            {
                out.reject(ErrorCode.BAD_VOID);
                logMatch(ordinal, e, out.status);
                return;
            }
            out.status = Score.OK;
            out.voidTarget = feed.ordinal(target);
            out.voided = e.voids;
            return;
        }
        logMatch(ordinal, e, Score.OK);
        match.lastSeq = e.seq;
        feed.add(e.seq, ordinal, e.kind, keepFrom(ordinal));
        out.rules = match.trigger(e.kind, e.ts, params); // R30, R40, R41; full_time triggers nothing
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
        logMatch(ordinal, e, Score.OK);
        match.lastSeq = e.seq;
        feed.add(e.seq, ordinal, GameEvent.MatchKind.VOID, keepFrom(ordinal));
        out.status = Score.OK;
        out.voided = e.voids;
    }

    private void scoreVoidAsFullTime(final GameEvent e, final long ordinal, final Score out)
    {
        if (e.seq <= match.lastSeq)
        {
            out.status = Score.DUPLICATE;
            logMatch(ordinal, e, out.status);
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
            guardAll();
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
        finders.clear();
        java.util.Arrays.fill(teamTotal, 0);
        java.util.Arrays.fill(teamSeen, false);
        java.util.Arrays.fill(teamReachedAt, 0);
        match.clear();
        feed.clear();
        undo.clear();
    }

    /** A capture under way keeps the state as it was: the reset waits until it is streamed out. */
    private void guardAll()
    {
        recordCopy.beforeWriteAll();
        finderCopy.beforeWriteAll();
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

    /** GAME.md section 3, steps 1-5, for a player event: the rules decide into {@link #tally}, the commit writes. */
    private void scorePlayerEvent(
        final GameEvent e, final int handle, final boolean isNew, final boolean create, final long ordinal, final Score out)
    {
        final byte[] rec = players.records;
        final RecordLayout fields = layout;
        final Tally tally = this.tally;
        final int base = players.base(handle);
        final long ts = e.ts;
        tally.reset();

        final long joinTs = fields.joinTs.get(rec, base); // ts + 1, 0 = not joined
        final boolean joined = joinTs != 0;

        // Step 1: day roll-over, on locals; R02 with it, as it reads the day block.
        final long day = ts / DAY_MS;
        final boolean roll = isNew || day > fields.day.get(rec, base);
        final long dayPoints = roll ? 0 : fields.dayPoints.get(rec, base);
        final boolean dayFirstDone = !roll && fields.dayFirstDone.get(rec, base) != 0;
        boolean newDayFirstDone = dayFirstDone;
        if (!dayFirstDone && params.dailyFirstOn(e.type))
        {
            tally.award(DAILY_FIRST, params.dailyFirstPoints);
            newDayFirstDone = true;
        }
        tally.shares = roll ? 0 : fields.shares.get(rec, base);
        tally.channelShares = roll ? 0 : fields.channelShares.get(rec, base);
        tally.doubleFrom = fields.doubleFrom.get(rec, base);
        tally.doubleLength = fields.doubleLength.get(rec, base);
        tally.shieldFrom = fields.shieldFrom.get(rec, base);
        tally.shieldLength = fields.shieldLength.get(rec, base);
        tally.freezeFrom = fields.freezeFrom.get(rec, base);

        // Steps 2-3: counters and awards, by the event's type (GAME.md section 4's table).
        switch (e.type)
        {
            case EventType.JOIN:
                CheckpointRules.join(tally, params, joined);
                break;
            case EventType.CLUE_SOLVED:
                ClueRules.clueSolved(tally, params, e, fields, rec, base, clueTimes);
                break;
            case EventType.HINT_USED:
                ClueRules.hintUsed(tally, params);
                break;
            case EventType.TREASURE_FOUND:
                TreasureRules.treasureFound(tally, params, e, fields, rec, base, handle, finders, treasureTimes, match);
                break;
            case EventType.CHECKPOINT:
                CheckpointRules.checkpoint(tally, params, e, fields, rec, base, joinTs);
                break;
            case EventType.QUIZ_ANSWER:
                QuizRules.quizAnswer(tally, params, e, fields, rec, base, match);
                break;
            case EventType.PREDICTION_WON:
                PredictionRules.predictionWon(tally, params, e, fields, rec, base);
                break;
            case EventType.SHARE:
                ShareRules.share(tally, params, e);
                break;
            case EventType.POWERUP:
                TriggerRules.powerup(tally, e);
                break;
            case EventType.CHEAT_FLAG:
                TriggerRules.cheatFlag(tally, params, e);
                break;
            default:
                throw new IllegalStateException("unscored event type " + e.type); // parser guarantees a type
        }

        // Step 4: modifiers on P and N, in GAME.md order.
        Modifiers.apply(tally, params, match, ts, dayPoints);
        final long p = tally.positive;

        // Step 5.
        final Checked checked = tally.checked;
        final long delta = checked.add(p, tally.negative);
        final long previousTotal = fields.total.get(rec, base);
        final long total = checked.add(previousTotal, delta);
        final int team = e.team;
        final long teamTotalAfter = checked.add(teamTotal[team], delta);
        if (checked.overflowed())
        {
            out.reject(ErrorCode.OVERFLOW);
            if (create)
            {
                undo.markUnsafe(ordinal); // no handle to name it by: a correction reaching it takes the from-target path
            }
            else
            {
                logRefused(e, handle, ordinal, out.status);
            }
            return;
        }
        if (delta != 0)
        {
            tally.mark(TEAM_CREDIT);
        }

        // Commit: from here on nothing can fail.
        final int place = tally.place;
        final int finderSlot = place > 0 ? finders.slotOf(e.treasure, place) : -1;
        if (capturing)
        {
            guardWrites(base, finderSlot);
        }
        undo.beforePlayer(ordinal, e, Score.OK, delta, rec, base, handle, finders.finders, finderSlot, team, teamTotal[team],
            teamSeen[team], teamReachedAt[team]);
        final boolean playerMoved = isNew || delta != 0;
        final long previousReachedAt = fields.reachedAt.get(rec, base);
        if (playerMoved)
        {
            fields.reachedAt.set(rec, base, ordinal);
        }
        if (create)
        {
            players.create(e.player);
        }
        fields.lastSeq.set(rec, base, e.seq);
        fields.total.set(rec, base, total);
        if (roll)
        {
            fields.day.set(rec, base, day);
        }
        fields.dayPoints.set(rec, base, dayPoints + p);
        fields.dayFirstDone.set(rec, base, newDayFirstDone ? 1 : 0);
        fields.shares.set(rec, base, tally.shares);
        fields.channelShares.set(rec, base, tally.channelShares);
        switch (e.type)
        {
            case EventType.JOIN:
                if (!joined)
                {
                    fields.joinTs.set(rec, base, ts + 1);
                }
                break;
            case EventType.CLUE_SOLVED:
                fields.clueCount.set(rec, base, tally.count);
                fields.cleanStreak.set(rec, base, tally.streak);
                commitHistory(clueTimes, rec, base, ts, tally.historyCleared);
                break;
            case EventType.HINT_USED:
                fields.cleanStreak.set(rec, base, 0);
                break;
            case EventType.TREASURE_FOUND:
                fields.treasureCount.set(rec, base, tally.count);
                fields.zoneMask.set(rec, base, fields.zoneMask.get(rec, base) | 1L << (e.zone - 1));
                commitHistory(treasureTimes, rec, base, ts, tally.historyCleared);
                if (place > 0)
                {
                    finders.take(e.treasure, handle, place, ordinal);
                }
                break;
            case EventType.CHECKPOINT:
                fields.lastCheckpoint.set(rec, base, Math.max(fields.lastCheckpoint.get(rec, base), e.checkpoint));
                if (tally.finalDone)
                {
                    fields.finalDone.set(rec, base, 1);
                }
                break;
            case EventType.QUIZ_ANSWER:
                if (e.correct)
                {
                    fields.quizCorrect.set(rec, base, tally.count);
                }
                fields.quizStreak.set(rec, base, tally.streak); // 0 after a wrong answer
                break;
            case EventType.PREDICTION_WON:
                fields.predictions.set(rec, base, tally.count);
                break;
            case EventType.POWERUP:
                fields.doubleFrom.set(rec, base, tally.doubleFrom);
                fields.doubleLength.set(rec, base, tally.doubleLength);
                fields.shieldFrom.set(rec, base, tally.shieldFrom);
                fields.shieldLength.set(rec, base, tally.shieldLength);
                break;
            case EventType.CHEAT_FLAG:
                fields.freezeFrom.set(rec, base, tally.freezeFrom);
                break;
            default:
                break;
        }
        teamTotal[team] = teamTotalAfter;

        out.status = Score.OK;
        out.delta = delta;
        out.total = total;
        out.rules = tally.rules;
        out.playerHandle = handle;
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

    /** A refused player event's entry (it changes nothing; a correction may score it again with another outcome). */
    private void logRefused(final GameEvent e, final int handle, final long ordinal, final byte status)
    {
        undo.beforePlayer(ordinal, e, status, 0, players.records, players.base(handle), handle, finders.finders, -1, e.team,
            teamTotal[e.team], teamSeen[e.team], teamReachedAt[e.team]);
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
     * records and finders are saved on write by chunk while the capture's owner streams them out.
     *
     * @return false if the capture has too little reserved for the players there are now
     *         (nothing captured; reserve more and ask again).
     */
    public boolean capture(final EngineCapture capture, final long ordinal)
    {
        final int count = players.index.size();
        if (!capture.canHold(count))
        {
            return false;
        }
        recordCopy.arm(count * layout.bytes);
        finderCopy.arm(finders.finders.length);
        capture.playerCount = count;
        capture.finderCount = finders.taken();
        capture.ordinal = ordinal;
        System.arraycopy(teamTotal, 0, capture.teamTotal, 0, TEAMS);
        System.arraycopy(teamSeen, 0, capture.teamSeen, 0, TEAMS);
        System.arraycopy(teamReachedAt, 0, capture.teamReachedAt, 0, TEAMS);
        match.copyTo(capture.globals);
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
        restoredPlayers = image.read(in);
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
}
