package io.scoreline.push;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.scoreline.leaderboard.Leaderboard;
import io.scoreline.pipeline.edge.NanoClock;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Shard subscriptions ({@code {"subscribe":"players","shard":K,"of":N}}: every player whose
 * {@code id % N == K}) on a thread of their own, the shard thread. It keeps a copy of the player
 * board, rebuilt record by record from the board's {@link ShardLog}, so that:
 * <ul>
 * <li>each change of a total is pushed to the player's shard with the rank the copy gives right
 *     after applying it, which is the rank the board gave after the event (same updates, same
 *     order, same tie rule);</li>
 * <li>a rank refresh, at most every {@code rankRefreshMillis}, ranks every player at once on the
 *     copy ({@link Leaderboard#ranksInto}: one walk of the leaves) and pushes each shard player
 *     whose rank differs from the one last pushed to that subscription; the board thread never
 *     waits for it;</li>
 * <li>a new subscription gets every player of its shard (total and rank at one position of the
 *     log), then a {@code {"push":"snapshot",...}} line, then the live stream.</li>
 * </ul>
 * Pushes and refreshes come from one thread, in log order, into each subscription's waiting
 * pushes (newest state per player wins): no push can overtake a newer one. Every flush interval
 * the thread writes each subscription's waiting lines in frames of up to {@link #FRAME_BYTES},
 * only while the channel is writable; a subscriber that stops reading leaves its pushes coalescing
 * and is closed with 1008 by its connection's lag check on the push loop, as player subscribers are.
 * <p>
 * Threads: {@link #onMove} and everything below run on the shard thread; {@link #subscribe},
 * {@link #unsubscribe}, {@link #gone} and {@link #wake} are called from the push loop.
 */
final class PushShards implements ShardLog.Consumer
{
    /** Different shard counts (N) served at once: each costs an int per board handle. */
    static final int MAX_DIVISORS = 8;
    static final int MAX_OF = 1024;
    static final int FRAME_BYTES = 32 * 1024;
    /** Frames a subscription may write per round before the others get theirs. */
    private static final int FRAMES_PER_ROUND = 4;
    /** While its snapshot goes out: up to the shard water mark's high level (256 KiB) per round. */
    private static final int SNAPSHOT_FRAMES_PER_ROUND = 8;
    private static final int DRAIN_BATCH = 4096;
    /** Players compared between two looks at the log during a refresh. */
    private static final int COMPARE_SLICE = 8192;
    /** The least a subscription's rank refresh is paced to per flush tick (a small refresh goes at once). */
    private static final int MIN_REFRESH_LINES_PER_TICK = 512;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The warm-up's board: enough lines per round for the JIT's thresholds, small enough to take ~0.1 s. */
    static final int WARM_UP_PLAYERS = 50_000;
    static final int WARM_UP_ROUNDS = 6;
    /** Linux nice of the shard thread (0: as the service's other threads); experiment switch, see perf/PUSH.md. */
    private static final int SHARD_NICE = Integer.getInteger("scoreline.push.shardNice", 0);
    /** Give up the core between compare slices of a rank refresh (a scoring thread waiting on it runs first). */
    private static final boolean YIELD_IN_PASS = Boolean.getBoolean("scoreline.push.shardYield");
    /**
     * How a round's frames reach Netty: {@code chunks} (default) lays them out in one buffer, one
     * write; {@code frames} writes a {@code TextWebSocketFrame} each from a thread without Netty's
     * buffer cache (the design before issue 25's fourth session, kept to compare: perf/PUSH.md).
     */
    static final boolean WRITE_CHUNKS = !"frames".equals(System.getProperty("scoreline.push.shardWrite", "chunks"));

    private final ShardLog log;
    private final NanoClock clock;
    private final long refreshNanos;
    private final long flushNanos;
    /** The copy of the player board; its "ids" are the handles (the real ids are in {@link #idOf}). */
    private final Leaderboard copy;
    private final long[] idOf;
    private final int[] rankOf;
    /** Per handle, a bit: moved on the copy since {@link #rankOf} was computed (its rank there is stale). */
    private final long[] movedSinceRanks;
    private int handles;
    /** Records of a rebuild (a void) still to come, and the copy's totals before it (present: the total + 1 flag). */
    private int rebuildLeft;
    private long[] totalBefore = new long[0];
    private boolean[] presentBefore = new boolean[0];
    private boolean ranksFresh;
    /** The log was drained for a subscription in this step: later subscriptions of the step share its position and ranks. */
    private boolean snapshotPosition;
    private boolean movedSincePass;
    /** The last pass left some pushed rank inexact (the rule held it back): passes go on after events stop. */
    private boolean inexact;
    private final RankRule rule;
    private long lastPassNanos;
    private long nextFlushNanos;
    private final byte[] frame = new byte[FRAME_BYTES];
    /** A round's frames for one subscription, headers included (chunks mode). */
    private final byte[] chunk = new byte[SNAPSHOT_FRAMES_PER_ROUND * (WsFrames.HEADER_ROOM + FRAME_BYTES)];
    private final List<ShardIndex> indexes = new ArrayList<>();
    private final List<ShardSubscription> subscriptions = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile boolean writeWanted;
    private Thread thread;

    /** Time of each rank refresh pass (all ranks on the copy, then every subscription compared). */
    final Recorder passNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** Server side of a live push: event received by the service -> its line handed to Netty (the newest of a coalesced player). */
    final Recorder liveNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** Of which: ranking the whole copy, the part that holds the log back. */
    final Recorder rankNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** Time from taking a subscription to its snapshot queued (the writing follows). */
    final Recorder snapshotNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** Time from taking a subscription to its snapshot's last line (the marker) handed to Netty. */
    final Recorder snapshotWrittenNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** CPU time of the shard thread over the same span (walk, encoding, hand-off, and whatever else it did meanwhile). */
    final Recorder snapshotCpuNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** Of the same span: taking the subscription to its first bytes handed to Netty. */
    final Recorder snapshotFirstWriteNanos = new Recorder(1, HIGHEST_NANOS, 3);
    /** Of the same span: the time its channel was not writable with snapshot lines waiting (the socket full: the reader's pace). */
    final Recorder snapshotBlockedNanos = new Recorder(1, HIGHEST_NANOS, 3);
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    PushShards(final ShardLog log, final NanoClock clock, final int maxPlayers, final PushConfig config)
    {
        this.log = log;
        this.clock = clock;
        this.refreshNanos = TimeUnit.MILLISECONDS.toNanos(config.rankRefreshMillis());
        this.flushNanos = config.flushIntervalNanos();
        this.rule = new RankRule(config);
        copy = Leaderboard.inArrivalOrder(maxPlayers, handle -> handle);
        idOf = new long[maxPlayers];
        rankOf = new int[maxPlayers];
        movedSinceRanks = new long[(maxPlayers + 63) >>> 6];
    }

    // ---------------------------------------------------------------- from the push loop

    /** Bytes of the preallocated board copy and its per-handle tables. */
    long allocatedBytes()
    {
        return copy.allocatedBytes() + (long)idOf.length * Long.BYTES + (long)rankOf.length * Integer.BYTES +
            (long)movedSinceRanks.length * Long.BYTES;
    }

    void start()
    {
        running = true;
        // A FastThreadLocalThread gets a Netty buffer cache of its own: a plain thread's every buffer
        // goes to and from the shared arena under its lock (frees included, on the push loop).
        thread = WRITE_CHUNKS ? new io.netty.util.concurrent.FastThreadLocalThread(this::run, "scoreline-shards")
            : new Thread(this::run, "scoreline-shards");
        thread.setDaemon(true);
        thread.start();
    }

    void stop()
    {
        running = false;
        final Thread t = thread;
        if (t != null)
        {
            LockSupport.unpark(t);
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    void subscribe(final PushConnection c, final int shard, final int of)
    {
        command(() -> addSubscription(c, shard, of));
    }

    void unsubscribe(final PushConnection c, final int shard, final int of)
    {
        command(() -> removeSubscriptions(c, shard, of));
    }

    /** The connection is gone: all its shard subscriptions go. */
    void gone(final PushConnection c)
    {
        command(() -> removeSubscriptions(c, -1, 0));
    }

    /** A subscriber's channel became writable again: write what waits now, not at the next tick. */
    void wake()
    {
        writeWanted = true;
        final Thread t = thread;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    private void command(final Runnable command)
    {
        commands.add(command);
        final Thread t = thread;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    // ---------------------------------------------------------------- the shard thread

    private void run()
    {
        ShardThreadNice.apply(SHARD_NICE);
        try
        {
            warmUp();
        }
        catch (final RuntimeException e)
        {
            // Only ever a slower first snapshot: the shard thread must run whatever happened here.
            System.getLogger("scoreline.push").log(System.Logger.Level.WARNING, "shard warm-up failed", e);
        }
        while (running)
        {
            if (!step())
            {
                LockSupport.parkNanos(subscriptions.isEmpty() ? IDLE_PARK_NANOS : BUSY_PARK_NANOS);
            }
        }
    }

    /**
     * Runs the snapshot's code (ranking a board, queueing every player, encoding the lines) on a
     * board of its own, before any subscriber: a service's first snapshot otherwise runs it
     * interpreted and shares its core with the JIT compiling it (measured: 1.3 s for a cold 500k
     * snapshot, 0.9 s warm). Its garbage is made once, at start.
     *
     * @return lines encoded ({@link #WARM_UP_ROUNDS} x (players + the marker + players again, live); the work is not dead).
     */
    static long warmUp()
    {
        final long start = System.nanoTime();
        final int players = WARM_UP_PLAYERS;
        final Leaderboard board = Leaderboard.inArrivalOrder(players, handle -> handle);
        final int[] ranks = new int[players];
        final long[] ids = new long[players];
        final byte[] out = new byte[WsFrames.HEADER_ROOM + FRAME_BYTES];
        final Recorder unused = new Recorder(1, HIGHEST_NANOS, 3);
        long lines = 0;
        long reachedAt = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++)
        {
            final ShardIndex index = new ShardIndex(1, players, ids);
            for (int h = 0; h < players; h++)
            {
                ids[h] = h + 1;
                board.update(h, h, (h * 7919L + round) % 20_000, ++reachedAt); // an arrival-order board: reachedAt only grows
                index.add(h, h + 1);
            }
            board.ranksInto(ranks);
            final ShardSubscription sub = new ShardSubscription(null, 0, 1, index);
            queueSnapshot(sub, index.members[0], players, board, ranks, start);
            lines += writeAll(sub, out, unused);
            // Then an event of every player: the live branches of put and writeWaiting (JFR showed both
            // recompiled during the first snapshot after a warm-up without them).
            for (int slot = 0; slot < players; slot++)
            {
                sub.put(slot, board.total(slot) + 1, ranks[slot], start, start);
            }
            lines += writeAll(sub, out, unused);
        }
        System.getLogger("scoreline.push").log(System.Logger.Level.DEBUG,
            "shard snapshot path warmed up in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return lines;
    }

    /** The warm-up's writing: frames laid out as a chunk's (payload after the header's room, then the header). @return lines. */
    private static long writeAll(final ShardSubscription sub, final byte[] out, final Recorder latency)
    {
        long lines = 0;
        while (sub.hasWaiting())
        {
            final int length = sub.writeWaiting(out, WsFrames.HEADER_ROOM, out.length, latency);
            for (int i = WsFrames.HEADER_ROOM; i < WsFrames.HEADER_ROOM + length; i++)
            {
                lines += out[i] == '\n' ? 1 : 0;
            }
            WsFrames.closeText(out, 0, length);
        }
        return lines;
    }

    /** Every member of the shard with its total on {@code board} and its rank, then the marker (one method for the warm-up and the real thing: compiled once). */
    private static void queueSnapshot(
        final ShardSubscription sub, final int[] members, final int count, final Leaderboard board, final int[] ranks, final long now)
    {
        sub.reserve(count);
        for (int slot = 0; slot < count; slot++)
        {
            final int handle = members[slot];
            sub.put(slot, board.total(handle), ranks[handle], ShardSubscription.NOT_LIVE, now);
        }
        sub.endSnapshot(count);
    }

    /** One round of the shard thread: commands, the log, a refresh when due, a flush on the tick. @return whether busy. */
    boolean step()
    {
        boolean busy = false;
        snapshotPosition = false;
        for (Runnable command; (command = commands.poll()) != null; )
        {
            command.run();
        }
        busy |= log.drain(this, DRAIN_BATCH) == DRAIN_BATCH;
        if (!subscriptions.isEmpty())
        {
            final long now = clock.nanoTime();
            if ((movedSincePass || inexact) && now - lastPassNanos >= refreshNanos)
            {
                lastPassNanos = now;
                refresh();
            }
            final boolean tick = now - nextFlushNanos >= 0;
            if (writeWanted || tick)
            {
                writeWanted = false;
                if (tick)
                {
                    nextFlushNanos = now + flushNanos;
                }
                if (flush(tick))
                {
                    writeWanted = true; // more to write and the channel takes it: go on at once
                    busy = true;
                }
            }
        }
        return busy;
    }

    /** One record of the board's log: the copy moves as the board did; a changed total is pushed to its shard. */
    @Override
    public void onMove(
        final int handle, final long id, final long total, final long reachedAt, final boolean moved, final long receivedNanos)
    {
        boolean totalChanged = moved;
        if (rebuildLeft > 0)
        {
            // The board after a void: push each player whose total changed; rank-only changes go with the next refresh.
            rebuildLeft--;
            totalChanged = handle >= presentBefore.length || !presentBefore[handle] || totalBefore[handle] != total;
        }
        copy.update(handle, handle, total, reachedAt);
        afterMove(handle, id, total, totalChanged, receivedNanos);
    }

    /** The copy moved {@code handle}: its ranks are stale, a new handle joins the shard indexes, a changed total is pushed. */
    private void afterMove(final int handle, final long id, final long total, final boolean totalChanged, final long receivedNanos)
    {
        final boolean added = idOf[handle] == 0; // ids are >= 1: a handle never seen (a rebuild re-adds known ones)
        movedSincePass = true;
        ranksFresh = false;
        movedSinceRanks[handle >>> 6] |= 1L << handle;
        if (added)
        {
            idOf[handle] = id;
            handles = Math.max(handles, handle + 1);
            for (int i = 0; i < indexes.size(); i++)
            {
                indexes.get(i).add(handle, id);
            }
        }
        if (totalChanged && !subscriptions.isEmpty())
        {
            final int rank = copy.rank(handle);
            final long now = clock.nanoTime();
            for (int i = 0; i < indexes.size(); i++)
            {
                final ShardIndex index = indexes.get(i);
                final int shard = index.shardOf(id);
                final List<ShardSubscription> subs = index.subscriptions[shard];
                if (subs != null)
                {
                    final int slot = index.slotOf[handle];
                    for (int s = 0; s < subs.size(); s++)
                    {
                        subs.get(s).put(slot, total, rank, receivedNanos, now);
                    }
                }
            }
        }
    }

    /**
     * A void changed the board: the copy does what the board did, from the same image (whole: in
     * board order, reachedAt = place; partial: its players taken off and put in at their ranks).
     * Each player whose total changed is pushed to its shard; rank-only changes go
     * with the next refresh.
     */
    @Override
    public void onRebuild(final io.scoreline.pipeline.BoardImage image)
    {
        final long start = System.nanoTime();
        final int n = image.handles.length;
        if (image.partial)
        {
            applyChanges(image);
        }
        else
        {
            beginRebuild(n);
            for (int i = 0; i < n; i++)
            {
                onMove(image.handles[i], image.ids[i], image.totals[i], i, false, 0);
            }
        }
        System.getLogger("scoreline.corrections").log(System.Logger.Level.INFO,
            "void: push's shard copy " + (image.partial ? "changed" : "rebuilt") + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private void applyChanges(final io.scoreline.pipeline.BoardImage image)
    {
        for (final int h : image.removed)
        {
            copy.remove(h);
            movedSinceRanks[h >>> 6] |= 1L << h;
        }
        final int n = image.handles.length;
        final boolean[] changed = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            final int h = image.handles[i];
            changed[i] = !copy.contains(h) || copy.total(h) != image.totals[i];
            copy.remove(h);
        }
        for (int i = 0; i < n; i++)
        {
            copy.insertAtRank(image.handles[i], image.handles[i], image.totals[i], image.ranks[i]);
            afterMove(image.handles[i], image.ids[i], image.totals[i], changed[i], 0);
        }
        ranksFresh = false;
        movedSincePass = true;
    }

    /** Keeps every total the copy had and empties it; the next {@code entries} moves refill it. */
    private void beginRebuild(final int entries)
    {
        if (totalBefore.length < handles)
        {
            totalBefore = new long[handles];
            presentBefore = new boolean[handles];
        }
        for (int h = 0; h < handles; h++)
        {
            presentBefore[h] = copy.contains(h);
            totalBefore[h] = copy.total(h);
        }
        copy.clear();
        rebuildLeft = entries;
        ranksFresh = false;
        movedSincePass = true;
    }

    private void drainAll()
    {
        while (log.drain(this, DRAIN_BATCH) > 0)
        {
            // until the copy stands where the board stood a moment ago
        }
    }

    private void rankAll()
    {
        if (!ranksFresh)
        {
            final long start = clock.nanoTime();
            copy.ranksInto(rankOf);
            java.util.Arrays.fill(movedSinceRanks, 0);
            ranksFresh = true;
            rankNanos.recordValue(Math.min(clock.nanoTime() - start, HIGHEST_NANOS));
        }
    }

    /**
     * The rank refresh: every shard player whose rank moved since last pushed to that subscription
     * and whose move the {@link RankRule} finds worth a line; the others stay inexact, and passes
     * go on (cheap: the ranks are not recomputed while nothing moves) until the max age pushes them.
     * Only the ranking ({@link #rankAll}) holds the log back; while the ranks are compared, the log
     * goes on being applied (and live pushes written) every {@link #COMPARE_SLICE} players. That
     * keeps the comparison right: a player that moved since the ranking got a live push with its
     * newer total and rank, and is skipped here (its rank is fixed by the next refresh); any other
     * player's total is the one it had at the ranking.
     */
    private void refresh()
    {
        boolean comparable = false;
        for (int i = 0; i < subscriptions.size(); i++)
        {
            comparable |= subscriptions.get(i).snapshotDone();
        }
        if (!comparable)
        {
            return; // only snapshots on their way: their ranks are a moment old; the next pass compares them
        }
        final long start = clock.nanoTime();
        drainAll();
        rankAll();
        boolean skipped = false;
        boolean held = false;
        for (int i = 0; i < subscriptions.size(); i++)
        {
            final ShardSubscription sub = subscriptions.get(i);
            if (!sub.snapshotDone())
            {
                // Its refresh lines would queue behind the snapshot anyway; comparing now costs the
                // shard thread a pass over the shard while it should be writing the snapshot.
                skipped = true;
                continue;
            }
            final int[] members = sub.index.members[sub.shard];
            final int count = sub.index.counts[sub.shard];
            for (int slot = 0; slot < count; slot++)
            {
                if ((slot & (COMPARE_SLICE - 1)) == COMPARE_SLICE - 1)
                {
                    keepUp();
                }
                final int handle = members[slot];
                final int rank = rankOf[handle];
                final int pushed = sub.pushedRank(slot);
                if (rank != pushed && (movedSinceRanks[handle >>> 6] & (1L << handle)) == 0)
                {
                    if (rule.due(pushed, rank, sub.pushedAt(slot), start))
                    {
                        sub.put(slot, copy.total(handle), rank, ShardSubscription.NOT_LIVE, start);
                    }
                    else
                    {
                        held = true;
                    }
                }
            }
            // Spread this refresh's lines over most of the interval: a burst of half a million lines
            // would fill the socket buffers, and the next event's push would queue behind them.
            final long perTick = (long)sub.refreshWaiting() * flushNanos * 5 / (refreshNanos * 4) + 1;
            sub.pacePerTick = (int)Math.max(MIN_REFRESH_LINES_PER_TICK, Math.min(Integer.MAX_VALUE, perTick));
        }
        movedSincePass = skipped;
        inexact = held;
        passNanos.recordValue(Math.min(clock.nanoTime() - start, HIGHEST_NANOS));
    }

    /** In the middle of a refresh: applies the log (live pushes) and writes on the flush tick. */
    private void keepUp()
    {
        if (YIELD_IN_PASS)
        {
            Thread.yield();
        }
        log.drain(this, DRAIN_BATCH);
        final long now = clock.nanoTime();
        final boolean tick = now - nextFlushNanos >= 0;
        // On a wake-up too, not only on the tick: a snapshot still going out (another subscription's)
        // would otherwise get one round per tick for the whole pass.
        if (tick || writeWanted)
        {
            writeWanted = false;
            if (tick)
            {
                nextFlushNanos = now + flushNanos;
            }
            writeWanted = flush(tick);
        }
    }

    private void addSubscription(final PushConnection c, final int shard, final int of)
    {
        if (c.gone)
        {
            return;
        }
        final long start = clock.nanoTime();
        if (!snapshotPosition)
        {
            drainAll(); // the later subscriptions of this step take the same position (and ranks) without a new ranking
            snapshotPosition = true;
        }
        ShardIndex index = null;
        for (int i = 0; i < indexes.size(); i++)
        {
            if (indexes.get(i).of == of)
            {
                index = indexes.get(i);
            }
        }
        if (index == null)
        {
            dropAnIdleIndexIfFull();
            index = new ShardIndex(of, idOf.length, idOf);
            // Each shard's lists at their size at once: grown by doubling they were allocated (and first
            // touched, 12-22 us a page) twice over, ~50 MB for 2M players, during the first snapshot.
            final int[] sizes = new int[of];
            for (int handle = 0; handle < handles; handle++)
            {
                if (copy.contains(handle))
                {
                    sizes[index.shardOf(idOf[handle])]++;
                }
            }
            index.reserve(sizes);
            for (int handle = 0; handle < handles; handle++)
            {
                if (copy.contains(handle))
                {
                    index.add(handle, idOf[handle]);
                }
            }
            indexes.add(index);
        }
        final ShardSubscription sub = new ShardSubscription(c, shard, of, index);
        final ShardSubscription spare = index.takeSpare(shard);
        if (spare != null)
        {
            sub.adoptArrays(spare); // a gateway's reconnect: its last subscription's arrays, no fresh 16 MB for 500k players
        }
        sub.subscribedNanos = start;
        sub.subscribedCpuNanos = THREADS.getCurrentThreadCpuTime();
        index.subscribe(sub);
        subscriptions.add(sub);
        rankAll();
        queueSnapshot(sub, index.members[shard], index.counts[shard], copy, rankOf, start);
        writeWanted = true;
        snapshotNanos.recordValue(Math.min(clock.nanoTime() - start, HIGHEST_NANOS));
    }

    /** Makes room for a new N: indexes outlive their subscriptions, up to {@link #MAX_DIVISORS} (the hub allows as many N in force). */
    private void dropAnIdleIndexIfFull()
    {
        for (int i = indexes.size() - 1; i >= 0 && indexes.size() >= MAX_DIVISORS; i--)
        {
            if (indexes.get(i).idle())
            {
                indexes.remove(i);
            }
        }
    }

    /** Removes c's subscription to (shard, of), or all of c's when shard is -1. */
    private void removeSubscriptions(final PushConnection c, final int shard, final int of)
    {
        for (int i = subscriptions.size() - 1; i >= 0; i--)
        {
            final ShardSubscription sub = subscriptions.get(i);
            if (sub.connection == c && (shard < 0 || (sub.shard == shard && sub.of == of)))
            {
                subscriptions.remove(i);
                // The index stays (kept up to date as players join) for the next subscription with this N.
                sub.index.unsubscribe(sub);
            }
        }
    }

    /**
     * Writes what waits, while each channel takes it: live pushes all, refresh lines up to each
     * subscription's budget for this tick (renewed on a tick; the snapshot is not paced).
     *
     * @return whether some subscription could write more now.
     */
    private boolean flush(final boolean tick)
    {
        boolean more = false;
        final long now = clock.nanoTime();
        for (int i = subscriptions.size() - 1; i >= 0; i--)
        {
            final ShardSubscription sub = subscriptions.get(i);
            if (sub.connection.gone)
            {
                continue; // its Gone command removes it
            }
            if (tick || !sub.snapshotDone())
            {
                sub.refreshBudget = sub.snapshotDone() ? sub.pacePerTick : Integer.MAX_VALUE;
            }
            final Channel channel = sub.connection.channel;
            final boolean snapshotWriting = !sub.snapshotDone();
            final int frameLimit = snapshotWriting ? SNAPSHOT_FRAMES_PER_ROUND : FRAMES_PER_ROUND;
            final boolean wrote = WRITE_CHUNKS ? writeChunk(sub, channel, frameLimit) : writeFrames(sub, channel, frameLimit);
            if (snapshotWriting)
            {
                snapshotProgress(sub, wrote, channel.isWritable(), now);
            }
            // Not writable: its connection's writability event wakes this thread when it is again.
            more |= sub.hasWritable() && channel.isWritable();
        }
        return more;
    }

    /** Up to {@code frameLimit} frames laid out in one buffer, one write and flush (one wake-up of the push loop). */
    private boolean writeChunk(final ShardSubscription sub, final Channel channel, final int frameLimit)
    {
        if (!channel.isWritable())
        {
            return false;
        }
        int at = 0;
        for (int frames = 0; frames < frameLimit && sub.hasWritable(); frames++)
        {
            final int length = sub.writeWaiting(chunk, at + WsFrames.HEADER_ROOM, at + WsFrames.HEADER_ROOM + FRAME_BYTES, liveNanos);
            if (length == 0)
            {
                break; // only skipped places were left
            }
            at = WsFrames.closeText(chunk, at, length);
        }
        if (at == 0)
        {
            return false;
        }
        final ByteBuf out = channel.alloc().ioBuffer(at);
        out.writeBytes(chunk, 0, at);
        channel.writeAndFlush(out, channel.voidPromise()); // raw frames: the WebSocket encoder lets a ByteBuf pass
        return true;
    }

    /** Up to {@code frameLimit} frames while the channel is writable, a {@code TextWebSocketFrame} each, one flush. */
    private boolean writeFrames(final ShardSubscription sub, final Channel channel, final int frameLimit)
    {
        boolean wrote = false;
        for (int frames = 0; frames < frameLimit && sub.hasWritable() && channel.isWritable(); frames++)
        {
            final int length = sub.writeWaiting(frame, liveNanos);
            if (length == 0)
            {
                break; // only skipped places were left
            }
            final ByteBuf out = channel.alloc().ioBuffer(length);
            out.writeBytes(frame, 0, length);
            channel.write(new TextWebSocketFrame(out), channel.voidPromise()); // no wake-up of the push loop yet
            wrote = true;
        }
        if (wrote)
        {
            channel.flush(); // one wake-up and one write syscall for the round's frames
        }
        return wrote;
    }

    /** A snapshot's timings: its first write, the time its channel held it back, its end. */
    private void snapshotProgress(final ShardSubscription sub, final boolean wrote, final boolean writable, final long now)
    {
        if (wrote && sub.firstWriteNanos == 0)
        {
            sub.firstWriteNanos = now;
            snapshotFirstWriteNanos.recordValue(Math.max(1, Math.min(now - sub.subscribedNanos, HIGHEST_NANOS)));
        }
        if (sub.blockedSinceNanos != 0 && (wrote || writable))
        {
            sub.blockedNanos += now - sub.blockedSinceNanos;
            sub.blockedSinceNanos = 0;
        }
        if (!writable && sub.hasWritable() && sub.blockedSinceNanos == 0)
        {
            sub.blockedSinceNanos = now;
        }
        if (sub.snapshotDone())
        {
            snapshotWrittenNanos.recordValue(Math.max(1, Math.min(clock.nanoTime() - sub.subscribedNanos, HIGHEST_NANOS)));
            snapshotCpuNanos.recordValue(Math.max(1, Math.min(THREADS.getCurrentThreadCpuTime() - sub.subscribedCpuNanos, HIGHEST_NANOS)));
            snapshotBlockedNanos.recordValue(Math.max(1, Math.min(sub.blockedNanos, HIGHEST_NANOS)));
        }
    }

    /**
     * The members of every shard for one N: per shard K the handles whose id % N == K, in the order
     * they came onto the board (slot = position in that list), and per handle its slot. Shared by
     * every subscription with this N. Shard thread. A member's id is read from the shard thread's
     * id per handle (in handle order, so a shard's walk reads it forward): no copy per N (16 MB at 2M).
     */
    static final class ShardIndex
    {
        final int of;
        final int[] slotOf;
        final int[][] members;
        final int[] counts;
        /** Id per handle, set before the handle is added; the shard thread's, not copied. */
        private final long[] idOfHandle;
        @SuppressWarnings("unchecked")
        final List<ShardSubscription>[] subscriptions;
        /** Per shard, the last subscription that left it: its arrays go to the next one (a reconnect). */
        private final ShardSubscription[] spares;
        private int subscribers;

        @SuppressWarnings("unchecked")
        ShardIndex(final int of, final int capacity, final long[] idOfHandle)
        {
            this.of = of;
            this.idOfHandle = idOfHandle;
            slotOf = new int[capacity];
            members = new int[of][];
            counts = new int[of];
            subscriptions = new List[of];
            spares = new ShardSubscription[of];
            java.util.Arrays.fill(members, new int[0]);
        }

        int shardOf(final long id)
        {
            return (int)Long.remainderUnsigned(id, of);
        }

        /** Room for {@code sizes[k]} members in shard k (more still grow the lists). */
        void reserve(final int[] sizes)
        {
            for (int k = 0; k < of; k++)
            {
                if (sizes[k] > members[k].length)
                {
                    members[k] = java.util.Arrays.copyOf(members[k], sizes[k] + 16);
                }
            }
        }

        void add(final int handle, final long id)
        {
            final int shard = shardOf(id);
            final int slot = counts[shard]++;
            if (slot == members[shard].length)
            {
                final int n = Math.max(16, slot * 2);
                members[shard] = java.util.Arrays.copyOf(members[shard], n);
            }
            members[shard][slot] = handle;
            slotOf[handle] = slot;
        }

        long idOf(final int shard, final int slot)
        {
            return idOfHandle[members[shard][slot]];
        }

        void subscribe(final ShardSubscription sub)
        {
            if (subscriptions[sub.shard] == null)
            {
                subscriptions[sub.shard] = new ArrayList<>(2);
            }
            subscriptions[sub.shard].add(sub);
            subscribers++;
        }

        void unsubscribe(final ShardSubscription sub)
        {
            final List<ShardSubscription> subs = subscriptions[sub.shard];
            if (subs != null && subs.remove(sub))
            {
                subscribers--;
                spares[sub.shard] = sub;
                if (subs.isEmpty())
                {
                    subscriptions[sub.shard] = null;
                }
            }
        }

        /** The arrays of the last subscription that left {@code shard}, once. */
        ShardSubscription takeSpare(final int shard)
        {
            final ShardSubscription spare = spares[shard];
            spares[shard] = null;
            return spare;
        }

        boolean idle()
        {
            return subscribers == 0;
        }
    }
}
