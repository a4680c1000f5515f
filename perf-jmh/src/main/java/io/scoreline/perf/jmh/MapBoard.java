package io.scoreline.perf.jmh;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Baseline for {@link io.scoreline.leaderboard.Leaderboard}: the board a Java team builds from the
 * JDK, a sorted map keyed by (total desc, reachedAt asc, id asc) plus a {@link HashMap} from id to
 * the player's current key, so an update can remove the old entry.
 *
 * <p>Neither {@link ConcurrentSkipListMap} nor {@link TreeMap} keeps subtree counts, so
 * {@link #rank} is {@code headMap(key).size()}, which walks every entry ahead: O(n), not O(log n).
 */
public final class MapBoard
{
    /** GAME.md section 6 order; a record, as a Java team would write it. */
    public record Key(long total, long reachedAt, long id) implements Comparable<Key>
    {
        @Override
        public int compareTo(final Key o)
        {
            int c = Long.compare(o.total, total);
            if (c == 0)
            {
                c = Long.compare(reachedAt, o.reachedAt);
            }
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private final NavigableMap<Key, Long> entries;
    private final Map<Long, Key> current = new HashMap<>();

    private MapBoard(final NavigableMap<Key, Long> entries)
    {
        this.entries = entries;
    }

    public static MapBoard skipList()
    {
        return new MapBoard(new ConcurrentSkipListMap<>());
    }

    public static MapBoard treeMap()
    {
        return new MapBoard(new TreeMap<>());
    }

    /** Inserts the player or moves it to its new key. */
    public void update(final long id, final long total, final long reachedAt)
    {
        final Key key = new Key(total, reachedAt, id);
        final Key old = current.put(id, key);
        if (old != null)
        {
            entries.remove(old);
        }
        entries.put(key, id);
    }

    /** 1-based rank, 0 if absent. O(n): the head map is counted entry by entry. */
    public int rank(final long id)
    {
        final Key key = current.get(id);
        return key == null ? 0 : entries.headMap(key).size() + 1;
    }

    /** Current total, 0 if absent. */
    public long total(final long id)
    {
        final Key key = current.get(id);
        return key == null ? 0 : key.total();
    }

    public int size()
    {
        return entries.size();
    }

    /** Ids in board order, best first, at most {@code limit}. */
    public long[] top(final int limit)
    {
        final long[] ids = new long[Math.min(limit, entries.size())];
        int i = 0;
        for (final Long id : entries.values())
        {
            if (i == ids.length)
            {
                break;
            }
            ids[i++] = id;
        }
        return ids;
    }
}
