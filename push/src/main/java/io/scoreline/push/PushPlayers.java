package io.scoreline.push;

/**
 * The sink thread's subscribed players: player id to {@link Player} (its subscribers and the
 * latest state seen), open addressing with backward-shift deletion so a lookup per scored event
 * costs one hash and a short probe, and nothing is allocated but on subscription.
 */
final class PushPlayers
{
    /** One subscribed player. Sink thread only. */
    static final class Player
    {
        final long id;
        /** Board handle once known (an event of it was scored, or the subscription resolved it), else -1. */
        int handle = -1;
        long total;
        int rank;
        /** Rank last pushed (or known at subscription): the once-a-second refresh pushes when it differs. */
        int pushedRank;
        boolean dirty;
        PushConnection[] subscribers = new PushConnection[2];
        int count;

        Player(final long id)
        {
            this.id = id;
        }

        boolean add(final PushConnection c)
        {
            for (int i = 0; i < count; i++)
            {
                if (subscribers[i] == c)
                {
                    return false;
                }
            }
            if (count == subscribers.length)
            {
                subscribers = java.util.Arrays.copyOf(subscribers, count * 2);
            }
            subscribers[count++] = c;
            return true;
        }

        void remove(final PushConnection c)
        {
            for (int i = 0; i < count; i++)
            {
                if (subscribers[i] == c)
                {
                    subscribers[i] = subscribers[--count];
                    subscribers[count] = null;
                    return;
                }
            }
        }
    }

    private long[] keys = new long[64];
    private Player[] values = new Player[64];
    private int size;

    int size()
    {
        return size;
    }

    Player get(final long id)
    {
        final int mask = keys.length - 1;
        for (int index = hash(id) & mask; keys[index] != 0; index = (index + 1) & mask)
        {
            if (keys[index] == id)
            {
                return values[index];
            }
        }
        return null;
    }

    Player getOrCreate(final long id)
    {
        final Player existing = get(id);
        if (existing != null)
        {
            return existing;
        }
        if (2 * (size + 1) > keys.length)
        {
            rehash(keys.length * 2);
        }
        final Player player = new Player(id);
        insert(id, player);
        size++;
        return player;
    }

    void remove(final long id)
    {
        final int mask = keys.length - 1;
        int index = hash(id) & mask;
        while (keys[index] != id)
        {
            if (keys[index] == 0)
            {
                return;
            }
            index = (index + 1) & mask;
        }
        keys[index] = 0;
        values[index] = null;
        size--;
        // Backward shift: move later entries of the run into the hole if their home allows it.
        int hole = index;
        for (int next = (hole + 1) & mask; keys[next] != 0; next = (next + 1) & mask)
        {
            final int home = hash(keys[next]) & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                keys[hole] = keys[next];
                values[hole] = values[next];
                keys[next] = 0;
                values[next] = null;
                hole = next;
            }
        }
    }

    /** Visits every player (the once-a-second rank refresh lists them). */
    void forEach(final java.util.function.Consumer<Player> consumer)
    {
        for (final Player p : values)
        {
            if (p != null)
            {
                consumer.accept(p);
            }
        }
    }

    Player[] table()
    {
        return values;
    }

    private void insert(final long id, final Player player)
    {
        final int mask = keys.length - 1;
        int index = hash(id) & mask;
        while (keys[index] != 0)
        {
            index = (index + 1) & mask;
        }
        keys[index] = id;
        values[index] = player;
    }

    private void rehash(final int capacity)
    {
        final long[] oldKeys = keys;
        final Player[] oldValues = values;
        keys = new long[capacity];
        values = new Player[capacity];
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != 0)
            {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    static int hash(final long id)
    {
        long h = id * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return (int)h ^ (int)(h >>> 16);
    }
}
