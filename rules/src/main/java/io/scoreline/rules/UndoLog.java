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
 *          then the player's record as it was (PLAYER), or the seven match-state longs (MATCH)
 * </pre>
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
    private static final int HEADER = 40;

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
        head = 0;
        size = 0;
        coveredFrom = UNKNOWN;
        ring.reset();
    }

    /** Before a player event's commit: its record, its finder slot (or -1) and its team as they are. */
    void beforePlayer(final long ordinal, final byte[] records, final int base, final int handle, final int[] finders,
        final int finderSlot, final int team, final long teamTotal, final boolean teamSeen, final long teamReachedAt)
    {
        if (capacity == 0)
        {
            return;
        }
        final ByteBuffer c = claim(ordinal);
        final int at = offset(head);
        c.putLong(at, ordinal);
        c.putLong(at + 8, teamTotal);
        c.putLong(at + 16, teamReachedAt);
        c.putInt(at + 24, handle);
        c.putInt(at + 28, finderSlot);
        c.putInt(at + 32, finderSlot >= 0 ? finders[finderSlot] : 0);
        c.putShort(at + 36, (short)team);
        c.put(at + 38, PLAYER);
        c.put(at + 39, teamSeen ? (byte)1 : 0);
        c.put(at + HEADER, records, base, recordBytes);
        head++;
    }

    /** Before a match event's (or an applied void's) commit: the match state as it is ({@link #MATCH_LONGS} longs). */
    void beforeMatch(final long ordinal, final long[] state)
    {
        if (capacity == 0)
        {
            return;
        }
        final ByteBuffer c = claim(ordinal);
        final int at = offset(head);
        c.putLong(at, ordinal);
        c.put(at + 38, MATCH);
        for (int i = 0; i < MATCH_LONGS; i++)
        {
            c.putLong(at + HEADER + i * Long.BYTES, state[i]);
        }
        head++;
    }

    /** The chunk of the next entry; overwriting the oldest moves the coverage past it. */
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
                final int base = c.getInt(at + 24) * recordStride;
                c.get(at + HEADER, records, base, idFrom);
                c.get(at + HEADER + idTo, records, base + idTo, recordBytes - idTo);
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
