package io.scoreline.rules;

/**
 * GAME.md section 7, scoring again only what a void can change. Walks the undo log's entries from
 * the target E to the void M in ordinal order, the corrected history (E refused, the voids'
 * overrides) built as it goes, and scores again, from the entry's own copy of the event, only
 * the events whose inputs may differ from those they had; every other event keeps its committed
 * effect on its player and treasure.
 *
 * <p><b>What an event reads</b> (ScoringEngine.score and the rule classes): a player event reads
 * its player's record (lastSeq for the duplicate check, every rule's counters, the day block, the
 * power-up windows, total), the match state's three windows at its ts only through
 * {@code golden/boost/halftime(ts)} (Modifiers R40/R41, QuizRules R30, TreasureRules R42), for a
 * treasure_found its treasure's finder slots ({@code placeFor}), and its team's total (the
 * overflow check) and seen flag (teamReachedAt). A match event reads the match state (lastSeq,
 * windows), the feed (a void's target) and the overrides. Nothing else.
 *
 * <p><b>Exactness</b>, by induction over the entries: before entry k, (a) every player in the
 * dirty set holds its record of the corrected history just before k, every other player its
 * record as committed, which equals the corrected one before k plus the committed effects of its
 * events from k on; (b) likewise for treasures' finder slots; (c) the team arrays hold the
 * corrected values just before k for every team met so far in the window (a team not met yet
 * has had no event since E, so its values before E are those in the arrays' first entry for it);
 * (d) the engine's match state and feed are the corrected ones, and {@link #original} the
 * committed one, before k. Event k is scored again unless its player is clean, its three window
 * answers agree in both histories, it is not a treasure_found of a dirty treasure, it was not an
 * overflow, and (if it was accepted) its team's corrected total plus its committed delta does not
 * overflow; then every input it reads is equal in both histories, so its outcome and effect are
 * the committed ones: its record and slot write stand, and its delta is added to the corrected
 * team values (kept as the engine's commit would). A duplicate of a clean player stays one (the
 * check reads only lastSeq). An event scored again first makes its player dirty (record put back
 * from its entry, the state before k in both histories by (a)); a clean treasure of a
 * treasure_found scored again gets the slots free before k back (a slot is taken once and
 * {@link TreasureFinders#takenAt} says when), and stays clean, with its committed slots put
 * back, only if the new outcome writes the very slot the committed one did. Match events are all
 * scored again. The entry of an event scored again is rewritten in place with the corrected
 * state before it; a kept entry gets the corrected team values: the log is then the corrected
 * history's, for the next void. A refused void in the window (it may become voidable) or a new
 * player's overflow (no handle in its entry) makes the engine take the from-target path instead.
 * Allocates only when built (the first void).
 */
final class SelectiveCorrection
{
    private final Players players;
    private final RecordLayout layout;
    private final TreasureFinders finders;
    private final long[] teamTotal;
    private final boolean[] teamSeen;
    private final long[] teamReachedAt;
    private final MatchState match;
    private final RuleParams params;

    private final MatchState original = new MatchState();
    private final long[] matchScratch = new long[MatchState.LONGS];
    private final GameEvent event = new GameEvent();
    private final Score score = new Score();
    private final Checked checked = new Checked();

    private final long[] dirtyPlayer;
    private final long[] dirtyTreasure;
    private final long[] teamMet;
    private int[] touched = new int[1024];
    private boolean[] presentBefore = new boolean[1024];
    private long[] totalBefore = new long[1024];
    private long[] reachedBefore = new long[1024];
    private int touchedCount;
    private long populateNanos = -1;
    /** Entries a {@link #walk} call takes. */
    private static final int BLOCK = 64;
    /** The walk so far: events scored again, and whether it reached the void. */
    private long rescored;
    private boolean ended;
    private int[] treasures = new int[256];
    private int treasureCount;
    private final int[] teams = new int[65_536];
    private int teamCount;
    private final int[] slotValue;
    private final long[] slotTakenAt;

    SelectiveCorrection(final Players players, final RecordLayout layout, final TreasureFinders finders, final long[] teamTotal,
        final boolean[] teamSeen, final long[] teamReachedAt, final MatchState match, final RuleParams params)
    {
        this.players = players;
        this.layout = layout;
        this.finders = finders;
        this.teamTotal = teamTotal;
        this.teamSeen = teamSeen;
        this.teamReachedAt = teamReachedAt;
        this.match = match;
        this.params = params;
        dirtyPlayer = new long[(players.index.capacity() >>> 6) + 1];
        dirtyTreasure = new long[(finders.finders.length / finders.slots() >>> 6) + 1];
        teamMet = new long[teamTotal.length >>> 6];
        slotValue = new int[finders.slots()];
        slotTakenAt = new long[finders.slots()];
    }

    /** Time the last {@link #run} took to map the window's pages in before walking it; -1 if it did not. */
    long populateNanos()
    {
        return populateNanos;
    }

    /** Players scored again by the last {@link #run}: their handles and their board triple before the void. */
    int touchedCount()
    {
        return touchedCount;
    }

    int touched(final int i)
    {
        return touched[i];
    }

    boolean presentBefore(final int i)
    {
        return presentBefore[i];
    }

    long totalBefore(final int i)
    {
        return totalBefore[i];
    }

    long reachedBefore(final int i)
    {
        return reachedBefore[i];
    }

    /**
     * Corrects the entries of ordinals {@code target} .. {@code end}-1 (the target's entry
     * exists: the caller checked the log reaches it). The engine's {@code score} scores the events
     * again; the overrides are already in. @return the events scored again.
     */
    long run(final ScoringEngine engine, final UndoLog undo, final MatchFeed feed, final long target, final long end)
    {
        clearMarks();
        final long first = undo.find(target);
        if (first < 0 || kindAt(undo, first) != UndoLog.MATCH)
        {
            throw new IllegalStateException("undo log: no match entry for the void's target at ordinal " + target);
        }
        final long t0 = System.nanoTime();
        // The window's pages, dropped behind the writer: mapped in at once, not a fault each as the walk meets them.
        populateNanos = undo.populateFrom(first) ? System.nanoTime() - t0 : -1;
        undo.matchAt(first, matchScratch);
        match.restore(matchScratch);
        feed.truncateFrom(target);
        final long head = undo.head();
        rescored = 0;
        ended = false;
        for (long seq = first; seq < head && !ended; seq += BLOCK)
        {
            walk(engine, undo, seq, Math.min(head, seq + BLOCK), end);
        }
        undo.walkedFrom(first);
        return rescored;
    }

    /**
     * Entries [from, to) of the walk; sets {@link #ended} at the void's ordinal. A method a block
     * (not one loop a void) so that the JIT compiles it by its calls, as it compiles the warm-up's
     * ({@code VoidWarmup}), rather than by an on-stack replacement each void has to wait for.
     */
    private void walk(final ScoringEngine engine, final UndoLog undo, final long from, final long to, final long end)
    {
        for (long seq = from; seq < to; seq++)
        {
            undo.moveTo(seq);
            final long ordinal = undo.ordinal();
            if (ordinal >= end)
            {
                ended = true;
                return;
            }
            if (undo.kind() == UndoLog.MATCH)
            {
                followOriginal(undo, seq);
                undo.readEvent(seq, event, 0);
                undo.rewriteAt(seq);
                engine.score(event, ordinal, score);
                undo.checkRewritten();
                if (score.voidTarget >= 0)
                {
                    throw new IllegalStateException("a void at ordinal " + ordinal + " became voidable: the caller checks for none");
                }
                rescored++;
            }
            else if (player(engine, undo, seq, ordinal))
            {
                rescored++;
            }
        }
    }

    private static byte kindAt(final UndoLog undo, final long seq)
    {
        undo.moveTo(seq);
        return undo.kind();
    }

    /** The committed match state after the match event of entry {@code seq}: its state before, and its committed outcome. */
    private void followOriginal(final UndoLog undo, final long seq)
    {
        undo.matchAt(seq, matchScratch);
        original.restore(matchScratch);
        if (undo.status() == Score.OK)
        {
            original.lastSeq = undo.seq();
            final byte kind = undo.matchKind();
            if (kind != GameEvent.MatchKind.VOID)
            {
                original.trigger(kind, undo.ts(), params); // an applied void (a full_time) opens nothing
            }
        }
    }

    /** A player event's entry: kept (team values carried forward) or scored again. @return whether scored again. */
    private boolean player(final ScoringEngine engine, final UndoLog undo, final long seq, final long ordinal)
    {
        final int handle = undo.handle();
        final int team = undo.team();
        if (!isSet(teamMet, team))
        {
            // First event of this team since E: its values before it are those before E, in both histories.
            set(teamMet, team);
            teams[teamCount++] = team;
            teamTotal[team] = undo.teamTotal();
            teamReachedAt[team] = undo.teamReachedAt();
            teamSeen[team] = undo.teamSeen();
        }
        final byte status = undo.status();
        final byte type = undo.type();
        final long ts = undo.ts();
        final boolean dirty = isSet(dirtyPlayer, handle);
        final long delta = undo.delta();
        boolean again = dirty || status == Score.REJECTED;
        if (!again && status == Score.OK)
        {
            again = original.golden(ts) != match.golden(ts) || original.boost(ts) != match.boost(ts) ||
                original.halftime(ts) != match.halftime(ts) ||
                (type == EventType.TREASURE_FOUND && isSet(dirtyTreasure, undo.treasure()));
            if (!again)
            {
                checked.reset();
                checked.add(teamTotal[team], delta);
                again = checked.overflowed();
            }
        }
        if (!again)
        {
            // Same inputs, same outcome: the record and slot stand; the team moves as the commit moved it.
            undo.setTeam(teamTotal[team], teamSeen[team], teamReachedAt[team]);
            if (status == Score.OK)
            {
                teamTotal[team] += delta;
                if (!teamSeen[team] || delta != 0)
                {
                    teamReachedAt[team] = ordinal;
                }
                teamSeen[team] = true;
            }
            return false;
        }
        if (!dirty)
        {
            touch(handle);
            undo.restoreRecord(seq, players.records, layout.bytes);
        }
        final int treasure = undo.treasure();
        final boolean cleanTreasure = type == EventType.TREASURE_FOUND && !isSet(dirtyTreasure, treasure);
        final int committedSlot = status == Score.OK ? undo.finderSlot() : -1;
        if (cleanTreasure)
        {
            freeLaterSlots(treasure, ordinal);
        }
        undo.readEvent(seq, event, players.id(handle));
        undo.rewriteAt(seq);
        engine.score(event, ordinal, score);
        undo.checkRewritten();
        if (cleanTreasure)
        {
            undo.moveTo(seq);
            final int slot = score.status == Score.OK ? undo.finderSlot() : -1;
            if (slot == committedSlot)
            {
                putSlotsBack(treasure);
            }
            else
            {
                set(dirtyTreasure, treasure);
                if (treasureCount == treasures.length)
                {
                    treasures = java.util.Arrays.copyOf(treasures, treasureCount * 2);
                }
                treasures[treasureCount++] = treasure;
            }
        }
        return true;
    }

    /** A clean treasure's slots as they were just before {@code ordinal} (kept aside to be put back). */
    private void freeLaterSlots(final int treasure, final long ordinal)
    {
        final int base = finders.slotOf(treasure, 1);
        for (int i = 0; i < slotValue.length; i++)
        {
            slotValue[i] = finders.finders[base + i];
            slotTakenAt[i] = finders.takenAt(base + i);
            if (slotTakenAt[i] > ordinal)
            {
                finders.restore(base + i, 0); // taken at or after this event: free before it
            }
        }
    }

    private void putSlotsBack(final int treasure)
    {
        final int base = finders.slotOf(treasure, 1);
        for (int i = 0; i < slotValue.length; i++)
        {
            finders.putBack(base + i, slotValue[i], slotTakenAt[i]);
        }
    }

    /** A player becomes dirty: its board triple before the void kept. */
    private void touch(final int handle)
    {
        set(dirtyPlayer, handle);
        if (touchedCount == touched.length)
        {
            final int n = touchedCount * 2;
            touched = java.util.Arrays.copyOf(touched, n);
            presentBefore = java.util.Arrays.copyOf(presentBefore, n);
            totalBefore = java.util.Arrays.copyOf(totalBefore, n);
            reachedBefore = java.util.Arrays.copyOf(reachedBefore, n);
        }
        final int base = players.base(handle);
        touched[touchedCount] = handle;
        presentBefore[touchedCount] = layout.lastSeq.get(players.records, base) != 0;
        totalBefore[touchedCount] = layout.total.get(players.records, base);
        reachedBefore[touchedCount] = layout.reachedAt.get(players.records, base);
        touchedCount++;
    }

    /** Clears the marks of the last run (only the bits it set). */
    private void clearMarks()
    {
        for (int i = 0; i < touchedCount; i++)
        {
            dirtyPlayer[touched[i] >>> 6] = 0;
        }
        for (int i = 0; i < treasureCount; i++)
        {
            dirtyTreasure[treasures[i] >>> 6] = 0;
        }
        for (int i = 0; i < teamCount; i++)
        {
            teamMet[teams[i] >>> 6] = 0;
        }
        touchedCount = 0;
        treasureCount = 0;
        teamCount = 0;
    }

    private static boolean isSet(final long[] bits, final int i)
    {
        return (bits[i >>> 6] & 1L << i) != 0;
    }

    private static void set(final long[] bits, final int i)
    {
        bits[i >>> 6] |= 1L << i;
    }
}
