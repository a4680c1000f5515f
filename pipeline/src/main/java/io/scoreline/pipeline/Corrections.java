package io.scoreline.pipeline;

import io.scoreline.journal.JournalReader;
import io.scoreline.rules.EventParser;
import io.scoreline.rules.GameEvent;
import io.scoreline.rules.Score;
import io.scoreline.rules.ScoringEngine;

import java.nio.file.Path;

/**
 * GAME.md section 7 on the score stage: applies an accepted void. First choice (unless built
 * with {@code touchedOnly} false): {@link ScoringEngine#correctTouched}, which scores again only
 * the events the void can change, from the undo log (no journal; README "Corrections" says why it
 * is exact), and the board changes of the players it scored again. Otherwise, the reference path:
 * scoring again, from the state just before its target, every event up to it, read back from the
 * journal, with what every accepted void decided (its target rejected, itself a full_time):
 *
 * <pre>
 *   void at M of the event at E:  overrides += {E: rejected, M: full_time}
 *                                 touched only, where the engine can: done
 *                                 E within the engine's undo log: roll back to just before E,
 *                                   score ordinals E..M-1 again from the journal
 *                                 else: reset the engine (handles and ids kept), score 0..M-1 again
 *                                 results dropped; M as a full_time;
 *                                 count the players whose total changed; the board's changes at M
 * </pre>
 *
 * Exact by construction: the roll-back restores every byte the events from E on wrote, so the
 * state before E is the one the scoring from 0 reaches there (what happened before E does not
 * depend on E); from there the very code that scores live events computes the rest. A void met
 * while scoring again whose target is voidable there is applied the same way (its overrides
 * added, the scoring started over from its target). The stage scores nothing else meanwhile
 * (README "Corrections"). Allocation happens only here, never per event.
 */
final class Corrections implements JournalReader.RecordVisitor
{
    private static final System.Logger LOG = System.getLogger("scoreline.corrections");

    private final ScoringEngine engine;
    /** The journal the events are read back from; null where there is none (a void is then a stage failure). */
    private final Path history;
    private final EventParser parser = new EventParser();
    /**
     * Events parsed ahead of their scoring, so that their players' index slots and records are
     * fetched together (two prefetch passes, as the score stage does live) instead of one miss
     * after another.
     */
    private static final int BATCH = 16;
    private final GameEvent[] events = new GameEvent[BATCH];
    private final long[] ordinals = new long[BATCH];
    private final byte[][] lines = new byte[BATCH][EventSlot.LINE_CAPACITY];
    private int batched;
    private final Score score = new Score();
    private long end;
    private long expected;
    private boolean restart;
    /** Where a void met while scoring again sends the scoring back to: its target's ordinal. */
    private long restartFrom;
    private long undone;
    private long rollBackNanos;
    /** Where a void's time goes (a clock read an event and two a batch, ~25 ns each here). */
    private long parseNanos;
    private long scoreNanos;
    private long rescored;
    private final BoardChanges changes = new BoardChanges();
    /** No log line a void ({@link VoidWarmup}'s scratch voids). */
    boolean quiet;
    /** Whether a void first tries {@link ScoringEngine#correctTouched} (the reference path, below, is the fallback). */
    private final boolean selective;

    Corrections(final ScoringEngine engine, final Path history, final boolean selective)
    {
        this.engine = engine;
        this.history = history;
        this.selective = selective;
        for (int i = 0; i < BATCH; i++)
        {
            events[i] = new GameEvent();
        }
    }

    /**
     * The void {@code e} at {@code ordinal}, voidable (the engine set {@code out.voidTarget}):
     * re-scores and applies it, fills the result's fields, and returns the boards as they must be
     * after it.
     */
    BoardImage apply(final GameEvent e, final long ordinal, final Score out)
    {
        final long start = System.nanoTime();
        final long target = out.voidTarget;
        engine.addVoid(target, ordinal);
        final long[] faults = selective ? threadFaults() : null;
        final long touched = selective ? engine.correctTouched(target, ordinal) : -1;
        if (touched >= 0)
        {
            final long scored = System.nanoTime();
            final long[] walkFaults = threadFaults();
            engine.applyVoid(e, ordinal, out);
            final BoardImage image = changes.imageOfTouched(engine, touched);
            out.changed = changes.changed();
            final long end = System.nanoTime();
            final long populate = engine.walkPopulateNanos();
            if (!quiet)
            {
                LOG.log(System.Logger.Level.INFO, "void: seq " + e.seq + " at ordinal " + ordinal + " voided seq " + e.voids +
                    " (ordinal " + target + "): touched only: " + touched + " events scored again (" + engine.touchedCount() +
                    " players) in " + ms(scored - start) + " ms (" +
                    (populate < 0 ? "pages not populated" : "pages populated in " + ms(populate) + " ms") +
                    "; faults " + (walkFaults[0] - faults[0]) + " minor, " + (walkFaults[1] - faults[1]) + " major); board changes " +
                    ms(end - scored) + " ms (" + image.handles.length + " players moved, " + image.removed.length + " taken off); " +
                    out.changed + " players changed");
            }
            return image;
        }
        if (history == null)
        {
            throw new IllegalStateException("a void beyond the undo log needs the events before it, and this pipeline keeps no journal");
        }
        changes.keep(engine);
        rescored = 0;
        undone = 0;
        rollBackNanos = 0;
        parseNanos = 0;
        scoreNanos = 0;
        final long kept = System.nanoTime();
        final boolean rolledBack = rescoreWindow(target, ordinal);
        final long scored = System.nanoTime();
        engine.applyVoid(e, ordinal, out);
        final BoardImage image = changes.image(engine, rescored);
        out.changed = changes.changed();
        final long end = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "void: seq " + e.seq + " at ordinal " + ordinal + " voided seq " + e.voids + " (ordinal " +
            target + "): board kept " + ms(kept - start) + " ms; " +
            (rolledBack ? undone + " events rolled back in " + ms(rollBackNanos) + " ms; " : "from 0; ") +
            rescored + " events scored again in " + ms(scored - kept - rollBackNanos) + " ms (parse " + ms(parseNanos) + ", score " +
            ms(scoreNanos) + ", the rest journal reads); board changes " + ms(end - scored) + " ms (" + image.handles.length +
            " players moved, " + image.removed.length + " taken off); " + out.changed + " players changed");
        return image;
    }

    /**
     * Scores ordinals {@code from} .. end-1 again, rolled back to just before {@code from} where the
     * undo log reaches it, else from an empty state at 0; over again (from the new void's target)
     * whenever a void met there is applied. @return whether it never fell back to 0.
     */
    private boolean rescoreWindow(final long from, final long endOrdinal)
    {
        end = endOrdinal;
        long start = from;
        boolean window = true;
        do
        {
            restart = false;
            window = window && engine.canRollBack(start);
            if (window)
            {
                final long t = System.nanoTime();
                undone += engine.rollBack(start);
                rollBackNanos += System.nanoTime() - t;
            }
            else
            {
                start = 0;
                checkJournalFromZero();
                engine.resetForCorrection();
            }
            expected = start;
            if (start < end)
            {
                scoreFrom(start);
            }
            start = restartFrom;
        }
        while (restart);
        return window;
    }

    private void checkJournalFromZero()
    {
        final long first = end == 0 ? 0 : JournalReader.firstOrdinal(history);
        if (first != 0)
        {
            throw new IllegalStateException("a void at ordinal " + end + " needs the journal from ordinal 0, and " + history +
                (first < 0 ? " holds none" : " starts at " + first));
        }
    }

    private void scoreFrom(final long start)
    {
        try (JournalReader reader = JournalReader.open(history, start))
        {
            while (!restart && expected < end && reader.next(this))
            {
                // onRecord parses it, and scores a whole batch
            }
            scoreBatch();
        }
        if (!restart && expected < end)
        {
            throw new IllegalStateException("a void at ordinal " + end + ": the journal " + history + " ends at ordinal " + expected);
        }
    }

    /** This thread's minor and major page faults so far ({@code /proc/thread-self/stat} fields 10 and 12); zeros off Linux. */
    private static long[] threadFaults()
    {
        try
        {
            final String stat = java.nio.file.Files.readString(Path.of("/proc/thread-self/stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // from field 3 on
            return new long[] {Long.parseLong(fields[7]), Long.parseLong(fields[9])};
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            return new long[2];
        }
    }

    private static long ms(final long nanos)
    {
        return nanos / 1_000_000;
    }

    @Override
    public void onRecord(final long ordinal, final long receivedNanos, final byte[] buffer, final int offset,
        final int storedLength, final int trueLength)
    {
        if (ordinal >= end)
        {
            expected = end;
            return;
        }
        if (ordinal != expected)
        {
            throw new IllegalStateException("journal " + history + ": ordinal " + ordinal + " where " + expected + " was due");
        }
        expected++;
        final int stored = Math.min(storedLength, EventSlot.LINE_CAPACITY);
        final byte[] line = lines[batched];
        System.arraycopy(buffer, offset, line, 0, stored);
        final long t0 = System.nanoTime();
        parser.parse(line, 0, trueLength, events[batched]);
        parseNanos += System.nanoTime() - t0;
        ordinals[batched++] = ordinal;
        if (batched == BATCH)
        {
            scoreBatch();
        }
    }

    /** Prefetches the batch's players (index slots, then records), then scores it in order; stops at a void that restarts. */
    private void scoreBatch()
    {
        final long t0 = System.nanoTime();
        for (int i = 0; i < batched; i++)
        {
            if (isPlayerEvent(events[i]))
            {
                engine.prefetchIndex(events[i].player);
            }
        }
        for (int i = 0; i < batched; i++)
        {
            if (isPlayerEvent(events[i]))
            {
                engine.prefetchRecord(events[i]);
            }
        }
        for (int i = 0; i < batched && !restart; i++)
        {
            engine.score(events[i], ordinals[i], score);
            rescored++;
            if (score.voidTarget >= 0)
            {
                // A void this history now makes voidable: applied as a live one would be, from its target again.
                engine.addVoid(score.voidTarget, ordinals[i]);
                restartFrom = score.voidTarget;
                restart = true;
            }
        }
        batched = 0;
        scoreNanos += System.nanoTime() - t0;
    }

    private static boolean isPlayerEvent(final GameEvent e)
    {
        return e.error == io.scoreline.rules.ErrorCode.NONE && e.type != io.scoreline.rules.EventType.MATCH_EVENT;
    }
}
