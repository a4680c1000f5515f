package io.scoreline.push;

import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.Boards;

/**
 * What the push side sends through the ring, so that it reaches the sink thread in ring order
 * with the events around it: subscription changes (published by the event loop when a control
 * message arrives) and the periodic reads of the boards (top N, ranks, stats). {@link #answer}
 * runs on the board thread, {@link #deliver} on the sink thread (today the same thread, the board
 * stage calling the sink; the ring's order makes it right either way).
 */
abstract class PushQuery implements BoardQuery
{
    @Override
    public void answer(final Boards boards, final int playerHandle)
    {
    }

    /** Sink thread. */
    abstract void deliver(PushDispatcher dispatcher);

    /** The top {@code capacity} of the player board, copied on the board thread. */
    static class TopSnapshot extends PushQuery
    {
        final long[] ids;
        final long[] scores;
        int count;
        private final Leaderboard.EntryConsumer copy;

        TopSnapshot(final int capacity)
        {
            ids = new long[capacity];
            scores = new long[capacity];
            copy = (rank, id, total) ->
            {
                ids[count] = id;
                scores[count] = total;
                count++;
            };
        }

        @Override
        public void answer(final Boards boards, final int playerHandle)
        {
            count = 0;
            boards.players().forEachInRange(0, ids.length, copy);
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.onTopTick(this);
        }
    }

    static final class SubscribeTop extends TopSnapshot
    {
        final PushConnection connection;

        SubscribeTop(final PushConnection connection, final int limit)
        {
            super(limit);
            this.connection = connection;
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.subscribeTop(this);
        }
    }

    static final class UnsubscribeTop extends PushQuery
    {
        final PushConnection connection;

        UnsubscribeTop(final PushConnection connection)
        {
            this.connection = connection;
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.unsubscribeTop(connection);
        }
    }

    static final class SubscribePlayer extends PushQuery
    {
        final PushConnection connection;
        final long player;
        int handle = -1;
        long total;
        int rank;

        SubscribePlayer(final PushConnection connection, final long player)
        {
            this.connection = connection;
            this.player = player;
        }

        @Override
        public long playerId()
        {
            return player;
        }

        @Override
        public void answer(final Boards boards, final int playerHandle)
        {
            handle = playerHandle;
            if (playerHandle >= 0 && boards.players().contains(playerHandle))
            {
                total = boards.players().total(playerHandle);
                rank = boards.players().rank(playerHandle);
            }
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.subscribePlayer(this);
        }
    }

    static final class UnsubscribePlayer extends PushQuery
    {
        final PushConnection connection;
        final long player;

        UnsubscribePlayer(final PushConnection connection, final long player)
        {
            this.connection = connection;
            this.player = player;
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.unsubscribePlayer(connection, player);
        }
    }

    /** The connection is gone: drop every subscription it held (listed by the event loop at close). */
    static final class Gone extends PushQuery
    {
        final PushConnection connection;
        final long[] players;

        Gone(final PushConnection connection, final long[] players)
        {
            this.connection = connection;
            this.players = players;
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            for (final long player : players)
            {
                dispatcher.unsubscribePlayer(connection, player);
            }
            dispatcher.unsubscribeTop(connection);
        }
    }

    /**
     * The rank refresh, one slice of the subscribed players every {@code 1000 / SLICES} ms, so each
     * player's rank is read (and pushed if it moved) once a second, and the pushes of a second are
     * spread over it rather than written in one burst (10,000 subscribers in one burst held the
     * push loop ~0.2 s). The sink thread lists the slice's handles, the push loop publishes it,
     * the board thread reads their ranks, the sink thread pushes the ones that moved and lists the
     * next slice. One instance, in flight at most once ({@link #ready}).
     */
    static final class RankRefresh extends PushQuery
    {
        static final int SLICES = 50;

        /** The slice listed: players whose {@link #sliceOf} is this. */
        int slice;
        long[] ids = new long[64];
        int[] handles = new int[64];
        long[] totals = new long[64];
        int[] ranks = new int[64];
        int count;
        /** Listed by the sink thread and not in the ring: the event loop may publish it. */
        volatile boolean ready = true;

        @Override
        public void answer(final Boards boards, final int playerHandle)
        {
            final Leaderboard players = boards.players();
            for (int i = 0; i < count; i++)
            {
                final int handle = handles[i];
                final boolean on = players.contains(handle);
                ranks[i] = on ? players.rank(handle) : 0;
                totals[i] = on ? players.total(handle) : 0;
            }
        }

        static int sliceOf(final long player)
        {
            return Math.floorMod(PushPlayers.hash(player), SLICES);
        }

        void add(final long id, final int handle)
        {
            if (count == ids.length)
            {
                final int n = count * 2;
                ids = java.util.Arrays.copyOf(ids, n);
                handles = java.util.Arrays.copyOf(handles, n);
                totals = java.util.Arrays.copyOf(totals, n);
                ranks = java.util.Arrays.copyOf(ranks, n);
            }
            ids[count] = id;
            handles[count] = handle;
            count++;
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.onRankRefresh(this);
        }
    }

    /**
     * Nothing to read: it only gives the sink an end of batch, so that changes a full hand-off
     * kept back go out although no event follows.
     */
    static final class Nudge extends PushQuery
    {
        volatile boolean inFlight;

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            inFlight = false;
        }
    }

    /** Extension {"subscribe":"stats"}: event counts and the top teams, read once a second. */
    static final class Stats extends PushQuery
    {
        static final int TEAMS = 10;

        final long[] teamIds = new long[TEAMS];
        final long[] teamScores = new long[TEAMS];
        int teamCount;
        long events;
        int players;
        volatile boolean inFlight;
        final Runnable onEventLoop;
        private final Leaderboard.EntryConsumer copy = (rank, id, total) ->
        {
            teamIds[teamCount] = id;
            teamScores[teamCount] = total;
            teamCount++;
        };

        Stats(final Runnable onEventLoop)
        {
            this.onEventLoop = onEventLoop;
        }

        @Override
        public void answer(final Boards boards, final int playerHandle)
        {
            teamCount = 0;
            boards.teams().forEachInRange(0, TEAMS, copy);
            players = boards.players().size();
            events = boards.eventsWithStatus(io.scoreline.rules.Score.OK) +
                boards.eventsWithStatus(io.scoreline.rules.Score.DUPLICATE) +
                boards.eventsWithStatus(io.scoreline.rules.Score.REJECTED) + boards.internalErrors();
        }

        @Override
        void deliver(final PushDispatcher dispatcher)
        {
            dispatcher.onStats(this);
        }
    }
}
