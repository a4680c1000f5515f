package io.scoreline.push;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ReferenceCountUtil;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.edge.NanoClock;
import io.scoreline.rules.Score;
import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push sink runs on the board thread, a pipeline thread: after warm-up it allocates nothing
 * per event, however many of the events are of subscribed players. Counted with
 * ThreadMXBean#getThreadAllocatedBytes on the thread calling the sink, while a real push loop
 * drains the hand-off and writes every push (to embedded channels that drop what they get).
 * The subscriptions' board queries, which the service carries on the ring, are collected in a
 * queue here and handed to the sink on its own thread before warm-up, as the board thread would.
 * The sink thread is checked to have run to the end without throwing, its counter to count,
 * and its count is held to the shared one-off bound ({@link Allocations#ONE_OFF_BYTES}).
 * Breaks caught: a {@code new long[1]} per event in {@code PushDispatcher.onSlot} reads 48,000,000 bytes;
 * a throw from {@code onSlot} on the sink thread fails as "the measured thread threw" (it passed before).
 */
class PushSinkAllocationTest
{
    private static final int CONNECTIONS = 100;
    private static final int PLAYERS_EACH = 10;
    private static final int EVENTS = 2_000_000;

    @Test
    void shouldAllocateNothingPerEventOnTheSinkThreadOnceWarm() throws Exception
    {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try
        {
            final EventLoop loop = group.next();
            final ConcurrentLinkedQueue<BoardQuery> queries = new ConcurrentLinkedQueue<>();
            final PushHandOff handOff = new PushHandOff(1 << 16);
            final SinkReport report = new SinkReport();
            final PushHub hub = new PushHub(loop, (query, context) -> queries.add(query), NanoClock.SYSTEM, new PushConfig().validate(),
                handOff, report);
            final PushDispatcher dispatcher = new PushDispatcher(NanoClock.SYSTEM, handOff, hub, report);
            final AtomicLong written = new AtomicLong();
            loop.submit(() ->
            {
                for (int c = 0; c < CONNECTIONS; c++)
                {
                    final PushConnection connection = new PushConnection(new EmbeddedChannel(new ChannelOutboundHandlerAdapter()
                    {
                        @Override
                        public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
                        {
                            written.incrementAndGet();
                            ReferenceCountUtil.release(msg);
                            promise.trySuccess();
                        }
                    }), hub);
                    for (int p = 0; p < PLAYERS_EACH; p++)
                    {
                        hub.onControl(connection, "{\"subscribe\":\"player\",\"player\":" + (1 + c * PLAYERS_EACH + p) + "}");
                    }
                }
            }).sync();
            assertEquals(CONNECTIONS * PLAYERS_EACH, queries.size());

            final long allocated = Allocations.onThread("push-sink-under-test", 120, () ->
            {
                final com.sun.management.ThreadMXBean threads = Allocations.counter();
                final EventSlot slot = new EventSlot();
                for (BoardQuery q; (q = queries.poll()) != null; )
                {
                    slot.reset(EventSlot.QUERY, hub);
                    slot.query = q;
                    dispatcher.onSlot(slot, true);
                }
                final SplittableRandom random = new SplittableRandom(7);
                final long[] totals = new long[2 * CONNECTIONS * PLAYERS_EACH + 1];
                run(dispatcher, slot, random, totals, EVENTS / 2); // warm-up: JIT, the pending maps grown
                final long before = threads.getCurrentThreadAllocatedBytes();
                run(dispatcher, slot, random, totals, EVENTS);
                return threads.getCurrentThreadAllocatedBytes() - before;
            });
            loop.submit(() -> {}).sync();
            assertTrue(written.get() > 0, "pushes were written");
            Allocations.assertOneOff(allocated, "the sink thread over " + EVENTS + " events");
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Events of random players, half of them subscribed, 32 to a batch, each moving its total. */
    private static void run(final PushDispatcher dispatcher, final EventSlot slot, final SplittableRandom random,
        final long[] totals, final int events)
    {
        for (int i = 0; i < events; i++)
        {
            final int player = 1 + random.nextInt(totals.length - 1);
            slot.reset(EventSlot.EVENT, null);
            slot.event.player = player;
            slot.receivedNanos = System.nanoTime();
            final Score score = slot.score;
            score.status = Score.OK;
            score.delta = 10;
            totals[player] += 10;
            score.total = totals[player];
            score.playerHandle = player;
            slot.rank = 1 + random.nextInt(1000);
            dispatcher.onSlot(slot, (i & 31) == 31);
            if ((i & 1023) == 1023)
            {
                Thread.onSpinWait(); // the real board thread does far more per event; give the push loop a look in
            }
        }
    }
}
