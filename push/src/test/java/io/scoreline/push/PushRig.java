package io.scoreline.push;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.edge.NanoClock;
import io.scoreline.rules.Score;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Push driven by hand, as Aeron's conductor tests drive a conductor: the push loop is an
 * {@link EmbeddedChannel}'s loop with its time frozen, the clock is that loop's ticker (so the
 * loop's scheduled ticks and the clock move together, only when {@link #advance} says), the ring
 * is a queue the test answers and delivers in order, and subscribers are embedded channels whose
 * written frames the test reads.
 */
final class PushRig implements QueryPublisher
{
    final EmbeddedChannel loopChannel = new EmbeddedChannel();
    final NanoClock clock = () -> loopChannel.eventLoop().ticker().nanoTime();
    final PushConfig config;
    final PushHandOff handOff = new PushHandOff(1 << 10);
    final PushHub hub;
    final PushDispatcher dispatcher;
    private final ArrayDeque<BoardQuery> ring = new ArrayDeque<>();
    private final EventSlot slot = new EventSlot();

    PushRig()
    {
        this(new PushConfig());
    }

    PushRig(final PushConfig config)
    {
        loopChannel.freezeTime();
        this.config = config.validate();
        final SinkReport report = new SinkReport();
        hub = new PushHub(loopChannel.eventLoop(), this, clock, config, handOff, report);
        dispatcher = new PushDispatcher(clock, handOff, hub, report);
    }

    @Override
    public void publish(final BoardQuery query, final Object context)
    {
        assertTrue(context == hub, "push's queries carry the hub as context");
        ring.add(query);
    }

    /** A subscriber on an embedded channel; nothing is written to it until a flush tick. */
    PushConnection connect()
    {
        return new PushConnection(new EmbeddedChannel(), hub);
    }

    void control(final PushConnection c, final String json)
    {
        hub.onControl(c, json);
    }

    /** The oldest query in the ring, of the given kind (earlier ones of other kinds are delivered first). */
    <T extends BoardQuery> T next(final Class<T> kind)
    {
        while (true)
        {
            final BoardQuery q = ring.poll();
            assertNotNull(q, "no " + kind.getSimpleName() + " in the ring");
            if (kind.isInstance(q))
            {
                return kind.cast(q);
            }
            deliver(q);
        }
    }

    /** Every query in the ring reaches the sink, as answered (by the test, for those it filled), in one batch. */
    void deliverAll()
    {
        while (!ring.isEmpty())
        {
            deliver(ring.poll());
        }
    }

    /** The query's slot reaches the sink, as the board stage hands it over, ending a batch. */
    void deliver(final BoardQuery query)
    {
        slot.reset(EventSlot.QUERY, hub);
        slot.query = query;
        dispatcher.onSlot(slot, true);
    }

    /** A scored event of {@code player} moving its total to {@code total} at {@code rank}. */
    void event(final long player, final int handle, final long delta, final long total, final int rank, final boolean endOfBatch)
    {
        slot.reset(EventSlot.EVENT, null);
        slot.event.player = player;
        final Score score = slot.score;
        score.status = Score.OK;
        score.delta = delta;
        score.total = total;
        score.playerHandle = handle;
        slot.rank = rank;
        dispatcher.onSlot(slot, endOfBatch);
    }

    /** Subscribes {@code c} to a player the board knows as {@code handle}, with the state the board would report. */
    void subscribePlayer(final PushConnection c, final long player, final int handle, final long total, final int rank)
    {
        control(c, "{\"subscribe\":\"player\",\"player\":" + player + "}");
        final PushQuery.SubscribePlayer q = next(PushQuery.SubscribePlayer.class);
        q.handle = handle;
        q.total = total;
        q.rank = rank;
        deliver(q);
    }

    /** Moves the clock and the loop's time, then runs what became due on the push loop. */
    void advance(final long millis)
    {
        loopChannel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        runLoop();
    }

    /** Runs the push loop's queued and due tasks without moving time. */
    void runLoop()
    {
        loopChannel.runPendingTasks();
    }

    /** The frames written to a subscriber so far (taken), each as its text. */
    static List<String> frames(final PushConnection c)
    {
        final EmbeddedChannel channel = (EmbeddedChannel)c.channel;
        final List<String> out = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null)
        {
            if (message instanceof TextWebSocketFrame)
            {
                final ByteBuf content = ((TextWebSocketFrame)message).content();
                out.add(content.toString(StandardCharsets.UTF_8));
            }
            else if (message instanceof ByteBuf)
            {
                // Frames the shard thread laid out itself (WsFrames): read by a client's decoder, whole frames per buffer.
                final io.netty.channel.embedded.EmbeddedChannel client = new io.netty.channel.embedded.EmbeddedChannel(
                    new io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder(
                        io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig.newBuilder()
                            .expectMaskedFrames(false).maxFramePayloadLength(65_536).build()));
                client.writeInbound(((ByteBuf)message).retain());
                for (Object frame; (frame = client.readInbound()) != null; )
                {
                    out.add(((TextWebSocketFrame)frame).content().toString(StandardCharsets.UTF_8));
                    io.netty.util.ReferenceCountUtil.release(frame);
                }
                if (!client.isActive())
                {
                    out.add("malformed frames"); // the decoder closes on a protocol violation
                }
                client.finishAndReleaseAll();
            }
            else if (message instanceof CloseWebSocketFrame)
            {
                out.add("close " + ((CloseWebSocketFrame)message).statusCode());
            }
            io.netty.util.ReferenceCountUtil.release(message);
        }
        return out;
    }

    /** The lines of the frames, in order. */
    static List<String> lines(final List<String> frames)
    {
        final List<String> out = new ArrayList<>();
        for (final String frame : frames)
        {
            out.addAll(Arrays.asList(frame.split("\n")));
        }
        return out;
    }

    static String player(final long player, final long total, final int rank)
    {
        return "{\"push\":\"player\",\"player\":" + player + ",\"total\":" + total + ",\"rank\":" + rank + "}";
    }
}
