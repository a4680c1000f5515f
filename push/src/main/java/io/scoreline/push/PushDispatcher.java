package io.scoreline.push;

import io.scoreline.pipeline.BoardImage;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.ResultSink;
import io.scoreline.pipeline.edge.NanoClock;
import io.scoreline.rules.ResultEncoder;
import io.scoreline.rules.Score;

import java.util.concurrent.TimeUnit;

/**
 * The sink half of push, on the board thread (a pipeline thread): sees every finished slot after
 * the result sink.
 * <ul>
 * <li>Player pushes: an accepted event with {@code delta != 0} of a subscribed player (one hash
 *     probe per event) records the player's latest total and rank; at the end of the batch each
 *     such player goes once to each of its subscribers through the {@link PushHandOff} (no lock,
 *     nothing allocated); the push loop coalesces and writes. A full hand-off keeps the player
 *     dirty for the next batch.</li>
 * <li>Subscriptions arrive as {@link PushQuery} slots in ring order, so a subscription covers
 *     exactly the events published after it.</li>
 * <li>Top N and ranks: the event loop's periodic {@link PushQuery.TopSnapshot} and
 *     {@link PushQuery.RankRefresh} are answered on the board thread and compared here.</li>
 * </ul>
 * Sink thread only; what the push loop reads goes through the {@link SinkReport}.
 */
final class PushDispatcher implements ResultSink
{
    static final int TOP_PUSHES_PER_SECOND = 10;
    static final long ONE_SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] TOP_PREFIX = PushJson.ascii("{\"push\":\"top\",\"limit\":");
    private static final byte[] TOP_PLAYERS = PushJson.ascii(",\"players\":[");
    private static final byte[] RANK = PushJson.ascii("{\"rank\":");
    private static final byte[] PLAYER = PushJson.ascii(",\"player\":");
    private static final byte[] SCORE = PushJson.ascii(",\"score\":");
    private static final int MAX_TOP_BYTES = TOP_PREFIX.length + TOP_PLAYERS.length + 8 +
        PushControl.MAX_TOP_LIMIT * (RANK.length + PLAYER.length + SCORE.length + 3 * PushJson.MAX_LONG_CHARS + 2);

    private final NanoClock clock;
    private final PushHandOff handOff;
    private final PushPlayers players = new PushPlayers();
    /** Every move on the player board, for the shard thread's copy; null when shards are not served. */
    private final ShardLog shardLog;
    private PushPlayers.Player[] dirty = new PushPlayers.Player[64];
    private int dirtyCount;
    private PushConnection[] tops = new PushConnection[16];
    private int topCount;
    private final long[] prefixHash = new long[PushControl.MAX_TOP_LIMIT + 1];
    /** Encoding scratch; each (tick, limit) gets its own immutable copy, as it crosses to the push loop. */
    private final byte[] scratch = new byte[MAX_TOP_BYTES];
    private final byte[][] encodedTop = new byte[PushControl.MAX_TOP_LIMIT + 1][];
    private final long[] encodedTopTick = new long[PushControl.MAX_TOP_LIMIT + 1];
    private long topTick;
    private final PushHub hub;
    private final SinkReport report;

    PushDispatcher(final NanoClock clock, final PushHandOff handOff, final PushHub hub, final SinkReport report)
    {
        this(clock, handOff, null, hub, report);
    }

    PushDispatcher(final NanoClock clock, final PushHandOff handOff, final ShardLog shardLog, final PushHub hub,
        final SinkReport report)
    {
        this.clock = clock;
        this.handOff = handOff;
        this.shardLog = shardLog;
        this.hub = hub;
        this.report = report;
    }

    @Override
    public void onSlot(final EventSlot slot, final boolean endOfBatch)
    {
        if (slot.command == EventSlot.EVENT)
        {
            if (slot.context != null)
            {
                report.latency.recordValue(Math.max(0, Math.min(clock.nanoTime() - slot.receivedNanos, SinkReport.HIGHEST_NANOS)));
            }
            final Score score = slot.score;
            if (slot.rebuild != null && !slot.failed)
            {
                onCorrection(slot.rebuild);
            }
            if (shardLog != null && !slot.failed && score.status == Score.OK && score.playerHandle >= 0 && score.playerMoved)
            {
                // The same update the board stage made, in the same order: the shard thread replays it.
                shardLog.append(score.playerHandle, slot.event.player, score.total, score.playerReachedAt, score.delta != 0,
                    slot.context != null ? slot.receivedNanos : 0);
            }
            if (players.size() > 0 && !slot.failed && score.status == Score.OK && score.delta != 0)
            {
                final PushPlayers.Player p = players.get(slot.event.player);
                if (p != null)
                {
                    p.total = score.total;
                    p.rank = slot.rank;
                    p.handle = score.playerHandle;
                    markDirty(p);
                }
            }
        }
        else if (slot.command == EventSlot.QUERY && slot.query instanceof PushQuery && slot.context == hub)
        {
            ((PushQuery)slot.query).deliver(this);
            hub.queryDelivered();
        }
        if (endOfBatch && dirtyCount > 0)
        {
            handOffDirty();
        }
    }

    /**
     * A void rebuilt the board (GAME.md section 7): the shard copy is rebuilt from the same image,
     * in the same order, on the shard thread; each subscribed player whose total or rank changed is
     * pushed at once. Off the per-event path: it allocates a handle-to-place table.
     */
    /** After a partial image: each subscribed player's total and rank read from the board it was applied to (this thread's). */
    private void pushChanged(final io.scoreline.leaderboard.Leaderboard board)
    {
        for (final PushPlayers.Player p : players.table())
        {
            if (p == null || p.handle < 0)
            {
                continue;
            }
            final long total = board.total(p.handle);
            final int rank = board.rank(p.handle); // 0: the correction left the player with no accepted event
            if (total != p.total || rank != p.rank)
            {
                p.total = total;
                p.rank = rank;
                markDirty(p);
            }
        }
    }

    private void onCorrection(final BoardImage image)
    {
        final int n = image.handles.length;
        if (shardLog != null)
        {
            shardLog.appendRebuild(image);
        }
        if (players.size() == 0)
        {
            return;
        }
        if (image.partial)
        {
            pushChanged(image.board);
            return;
        }
        int maxHandle = -1;
        for (int i = 0; i < n; i++)
        {
            maxHandle = Math.max(maxHandle, image.handles[i]);
        }
        final int[] placeOf = new int[maxHandle + 1];
        java.util.Arrays.fill(placeOf, -1);
        for (int i = 0; i < n; i++)
        {
            placeOf[image.handles[i]] = i;
        }
        for (final PushPlayers.Player p : players.table())
        {
            if (p == null || p.handle < 0)
            {
                continue;
            }
            final int place = p.handle < placeOf.length ? placeOf[p.handle] : -1;
            final long total = place >= 0 ? image.totals[place] : 0;
            final int rank = place + 1; // 0: the correction left the player with no accepted event
            if (total != p.total || rank != p.rank)
            {
                p.total = total;
                p.rank = rank;
                markDirty(p);
            }
        }
    }

    /** Each dirty player to each of its subscribers; what does not fit stays dirty (latest state) for the next batch. */
    private void handOffDirty()
    {
        int kept = 0;
        boolean offered = false;
        for (int i = 0; i < dirtyCount; i++)
        {
            final PushPlayers.Player p = dirty[i];
            dirty[i] = null;
            boolean all = true;
            for (int s = 0; s < p.count; s++)
            {
                final PushConnection c = p.subscribers[s];
                if (c.gone)
                {
                    continue;
                }
                if (handOff.offerPlayer(c, p.id, p.total, p.rank))
                {
                    offered = true;
                }
                else
                {
                    all = false; // a subscriber that got it already may get the same state twice: harmless
                }
            }
            if (all)
            {
                p.dirty = false;
                p.pushedRank = p.rank;
            }
            else
            {
                dirty[kept++] = p;
            }
        }
        dirtyCount = kept;
        report.carrying = kept > 0;
        if (offered)
        {
            hub.wake();
        }
    }

    private void markDirty(final PushPlayers.Player p)
    {
        if (!p.dirty)
        {
            p.dirty = true;
            if (dirtyCount == dirty.length)
            {
                dirty = java.util.Arrays.copyOf(dirty, dirtyCount * 2);
            }
            dirty[dirtyCount++] = p;
        }
    }

    // ---------------------------------------------------------------- subscriptions (in ring order)

    void subscribePlayer(final PushQuery.SubscribePlayer q)
    {
        final boolean known = players.get(q.player) != null;
        final PushPlayers.Player p = players.getOrCreate(q.player);
        if (dirty.length < players.size())
        {
            // Room for every subscribed player to be dirty at once (a full hand-off carries them
            // over): grown here, at a subscription, never on the way of an event.
            dirty = java.util.Arrays.copyOf(dirty, 2 * players.size());
        }
        p.add(q.connection);
        if (!known && q.handle >= 0)
        {
            p.handle = q.handle;
            p.total = q.total;
            p.rank = q.rank;
            p.pushedRank = q.rank;
        }
    }

    void unsubscribePlayer(final PushConnection c, final long player)
    {
        final PushPlayers.Player p = players.get(player);
        if (p != null)
        {
            p.remove(c);
            if (p.count == 0)
            {
                players.remove(player); // if it is in this batch's dirty list, it is offered to nobody
            }
        }
    }

    void subscribeTop(final PushQuery.SubscribeTop q)
    {
        final PushConnection c = q.connection;
        if (c.topIndex < 0)
        {
            if (topCount == tops.length)
            {
                tops = java.util.Arrays.copyOf(tops, topCount * 2);
            }
            c.topIndex = topCount;
            tops[topCount++] = c;
        }
        c.emitTopLimit = q.ids.length;
        topTick++; // its own snapshot: do not reuse an encoding of the periodic one
        computePrefixHashes(q);
        final int limit = c.emitTopLimit;
        final long now = clock.nanoTime();
        c.topPushed(now);
        // Should the hand-off be full, a hash nothing has makes the next tick send the top.
        c.topHash = offerTop(c, encodeTop(q, limit)) ? prefixHash[limit] : ~prefixHash[limit];
        topTick++;
    }

    private boolean offerTop(final PushConnection c, final byte[] encoded)
    {
        if (c.gone)
        {
            return true;
        }
        if (handOff.offerTop(c, encoded))
        {
            hub.wake();
            return true;
        }
        return false;
    }

    void unsubscribeTop(final PushConnection c)
    {
        final int index = c.topIndex;
        if (index >= 0)
        {
            final PushConnection last = tops[--topCount];
            tops[index] = last;
            last.topIndex = index;
            tops[topCount] = null;
            c.topIndex = -1;
        }
    }

    // ---------------------------------------------------------------- periodic reads

    void onTopTick(final PushQuery.TopSnapshot snapshot)
    {
        topTick++;
        computePrefixHashes(snapshot);
        final long now = clock.nanoTime();
        for (int i = 0; i < topCount; i++)
        {
            final PushConnection c = tops[i];
            final int limit = c.emitTopLimit;
            final long hash = prefixHash[limit];
            // Changed since it was last sent, and at most 10 pushes in any second (the subscription's
            // own push counts); a change held back here goes out with a later tick.
            if (hash != c.topHash && c.mayPushTop(now) && offerTop(c, encodeTop(snapshot, limit)))
            {
                c.topHash = hash;
                c.topPushed(now);
            }
        }
        hub.topDelivered();
    }

    void onRankRefresh(final PushQuery.RankRefresh refresh)
    {
        for (int i = 0; i < refresh.count; i++)
        {
            final PushPlayers.Player p = players.get(refresh.ids[i]);
            final int rank = refresh.ranks[i];
            if (p != null && rank != 0 && rank != p.pushedRank && p.handle == refresh.handles[i])
            {
                p.rank = rank;
                p.total = refresh.totals[i];
                markDirty(p);
            }
        }
        // The next refresh reads the next slice: each player's rank is read once per round of
        // SLICES refreshes (a second), and a round's writes are spread over it, not one burst.
        refresh.count = 0;
        refresh.slice = (refresh.slice + 1) % PushQuery.RankRefresh.SLICES;
        for (final PushPlayers.Player p : players.table())
        {
            if (p != null && p.handle >= 0 && PushQuery.RankRefresh.sliceOf(p.id) == refresh.slice)
            {
                refresh.add(p.id, p.handle);
            }
        }
        refresh.ready = true;
    }

    void onStats(final PushQuery.Stats stats)
    {
        hub.loop().execute(stats.onEventLoop);
    }

    // ---------------------------------------------------------------- top encoding

    /** h[k] identifies the first min(k, count) entries (ids and scores) and their number. */
    private void computePrefixHashes(final PushQuery.TopSnapshot s)
    {
        long h = 0x243F6A8885A308D3L;
        prefixHash[0] = mix(h);
        for (int k = 1; k < prefixHash.length; k++)
        {
            if (k <= s.count)
            {
                h = mix(h ^ s.ids[k - 1]) * 31 + mix(s.scores[k - 1] + k);
            }
            prefixHash[k] = mix(h + Math.min(k, s.count));
        }
    }

    /** At most 10 a second per limit: the copy is not per event. */
    private byte[] encodeTop(final PushQuery.TopSnapshot s, final int limit)
    {
        final byte[] cached = encodedTop[limit];
        if (cached != null && encodedTopTick[limit] == topTick)
        {
            return cached;
        }
        final byte[] out = scratch;
        int at = PushJson.putAscii(out, 0, TOP_PREFIX);
        at = ResultEncoder.putLong(limit, out, at);
        at = PushJson.putAscii(out, at, TOP_PLAYERS);
        final int n = Math.min(limit, s.count);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                out[at++] = ',';
            }
            at = PushJson.putAscii(out, at, RANK);
            at = ResultEncoder.putLong(i + 1, out, at);
            at = PushJson.putAscii(out, at, PLAYER);
            at = ResultEncoder.putLong(s.ids[i], out, at);
            at = PushJson.putAscii(out, at, SCORE);
            at = ResultEncoder.putLong(s.scores[i], out, at);
            out[at++] = '}';
        }
        out[at++] = ']';
        out[at++] = '}';
        out[at++] = '\n';
        final byte[] encoded = java.util.Arrays.copyOf(out, at);
        encodedTop[limit] = encoded;
        encodedTopTick[limit] = topTick;
        return encoded;
    }

    private static long mix(final long x)
    {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
