package io.scoreline.leaderboard;

/**
 * The team board: at most 65,536 teams, and no event needs a team's rank, only queries and
 * standings do. So an update is two array writes, and the order is sorted when a query asks
 * for it after a change (a few ms for 65,536 teams), instead of paying a tree update per event
 * on the board stage, the pipeline's busiest thread.
 */
public final class TeamBoard implements Ranking
{
    private final long[] totals;
    private final long[] reachedAts;
    private final boolean[] present;
    private final int[] order;
    private final int[] scratch;
    private int size;
    private boolean sorted = true;

    public TeamBoard(final int teams)
    {
        totals = new long[teams];
        reachedAts = new long[teams];
        present = new boolean[teams];
        order = new int[teams];
        scratch = new int[teams];
    }

    /** Puts the team (its id is its index) on the board with this total and reachedAt. No allocation. */
    public void update(final int team, final long total, final long reachedAt)
    {
        if (!present[team])
        {
            present[team] = true;
            order[size++] = team;
        }
        totals[team] = total;
        reachedAts[team] = reachedAt;
        sorted = false;
    }

    /** Empties the board (a rebuild after a correction). */
    public void clear()
    {
        for (int i = 0; i < size; i++)
        {
            present[order[i]] = false;
        }
        size = 0;
        sorted = true;
    }

    public long total(final int team)
    {
        return totals[team];
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public int forEachInRange(final int offset, final int limit, final Leaderboard.EntryConsumer consumer)
    {
        sort();
        final int from = Math.max(0, offset);
        final int to = (int)Math.min(size, (long)from + Math.max(0, limit));
        for (int i = from; i < to; i++)
        {
            final int team = order[i];
            consumer.accept(i + 1, team, totals[team]);
        }
        return Math.max(0, to - from);
    }

    private void sort()
    {
        if (!sorted)
        {
            mergeSort(0, size);
            sorted = true;
        }
    }

    /** Stable merge sort of order[from, to) in board order; primitive, no comparator objects. */
    private void mergeSort(final int from, final int to)
    {
        if (to - from < 2)
        {
            return;
        }
        final int mid = (from + to) >>> 1;
        mergeSort(from, mid);
        mergeSort(mid, to);
        int left = from;
        int right = mid;
        int out = from;
        while (left < mid && right < to)
        {
            scratch[out++] = isAhead(order[right], order[left]) ? order[right++] : order[left++];
        }
        while (left < mid)
        {
            scratch[out++] = order[left++];
        }
        while (right < to)
        {
            scratch[out++] = order[right++];
        }
        System.arraycopy(scratch, from, order, from, to - from);
    }

    private boolean isAhead(final int a, final int b)
    {
        if (totals[a] != totals[b])
        {
            return totals[a] > totals[b];
        }
        if (reachedAts[a] != reachedAts[b])
        {
            return reachedAts[a] < reachedAts[b];
        }
        return a < b;
    }
}
