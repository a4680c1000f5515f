package io.scoreline.rules;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One consistent capture of a {@link ScoringEngine}'s state, for a snapshot. Owned by the thread
 * that writes snapshots, which reuses it from one snapshot to the next:
 * <ol>
 * <li>{@link #reserve} (owner): allocates the copy-on-write pools and the board-order scratch;</li>
 * <li>{@link ScoringEngine#capture} (score stage, between two events): copies the team table and
 *     windows, and arms copy on write for the records and finders;</li>
 * <li>{@link #writeEngine} (owner): streams the records out as they were at the capture (no copy
 *     of them is made: only chunks the stage writes meanwhile are saved, into a bounded pool),
 *     picking up each player's total and reachedAt on the way;</li>
 * <li>{@link #writeRankOrder} (owner): the players in board order, sorted from what was picked up;</li>
 * <li>{@link #release} (owner, always, in a finally): ends a capture a failure left armed.</li>
 * </ol>
 * The player index is not written (a restore rebuilds it from the records' ids). Memory: the
 * pools ({@link #POOL_BYTES}, {@link #FINDER_POOL_BYTES}) and 20 bytes a player for the board
 * order; no copy of the records or finders.
 */
public final class EngineCapture
{
    /** Copy-on-write granularity: a stage write into a chunk not yet streamed saves this much (4 records of ~100 bytes) first. */
    public static final int CHUNK_BYTES = 512;
    /**
     * Chunks the stage may save while a capture streams: 8 MiB, ~20k chunks. At 18k events/s a
     * 2M-player stream of ~1-2 s meets ~9-18k events, half of them still ahead of it.
     */
    static final int POOL_BYTES = 8 << 20;
    /** The finders' granularity, one cache line: a treasure_found writes one slot, at random. */
    static final int FINDER_CHUNK_SLOTS = 16;
    /** The finders' pool: 16k chunks. */
    static final int FINDER_POOL_BYTES = 1 << 20;

    private final RecordLayout layout;
    private final ChunkedCopy records;
    private final ChunkedCopy finders;
    final long[] teamTotal;
    final boolean[] teamSeen;
    final long[] teamReachedAt;
    final long[] globals = new long[MatchState.LONGS];
    private long[] feedSeqs = new long[0];
    private long[] feedOrdinals = new long[0];
    private byte[] feedKinds = new byte[0];
    private long[] overrideOrdinals = new long[0];
    private byte[] overrideActions = new byte[0];
    int playerCount;
    /** Finder slots taken at the capture: the file gives the count before it lists them. */
    int finderCount;
    long ordinal;
    private int findersWritten;
    /** Board order scratch, by handle while streaming: reachedAt (-1: no event) and total; then sort keys and arrival order. */
    private long[] keys = new long[0];
    private long[] totals = new long[0];
    private int[] arrival = new int[0];
    private int ranked;
    private int handleBits;
    /** The order when totals or reachedAts are too wide to pack with a handle (then allocated), else null. */
    private int[] wideOrder;

    EngineCapture(final RecordLayout layout, final ChunkedCopy records, final ChunkedCopy finders, final int teams)
    {
        this.layout = layout;
        this.records = records;
        this.finders = finders;
        teamTotal = new long[teams];
        teamSeen = new boolean[teams];
        teamReachedAt = new long[teams];
    }

    /** Owner: makes room for a capture of up to {@code players} players (allocating here, never on the stage). */
    public void reserve(final int players)
    {
        records.reserve();
        finders.reserve();
        if (keys.length < players)
        {
            keys = new long[players];
            totals = new long[players];
            arrival = new int[players];
        }
    }

    /** Players the reserved scratch can hold. */
    public int reservedPlayers()
    {
        return records.isReserved() ? keys.length : 0;
    }

    /** Score stage: whether a capture of {@code players} players fits what is reserved. */
    boolean canHold(final int players)
    {
        return records.isReserved() && finders.isReserved() && keys.length >= players;
    }

    /** Bytes this capture holds or will hold when reserved for {@code players}: pools, finder copy, board-order scratch. */
    public long reservedBytes(final int players)
    {
        return records.reservedElements() + records.trackingBytes() + Integer.BYTES * finders.reservedElements() +
            finders.trackingBytes() +
            (long)Math.max(players, keys.length) * (2 * Long.BYTES + Integer.BYTES);
    }

    /** Record chunks the stage saved into the pool while captures streamed, since start. */
    public long savedChunks()
    {
        return records.savedChunks();
    }

    /** Bytes of one saved chunk. */
    public int chunkBytes()
    {
        return records.chunkLength();
    }

    /** The pool's size in chunks. */
    public int poolChunks()
    {
        return records.poolChunks();
    }

    /** The most record chunks held in the pool at once, since start. */
    public int peakPoolChunks()
    {
        return records.peakSlots();
    }

    /** Times the stage found a pool full and waited for the stream to free a slot, since start. */
    public long poolWaits()
    {
        return records.poolWaits() + finders.poolWaits();
    }
    /**
     * Score stage, in {@link ScoringEngine#capture}: the accepted match events and the voids'
     * overrides (GAME.md section 7). A few hundred entries: copied whole, allocating only when
     * they outgrew the last capture's arrays.
     */
    void captureVoids(final MatchFeed feed, final VoidOverrides overrides)
    {
        final int n = feed.size();
        if (feedSeqs.length != n)
        {
            feedSeqs = new long[n];
            feedOrdinals = new long[n];
            feedKinds = new byte[n];
        }
        for (int i = 0; i < n; i++)
        {
            feedSeqs[i] = feed.seq(i);
            feedOrdinals[i] = feed.ordinal(i);
            feedKinds[i] = feed.kind(i);
        }
        final int m = overrides.size();
        if (overrideOrdinals.length != m)
        {
            overrideOrdinals = new long[m];
            overrideActions = new byte[m];
        }
        for (int i = 0; i < m; i++)
        {
            overrideOrdinals[i] = overrides.ordinal(i);
            overrideActions[i] = overrides.action(i);
        }
    }

    /** The ordinal the capture was taken after (the stage's last event), -1 for none. */
    public long ordinal()
    {
        return ordinal;
    }

    public int playerCount()
    {
        return playerCount;
    }

    /** Bytes of one player record (the snapshot's records section is this times {@link #playerCount}). */
    public int recordBytes()
    {
        return layout.bytes;
    }

    /**
     * Writes the engine part of a snapshot, read back by {@link ScoringEngine#restore}: streams the
     * records and finders as they were at the capture, ending its copy on write, and picks up what
     * {@link #writeRankOrder} sorts.
     */
    public void writeEngine(final DataOutput out) throws IOException
    {
        out.writeInt(layout.bytes);
        out.writeInt(playerCount);
        java.util.Arrays.fill(keys, 0, playerCount, -1L);
        final int stride = layout.bytes;
        records.drain((array, from, length, at) ->
        {
            final byte[] chunk = (byte[])array;
            for (int base = from, h = at / stride, end = from + length; base < end; base += stride, h++)
            {
                if (layout.lastSeq.get(chunk, base) != 0) // not a handle a correction left without an event
                {
                    keys[h] = layout.reachedAt.get(chunk, base);
                    totals[h] = layout.total.get(chunk, base);
                }
            }
            out.write(chunk, from, length);
        });
        out.writeInt(finders.length());
        out.writeInt(finderCount);
        findersWritten = 0;
        finders.drain((array, from, length, at) ->
        {
            final int[] chunk = (int[])array;
            for (int i = 0; i < length; i++)
            {
                if (chunk[from + i] != 0)
                {
                    out.writeInt(at + i);
                    out.writeInt(chunk[from + i]);
                    findersWritten++;
                }
            }
        });
        if (findersWritten != finderCount)
        {
            throw new IOException("snapshot: " + findersWritten + " finder slots streamed, " + finderCount + " taken at the capture");
        }
        int teams = 0;
        for (final boolean seen : teamSeen)
        {
            teams += seen ? 1 : 0;
        }
        out.writeInt(teams);
        for (int t = 0; t < teamSeen.length; t++)
        {
            if (teamSeen[t])
            {
                out.writeShort(t);
                out.writeLong(teamTotal[t]);
                out.writeLong(teamReachedAt[t]);
            }
        }
        for (final long g : globals)
        {
            out.writeLong(g);
        }
        out.writeInt(feedSeqs.length);
        for (int i = 0; i < feedSeqs.length; i++)
        {
            out.writeLong(feedSeqs[i]);
            out.writeLong(feedOrdinals[i]);
            out.writeByte(feedKinds[i]);
        }
        out.writeInt(overrideOrdinals.length);
        for (int i = 0; i < overrideOrdinals.length; i++)
        {
            out.writeLong(overrideOrdinals[i]);
            out.writeByte(overrideActions[i]);
        }
        sortBoardOrder();
    }

    /** Owner, in a finally: ends copy on write of a capture not (wholly) written, so that the stage never waits on it. */
    public void release() throws IOException
    {
        if (finders.isActive())
        {
            finders.drain((array, from, length, at) -> { });
        }
        if (records.isActive())
        {
            records.drain((array, from, length, at) -> { });
        }
    }

    /** After {@link #writeEngine}: players on the board, then their handles in GAME.md section 6 board order. */
    public void writeRankOrder(final DataOutput out) throws IOException
    {
        out.writeInt(ranked);
        for (int i = 0; i < ranked; i++)
        {
            out.writeInt(orderAt(i));
        }
    }

    /** After {@link #writeEngine}: the captured players' handles in board order (allocates; tests and tools). */
    public int[] rankOrder()
    {
        final int[] order = new int[ranked];
        for (int i = 0; i < ranked; i++)
        {
            order[i] = orderAt(i);
        }
        return order;
    }

    private int orderAt(final int i)
    {
        return wideOrder != null ? wideOrder[i] : arrival[(int)(keys[i] & ((1L << handleBits) - 1))];
    }

    /**
     * GAME.md section 6 board order (total descending, then reachedAt ascending: distinct, each is
     * one event's ordinal) in the scratch, without allocating: two in-place sorts of packed longs,
     * by reachedAt then by total (offset from the largest) and arrival rank. Where either does not
     * fit beside a handle's bits, {@link #boardOrder} on arrays of its own.
     */
    private void sortBoardOrder()
    {
        final int n = playerCount;
        handleBits = RecordLayout.bitsFor(Math.max(n, 1));
        long maxReached = 0;
        long minTotal = Long.MAX_VALUE;
        long maxTotal = Long.MIN_VALUE;
        int m = 0;
        for (int h = 0; h < n; h++)
        {
            if (keys[h] >= 0)
            {
                maxReached = Math.max(maxReached, keys[h]);
                minTotal = Math.min(minTotal, totals[h]);
                maxTotal = Math.max(maxTotal, totals[h]);
                m++;
            }
        }
        ranked = m;
        final long range = m == 0 ? 0 : maxTotal - minTotal; // negative if it overflowed
        if (RecordLayout.bitsFor(maxReached) + handleBits > 63 || range < 0 || RecordLayout.bitsFor(range) + handleBits > 63)
        {
            wideOrder = wideOrder(m);
            return;
        }
        wideOrder = null;
        m = 0;
        for (int h = 0; h < n; h++)
        {
            if (keys[h] >= 0)
            {
                keys[m++] = keys[h] << handleBits | h; // m <= h: compacts in place
            }
        }
        Arrays.sort(keys, 0, m);
        final long mask = (1L << handleBits) - 1;
        for (int p = 0; p < m; p++)
        {
            final int h = (int)(keys[p] & mask);
            arrival[p] = h;
            keys[p] = (maxTotal - totals[h]) << handleBits | p;
        }
        Arrays.sort(keys, 0, m);
    }

    private int[] wideOrder(final int m)
    {
        final long[] t = new long[m];
        final long[] r = new long[m];
        final int[] handles = new int[m];
        for (int h = 0, i = 0; h < playerCount; h++)
        {
            if (keys[h] >= 0)
            {
                t[i] = totals[h];
                r[i] = keys[h];
                handles[i++] = h;
            }
        }
        final int[] order = boardOrder(t, r);
        for (int i = 0; i < m; i++)
        {
            order[i] = handles[order[i]];
        }
        return order;
    }

    /**
     * Positions 0..n-1 of these entries in GAME.md section 6 board order: total descending, then
     * reachedAt ascending (distinct: each is one event's ordinal).
     */
    public static int[] boardOrder(final long[] totals, final long[] reached)
    {
        final int n = totals.length;
        long maxReached = 0;
        for (final long r : reached)
        {
            maxReached = Math.max(maxReached, r);
        }
        final int handleBits = RecordLayout.bitsFor(Math.max(n, 1));
        if (RecordLayout.bitsFor(maxReached) + handleBits <= 63)
        {
            return packedOrder(totals, reached, handleBits);
        }
        return mergeOrder(totals, reached);
    }

    /** Two sorts of packed longs: by reachedAt, then (stable, by position) by total's dense rank. */
    private static int[] packedOrder(final long[] totals, final long[] reached, final int handleBits)
    {
        final int n = totals.length;
        final long mask = (1L << handleBits) - 1;
        final long[] keys = new long[n];
        for (int h = 0; h < n; h++)
        {
            keys[h] = reached[h] << handleBits | h;
        }
        Arrays.sort(keys);
        final int[] arrival = new int[n];
        for (int p = 0; p < n; p++)
        {
            arrival[p] = (int)(keys[p] & mask);
        }
        final long[] distinct = totals.clone();
        Arrays.sort(distinct);
        int d = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || distinct[i] != distinct[i - 1])
            {
                distinct[d++] = distinct[i];
            }
        }
        for (int p = 0; p < n; p++)
        {
            final long rankDesc = d - 1 - Arrays.binarySearch(distinct, 0, d, totals[arrival[p]]);
            keys[p] = rankDesc << handleBits | p;
        }
        Arrays.sort(keys);
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = arrival[(int)(keys[i] & mask)];
        }
        return order;
    }

    /** The general case (ordinals too large to pack with a handle): a merge sort of handles. */
    private static int[] mergeOrder(final long[] totals, final long[] reached)
    {
        final int n = totals.length;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int h = 0; h < n; h++)
        {
            a[h] = h;
        }
        for (int width = 1; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                final int mid = Math.min(lo + width, n);
                final int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi)
                {
                    final int x = a[i];
                    final int y = a[j];
                    final boolean yFirst = totals[y] > totals[x] || (totals[y] == totals[x] && reached[y] < reached[x]);
                    b[k++] = yFirst ? a[j++] : a[i++];
                }
                while (i < mid)
                {
                    b[k++] = a[i++];
                }
                while (j < hi)
                {
                    b[k++] = a[j++];
                }
            }
            final int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
