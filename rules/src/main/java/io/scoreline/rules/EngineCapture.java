package io.scoreline.rules;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One consistent copy of a {@link ScoringEngine}'s state, for a snapshot. Owned by the thread
 * that writes snapshots, which reuses it from one snapshot to the next:
 * <ol>
 * <li>{@link #reserve} (owner): allocates copy chunks for the players there are, plus headroom;</li>
 * <li>{@link ScoringEngine#capture} (score stage, between two events): copies the team table and
 *     windows, and arms copy on write for the records and finders;</li>
 * <li>{@link #copy} (owner): copies every chunk the stage has not, ending copy on write;</li>
 * <li>{@link #writeEngine} and {@link #rankOrder} (owner): the bytes of the snapshot.</li>
 * </ol>
 * The copy holds only the used part of the records ({@code playerCount x recordBytes}); the
 * player index is not copied (a restore rebuilds it from the records' ids).
 */
public final class EngineCapture
{
    /** Copy-on-write granularity: a stage write into an uncopied chunk copies this much first (~20-50 us). */
    static final int CHUNK_BYTES = 256 * 1024;

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
    long ordinal;

    EngineCapture(final RecordLayout layout, final ChunkedCopy records, final ChunkedCopy finders, final int teams)
    {
        this.layout = layout;
        this.records = records;
        this.finders = finders;
        teamTotal = new long[teams];
        teamSeen = new boolean[teams];
        teamReachedAt = new long[teams];
        finders.reserve(Integer.MAX_VALUE);
    }

    /** Owner: makes room for a capture of up to {@code players} players (allocating here, never on the stage). */
    public void reserve(final int players)
    {
        records.reserve((int)Math.min(Integer.MAX_VALUE, (long)players * layout.bytes));
    }

    /** Players the reserved chunks can hold. */
    public int reservedPlayers()
    {
        return records.reservedLength() / layout.bytes;
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

    /** Owner, after the stage captured: copies what the stage did not, and ends copy on write. */
    public void copy()
    {
        finders.copyAll();
        records.copyAll();
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

    /** Writes the engine part of a snapshot, read back by {@link ScoringEngine#restore}. */
    public void writeEngine(final DataOutput out) throws IOException
    {
        out.writeInt(layout.bytes);
        out.writeInt(playerCount);
        for (int c = 0; c < records.chunkCount(); c++)
        {
            out.write((byte[])records.chunk(c), 0, records.chunkUsed(c));
        }
        out.writeInt(finders.length());
        int nonEmpty = 0;
        for (int c = 0; c < finders.chunkCount(); c++)
        {
            final int[] chunk = (int[])finders.chunk(c);
            for (int i = 0, n = finders.chunkUsed(c); i < n; i++)
            {
                nonEmpty += chunk[i] != 0 ? 1 : 0;
            }
        }
        out.writeInt(nonEmpty);
        for (int c = 0; c < finders.chunkCount(); c++)
        {
            final int[] chunk = (int[])finders.chunk(c);
            final int base = c * finders.chunkLength();
            for (int i = 0, n = finders.chunkUsed(c); i < n; i++)
            {
                if (chunk[i] != 0)
                {
                    out.writeInt(base + i);
                    out.writeInt(chunk[i]);
                }
            }
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
    }

    /**
     * The captured players' handles in GAME.md section 6 board order: total descending, then
     * reachedAt ascending (reachedAts are distinct: each is one event's ordinal). Sorted here, on
     * the owner's thread, so that a restore only appends to the board in this order.
     */
    public int[] rankOrder()
    {
        final int n = playerCount;
        final long[] totals = new long[n];
        final long[] reached = new long[n];
        final int[] handles = new int[n];
        int m = 0;
        for (int c = 0, h = 0; c < records.chunkCount(); c++)
        {
            final byte[] chunk = (byte[])records.chunk(c);
            for (int base = 0, used = records.chunkUsed(c); base < used; base += layout.bytes, h++)
            {
                if (layout.lastSeq.get(chunk, base) != 0) // not a handle a correction left without an event
                {
                    totals[m] = layout.total.get(chunk, base);
                    reached[m] = layout.reachedAt.get(chunk, base);
                    handles[m++] = h;
                }
            }
        }
        final int[] order = boardOrder(Arrays.copyOf(totals, m), Arrays.copyOf(reached, m));
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
