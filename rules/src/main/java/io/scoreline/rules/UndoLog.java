package io.scoreline.rules;

import java.nio.ByteBuffer;

/**
 * GAME.md section 7, made cheap: what every committed event overwrote, so that a void can take the
 * state back to just before its target instead of scoring the whole history again. One fixed-size
 * entry per committed event, in ordinal order, in an {@link UndoRing}; the oldest entries are
 * overwritten.
 *
 * <pre>
 *   entry: ordinal(8) teamTotal(8) teamReachedAt(8) handle(4) finderSlot(4) finderOld(4) team(2) kind(1) teamSeen(1)
 *          the event: seq(8) ts(8) delta(8) long(8) int(4) int(4) int(4) type(1) status(1) byte(1) pad(1)
 *          then the player's record as it was (PLAYER), or the seven match-state longs (MATCH)
 * </pre>
 *
 * One entry per scored event that passed parsing, accepted or not (a duplicate, an overflow, a
 * refused void: they are scored again too when a correction reaches them), but for a new player
 * refused because the table is full (that outcome cannot change: handles are never given back).
 * The event's own fields (those the rules read: {@link #putEvent}) ride along, with its status and
 * delta, so that a correction scores it again from here, without the journal
 * ({@link SelectiveCorrection}); {@link #rewriteAt} lets it write the corrected entry in place.
 *
 * Exact because it holds every byte an event can write: the player's record, one finder slot, the
 * team's three values, the match state (the match feed is cut back by ordinal, the overrides stand).
 * Coverage: every commit from {@link #coveredFrom()} on is in the ring; an event older than that
 * (wrapped over, or before a restore or a reset) is out of reach and needs the scoring from 0.
 * Single-threaded (the score stage); no allocation after construction.
 */
final class UndoLog
{
    static final byte PLAYER = 1;
    static final byte MATCH = 2;
    /** Match-state longs in a MATCH entry. */
    static final int MATCH_LONGS = MatchState.LONGS;
    private static final long UNKNOWN = Long.MAX_VALUE;
    private static final int HEADER = 88;
    /** Offsets of the event's fields in an entry. */
    private static final int SEQ = 40;
    private static final int TS = 48;
    private static final int DELTA = 56;
    private static final int LONG = 64;
    private static final int INT0 = 72;
    private static final int INT1 = 76;
    private static final int INT2 = 80;
    private static final int TYPE = 84;
    private static final int STATUS = 85;
    private static final int BYTE = 86;

    private final UndoRing ring;
    private final long capacity;
    private final int recordBytes;
    /** The record bytes a restore skips: the id's word (the board thread may read it meanwhile; an id never changes). */
    private final int idFrom;
    private final int idTo;
    /** Entries ever appended since the last clear; the live ones are {@code [head - size, head)}. */
    private long head;
    private long size;
    private long coveredFrom = UNKNOWN;
    /** The match state the last {@link #rollBack} restored from a MATCH entry, if {@link #matchRestored}. */
    final long[] match = new long[MATCH_LONGS];
    boolean matchRestored;
    /** The entry the next write goes to instead of a new one ({@link #rewriteAt}); -1 for none. */
    private long rewrite = -1;
    /** The entry {@link #moveTo} points at. */
    private ByteBuffer cursor;
    private int cursorAt;
    /**
     * The newest ordinal whose event a selective correction cannot score again in place: a refused
     * void (a correction reaching it may make it voidable) or a new player's overflow (no handle).
     */
    private long lastUnsafe = -1;

    /** @param entries how many committed events it holds (0: none, every void scores from 0), in direct memory. */
    UndoLog(final long entries, final int recordBytes, final int idOffset)
    {
        this(entries, recordBytes, idOffset, null, null);
    }

    /** The same in {@code file}, mapped ({@link UndoRing}); a null file: direct memory. */
    UndoLog(final long entries, final int recordBytes, final int idOffset, final java.nio.file.Path file,
        final PageDropper dropper)
    {
        this.capacity = entries;
        this.recordBytes = recordBytes;
        this.idFrom = idOffset;
        this.idTo = idOffset + Long.BYTES;
        final int stride = stride(recordBytes);
        this.ring = file == null || entries == 0 ? UndoRing.direct(entries, stride) : UndoRing.mapped(entries, stride, file, dropper);
    }

    /** Bytes an entry takes. */
    static int stride(final int recordBytes)
    {
        return (HEADER + Math.max(recordBytes, MATCH_LONGS * Long.BYTES) + 7) & ~7;
    }

    /** Off-heap bytes held (for /metrics). */
    long bytes()
    {
        return ring.bytes();
    }

    /** Of {@link #bytes}, what may be resident (a file-backed ring keeps only a window mapped). */
    long residentBytes()
    {
        return ring.residentBytes();
    }

    /** Between runs of events, off the events' path: the file-backed ring's pages ahead touched, behind dropped. */
    void endOfRun()
    {
        ring.keepWindow(head);
    }

    long capacity()
    {
        return capacity;
    }

    /** The lowest ordinal a roll-back can reach; {@code Long.MAX_VALUE} when none. */
    long coveredFrom()
    {
        return coveredFrom;
    }

    /** Whether the state just before the committed event at {@code ordinal} can be restored. */
    boolean reaches(final long ordinal)
    {
        return capacity > 0 && coveredFrom != UNKNOWN && ordinal >= coveredFrom;
    }

    /** Forgets every entry (a reset or a restore): coverage starts again with the next commit. */
    void clear()
    {
        rewrite = -1;
        head = 0;
        size = 0;
        coveredFrom = UNKNOWN;
        ring.reset();
    }

    /**
     * Before a player event's commit (or its refusal, {@code status} not OK): the event, its
     * record, its finder slot (or -1) and its team as they are, and the delta it commits.
     */
    void beforePlayer(final long ordinal, final GameEvent e, final byte status, final long delta, final byte[] records,
        final int base, final int handle, final int[] finders, final int finderSlot, final int team, final long teamTotal,
        final boolean teamSeen, final long teamReachedAt)
    {
        if (capacity == 0)
        {
            return;
        }
        final long seq = next(ordinal);
        final ByteBuffer c = chunk(seq);
        final int at = offset(seq);
        c.putLong(at, ordinal);
        c.putLong(at + 8, teamTotal);
        c.putLong(at + 16, teamReachedAt);
        c.putInt(at + 24, handle);
        c.putInt(at + 28, finderSlot);
        c.putInt(at + 32, finderSlot >= 0 ? finders[finderSlot] : 0);
        c.putShort(at + 36, (short)team);
        c.put(at + 38, PLAYER);
        c.put(at + 39, teamSeen ? (byte)1 : 0);
        putEvent(c, at, e, status, delta);
        c.put(at + HEADER, records, base, recordBytes);
    }

    /**
     * Before a match event's (or an applied void's) commit, or its refusal ({@code status} not OK):
     * the event and the match state as it is ({@link #MATCH_LONGS} longs).
     */
    void beforeMatch(final long ordinal, final GameEvent e, final byte status, final long[] state)
    {
        if (capacity == 0)
        {
            return;
        }
        final long seq = next(ordinal);
        final ByteBuffer c = chunk(seq);
        final int at = offset(seq);
        c.putLong(at, ordinal);
        c.put(at + 38, MATCH);
        putEvent(c, at, e, status, 0);
        for (int i = 0; i < MATCH_LONGS; i++)
        {
            c.putLong(at + HEADER + i * Long.BYTES, state[i]);
        }
        if (e.kind == GameEvent.MatchKind.VOID && status != Score.OK)
        {
            markUnsafe(ordinal);
        }
    }

    /**
     * The fields of {@code e} the rules read (GameEvent's, by type), its status and delta. The
     * per-type fields share three ints, a long and a byte.
     */
    private static void putEvent(final ByteBuffer c, final int at, final GameEvent e, final byte status, final long delta)
    {
        c.putLong(at + SEQ, e.seq);
        c.putLong(at + TS, e.ts);
        c.putLong(at + DELTA, delta);
        long l = 0;
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        byte b = 0;
        switch (e.type)
        {
            case EventType.CLUE_SOLVED:
            case EventType.HINT_USED:
                i0 = e.solveMs;
                i1 = e.hints;
                i2 = e.clue;
                break;
            case EventType.TREASURE_FOUND:
                i0 = e.treasure;
                i1 = e.rarity;
                i2 = e.zone;
                break;
            case EventType.CHECKPOINT:
                i0 = e.checkpoint;
                break;
            case EventType.QUIZ_ANSWER:
                i0 = e.answerMs;
                i2 = e.quiz;
                b = e.correct ? (byte)1 : 0;
                break;
            case EventType.PREDICTION_WON:
                i0 = e.odds;
                l = e.stake;
                break;
            case EventType.SHARE:
                b = e.channel;
                break;
            case EventType.POWERUP:
                i0 = e.durationMs;
                b = e.kind;
                break;
            case EventType.CHEAT_FLAG:
                i0 = e.severity;
                break;
            case EventType.MATCH_EVENT:
                l = e.voids;
                b = e.kind;
                break;
            default:
                break;
        }
        c.putLong(at + LONG, l);
        c.putInt(at + INT0, i0);
        c.putInt(at + INT1, i1);
        c.putInt(at + INT2, i2);
        c.put(at + TYPE, e.type);
        c.put(at + STATUS, status);
        c.put(at + BYTE, b);
    }

    /** The event of the entry at {@code seq}, as {@link #putEvent} wrote it, into {@code e} (player id given: the entry holds the handle). */
    void readEvent(final long seq, final GameEvent e, final long playerId)
    {
        final ByteBuffer c = chunk(seq);
        final int at = offset(seq);
        e.clear();
        e.seq = c.getLong(at + SEQ);
        e.ts = c.getLong(at + TS);
        e.type = c.get(at + TYPE);
        e.seqKnown = true;
        final long l = c.getLong(at + LONG);
        final int i0 = c.getInt(at + INT0);
        final int i1 = c.getInt(at + INT1);
        final int i2 = c.getInt(at + INT2);
        final byte b = c.get(at + BYTE);
        if (e.type == EventType.MATCH_EVENT)
        {
            e.voids = l;
            e.kind = b;
            return;
        }
        e.player = playerId;
        e.playerKnown = true;
        e.team = c.getShort(at + 36) & 0xFFFF;
        switch (e.type)
        {
            case EventType.CLUE_SOLVED:
            case EventType.HINT_USED:
                e.solveMs = i0;
                e.hints = i1;
                e.clue = i2;
                break;
            case EventType.TREASURE_FOUND:
                e.treasure = i0;
                e.rarity = i1;
                e.zone = i2;
                break;
            case EventType.CHECKPOINT:
                e.checkpoint = i0;
                break;
            case EventType.QUIZ_ANSWER:
                e.answerMs = i0;
                e.quiz = i2;
                e.correct = b != 0;
                break;
            case EventType.PREDICTION_WON:
                e.odds = i0;
                e.stake = l;
                break;
            case EventType.SHARE:
                e.channel = b;
                break;
            case EventType.POWERUP:
                e.durationMs = i0;
                e.kind = b;
                break;
            case EventType.CHEAT_FLAG:
                e.severity = i0;
                break;
            default:
                break;
        }
    }

    /**
     * Where the next write goes: the entry {@link #rewriteAt} named (its ordinal checked: a
     * correction writes one entry per entry it scores again), else a new one.
     */
    private long next(final long ordinal)
    {
        final long seq = rewrite;
        if (seq >= 0)
        {
            rewrite = -1;
            if (chunk(seq).getLong(offset(seq)) != ordinal)
            {
                throw new IllegalStateException("undo log: rewriting the entry of ordinal " + chunk(seq).getLong(offset(seq)) +
                    " with one of ordinal " + ordinal);
            }
            return seq;
        }
        claim(ordinal);
        return head++;
    }

    /** The next entry written goes to the existing entry {@code seq} (of the same ordinal) instead of a new one. */
    void rewriteAt(final long seq)
    {
        rewrite = seq;
    }

    /** After the event of a {@link #rewriteAt}: its entry was written (one entry per scored event, in both histories). */
    void checkRewritten()
    {
        if (rewrite >= 0)
        {
            final long seq = rewrite;
            rewrite = -1;
            throw new IllegalStateException("undo log: the event of ordinal " + ordinalAt(seq) + " scored again wrote no entry");
        }
    }

    /** The entry of {@code ordinal} ({@link #reaches} it): its seq, by bisection (entries are in ordinal order); -1 if none. */
    long find(final long ordinal)
    {
        long lo = head - size;
        long hi = head;
        while (lo < hi)
        {
            final long mid = (lo + hi) >>> 1;
            if (ordinalAt(mid) < ordinal)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo < head && ordinalAt(lo) == ordinal ? lo : -1;
    }

    /** One past the newest entry's seq. */
    long head()
    {
        return head;
    }

    /** A walk read (and rewrote) the entries from {@code seq} on: their pages leave the mapping again at the next run's drop. */
    void walkedFrom(final long seq)
    {
        ring.rewound(seq);
    }

    /** See {@link #lastUnsafe}: -1 if none. */
    long lastUnsafe()
    {
        return lastUnsafe;
    }

    void markUnsafe(final long ordinal)
    {
        lastUnsafe = Math.max(lastUnsafe, ordinal);
    }

    long ordinalAt(final long seq)
    {
        return chunk(seq).getLong(offset(seq));
    }

    /** Points the cursor's getters below at the entry {@code seq} (one ring lookup for all of them). */
    void moveTo(final long seq)
    {
        final long slot = ring.slot(seq);
        cursor = ring.chunkAt(slot);
        cursorAt = ring.offsetAt(slot);
    }

    /** Before a walk from entry {@code seq} to the head: their pages mapped in at once where the ring can. @return whether it could. */
    boolean populateFrom(final long seq)
    {
        return ring.populate(seq, head);
    }

    long ordinal()
    {
        return cursor.getLong(cursorAt);
    }

    byte kind()
    {
        return cursor.get(cursorAt + 38);
    }

    int handle()
    {
        return cursor.getInt(cursorAt + 24);
    }

    int team()
    {
        return cursor.getShort(cursorAt + 36) & 0xFFFF;
    }

    long teamTotal()
    {
        return cursor.getLong(cursorAt + 8);
    }

    long teamReachedAt()
    {
        return cursor.getLong(cursorAt + 16);
    }

    boolean teamSeen()
    {
        return cursor.get(cursorAt + 39) != 0;
    }

    int finderSlot()
    {
        return cursor.getInt(cursorAt + 28);
    }

    byte type()
    {
        return cursor.get(cursorAt + TYPE);
    }

    byte status()
    {
        return cursor.get(cursorAt + STATUS);
    }

    long ts()
    {
        return cursor.getLong(cursorAt + TS);
    }

    long seq()
    {
        return cursor.getLong(cursorAt + SEQ);
    }

    long delta()
    {
        return cursor.getLong(cursorAt + DELTA);
    }

    /** The treasure of a treasure_found entry. */
    int treasure()
    {
        return cursor.getInt(cursorAt + INT0);
    }

    byte matchKind()
    {
        return cursor.get(cursorAt + BYTE);
    }

    /**
     * The cursor's (kept) entry: its team values set to those of the corrected history before it.
     * Written only where they differ: most teams are the void's strangers, and a page left clean
     * is not written back.
     */
    void setTeam(final long teamTotal, final boolean teamSeen, final long teamReachedAt)
    {
        if (teamTotal == teamTotal() && teamReachedAt == teamReachedAt() && teamSeen == teamSeen())
        {
            return;
        }
        cursor.putLong(cursorAt + 8, teamTotal);
        cursor.putLong(cursorAt + 16, teamReachedAt);
        cursor.put(cursorAt + 39, teamSeen ? (byte)1 : 0);
    }

    /** The match state a MATCH entry holds, into {@code state}. */
    void matchAt(final long seq, final long[] state)
    {
        final ByteBuffer c = chunk(seq);
        final int at = offset(seq);
        for (int i = 0; i < MATCH_LONGS; i++)
        {
            state[i] = c.getLong(at + HEADER + i * Long.BYTES);
        }
    }

    /** A PLAYER entry's record, written back over the player's (but for the id's word). */
    void restoreRecord(final long seq, final byte[] records, final int recordStride)
    {
        final ByteBuffer c = chunk(seq);
        final int at = offset(seq);
        final int base = c.getInt(at + 24) * recordStride;
        c.get(at + HEADER, records, base, idFrom);
        c.get(at + HEADER + idTo, records, base + idTo, recordBytes - idTo);
    }

    /** Makes room for the next entry; overwriting the oldest moves the coverage past it. */
    private ByteBuffer claim(final long ordinal)
    {
        if (coveredFrom == UNKNOWN)
        {
            coveredFrom = ordinal;
        }
        if (size == capacity)
        {
            coveredFrom = chunk(head).getLong(offset(head)) + 1; // the oldest entry, about to go
        }
        else
        {
            size++;
        }
        return chunk(head);
    }

    /**
     * Restores, newest first, every entry of an event at {@code ordinal} or later: records (but for
     * the id's word), finder slots and teams written back; the oldest MATCH entry's state left in
     * {@link #match}. The entries are dropped. The caller checked {@link #reaches}.
     *
     * @return how many entries were undone.
     */
    long rollBack(final long ordinal, final byte[] records, final TreasureFinders finders, final long[] teamTotal,
        final boolean[] teamSeen, final long[] teamReachedAt, final int recordStride)
    {
        matchRestored = false;
        long undone = 0;
        while (size > 0)
        {
            final long seq = head - 1;
            final ByteBuffer c = chunk(seq);
            final int at = offset(seq);
            if (c.getLong(at) < ordinal)
            {
                break;
            }
            if (c.get(at + 38) == MATCH)
            {
                for (int i = 0; i < MATCH_LONGS; i++)
                {
                    match[i] = c.getLong(at + HEADER + i * Long.BYTES);
                }
                matchRestored = true;
            }
            else
            {
                restoreRecord(seq, records, recordStride);
                final int slot = c.getInt(at + 28);
                if (slot >= 0)
                {
                    finders.restore(slot, c.getInt(at + 32)); // keeps the count of slots taken, which a snapshot writes
                }
                final int team = c.getShort(at + 36) & 0xFFFF;
                teamTotal[team] = c.getLong(at + 8);
                teamReachedAt[team] = c.getLong(at + 16);
                teamSeen[team] = c.get(at + 39) != 0;
            }
            head--;
            size--;
            undone++;
        }
        ring.rewound(head);
        return undone;
    }

    private ByteBuffer chunk(final long seq)
    {
        return ring.chunk(seq);
    }

    private int offset(final long seq)
    {
        return ring.offset(seq);
    }
}
