package io.scoreline.push;

import io.netty.channel.ChannelOutboundBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.scoreline.push.PushRig.frames;
import static io.scoreline.push.PushRig.player;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SERVICE.md "Push": a subscriber that cannot keep up gets coalesced updates (the latest state
 * wins), and one that stays unwritable for the lag bound (5 s) is closed with 1008. The channel's
 * writability is switched by hand; time is the rig's clock.
 */
class PushLagTest
{
    private final PushRig rig = new PushRig();

    @Test
    void whileUnwritableChangesOnlyCoalesceAndTheLatestGoesOutWhenItIsWritableAgain()
    {
        final PushConnection sub = rig.connect();
        rig.subscribePlayer(sub, 7, 0, 0, 0);
        writable(sub, false);
        for (int i = 1; i <= 100; i++)
        {
            rig.event(7, 0, 10, 10L * i, 1, true);
            rig.advance(5);
        }
        assertEquals(List.of(), frames(sub));
        writable(sub, true);
        assertEquals(List.of(player(7, 1000, 1) + "\n"), frames(sub));
        assertFalse(sub.closed);
    }

    @Test
    void aSubscriberUnwritableForTheLagBoundIsClosedWith1008AndOneThatRecoversInTimeIsNot()
    {
        final PushConnection slow = rig.connect();
        final PushConnection recovers = rig.connect();
        rig.subscribePlayer(slow, 7, 0, 0, 0);
        rig.subscribePlayer(recovers, 7, 0, 0, 0);
        writable(slow, false);
        writable(recovers, false);
        rig.event(7, 0, 10, 10, 1, true);
        rig.runLoop(); // both found unwritable now: behind since t0

        rig.loopChannel.advanceTimeBy(4_999, java.util.concurrent.TimeUnit.MILLISECONDS);
        slow.checkLag();
        assertFalse(slow.closed, "4.999 s behind");
        writable(recovers, true);
        assertEquals(List.of(player(7, 10, 1) + "\n"), frames(recovers));

        rig.loopChannel.advanceTimeBy(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        slow.checkLag();
        recovers.checkLag();
        assertTrue(slow.closed, "5 s behind");
        assertFalse(recovers.closed);
        assertEquals(List.of("close 1008"), frames(slow));
        assertEquals(1, rig.hub.closedLagging.get());

        // The closed subscriber's subscriptions go through the ring; the other one is still served.
        rig.deliverAll();
        rig.event(7, 0, 10, 20, 1, true);
        rig.advance(5);
        assertEquals(List.of(player(7, 20, 1) + "\n"), frames(recovers));
        assertEquals(List.of(), frames(slow));
    }

    private static void writable(final PushConnection c, final boolean writable)
    {
        final ChannelOutboundBuffer buffer = c.channel.unsafe().outboundBuffer();
        buffer.setUserDefinedWritability(1, writable); // fires channelWritabilityChanged
        c.onWritabilityChanged(); // what PushHandler does on that event
    }
}
