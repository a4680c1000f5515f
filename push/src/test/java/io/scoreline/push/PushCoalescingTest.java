package io.scoreline.push;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.scoreline.push.PushRig.frames;
import static io.scoreline.push.PushRig.lines;
import static io.scoreline.push.PushRig.player;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SERVICE.md "Push": writes to a subscriber are coalesced over the flush interval (5 ms), the
 * newest state of a player wins, and a quiet subscriber's first change is not held back. Time is
 * the rig's frozen clock, moved by hand.
 */
class PushCoalescingTest
{
    private final PushRig rig = new PushRig();

    @Test
    void changesOfAPlayerWithinOneIntervalGoOutAsOneLineWithTheNewestState()
    {
        final PushConnection sub = rig.connect();
        rig.subscribePlayer(sub, 7, 0, 0, 0);

        rig.event(7, 0, 100, 100, 1, true); // the first change after a quiet spell: flushed at once
        rig.runLoop();
        assertEquals(List.of(player(7, 100, 1) + "\n"), frames(sub));

        for (int i = 2; i <= 20; i++) // 19 more batches within the same instant
        {
            rig.event(7, 0, 100, 100L * i, i % 3 + 1, true);
        }
        rig.runLoop();
        rig.advance(4);
        assertEquals(List.of(), frames(sub), "nothing before the interval since the last flush is over");

        rig.advance(1);
        assertEquals(List.of(player(7, 2000, 20 % 3 + 1) + "\n"), frames(sub), "one line, the newest state");

        rig.advance(5); // a tick with nothing to write stops the ticks
        rig.advance(100);
        assertEquals(List.of(), frames(sub));
    }

    @Test
    void aSubscriberGetsOneFramePerFlushWithALineForEachChangedPlayerInTheOrderTheyFirstChanged()
    {
        final PushConnection sub = rig.connect();
        for (int p = 1; p <= 10; p++)
        {
            rig.subscribePlayer(sub, p, p, 0, 0);
        }
        rig.event(3, 3, 50, 50, 1, true);
        rig.runLoop();
        assertEquals(List.of(player(3, 50, 1) + "\n"), frames(sub));

        // Within the next interval: players 10 down to 1, then 3 again.
        for (int p = 10; p >= 1; p--)
        {
            rig.event(p, p, 10, 10L * p, 11 - p, p % 2 == 0);
        }
        rig.event(3, 3, 1, 31, 8, true);
        rig.advance(5);

        final List<String> frames = frames(sub);
        assertEquals(1, frames.size(), "one frame for the interval: " + frames);
        assertEquals(List.of(player(10, 100, 1), player(9, 90, 2), player(8, 80, 3), player(7, 70, 4), player(6, 60, 5),
            player(5, 50, 6), player(4, 40, 7), player(3, 31, 8), player(2, 20, 9), player(1, 10, 10)), lines(frames));
    }

    @Test
    void aChangeAfterAQuietSpellIsWrittenAtOnceAndTheNextNoSoonerThanTheInterval()
    {
        final PushConnection sub = rig.connect();
        rig.subscribePlayer(sub, 7, 0, 0, 0);
        rig.event(7, 0, 100, 100, 1, true);
        rig.runLoop();
        assertEquals(1, frames(sub).size());
        rig.advance(5);
        rig.advance(5); // two quiet ticks: the loop has stopped ticking
        rig.advance(37);

        rig.event(7, 0, 100, 200, 1, true); // wakes the push loop, which writes without waiting
        rig.runLoop();
        assertEquals(List.of(player(7, 200, 1) + "\n"), frames(sub));
        rig.event(7, 0, 100, 300, 1, true);
        rig.advance(4);
        assertEquals(List.of(), frames(sub));
        rig.advance(1);
        assertEquals(List.of(player(7, 300, 1) + "\n"), frames(sub));
    }

    @Test
    void aPlayerChangeReachesEverySubscriberOfThatPlayerAndNoOther()
    {
        final PushConnection a = rig.connect();
        final PushConnection b = rig.connect();
        final PushConnection other = rig.connect();
        rig.subscribePlayer(a, 7, 0, 0, 0);
        rig.subscribePlayer(b, 7, 0, 0, 0);
        rig.subscribePlayer(other, 8, 1, 0, 0);
        rig.event(7, 0, 100, 100, 1, true);
        rig.event(9, 2, 100, 100, 2, true); // nobody's player
        rig.runLoop();
        assertEquals(List.of(player(7, 100, 1) + "\n"), frames(a));
        assertEquals(List.of(player(7, 100, 1) + "\n"), frames(b));
        assertEquals(List.of(), frames(other));
    }

    /**
     * Positive control: the same player's next event that does move the total is pushed at once,
     * on the same connection. Break caught: pushing disabled altogether (no frames at all) fails
     * the control; pushing delta-0 events fails the first assertion.
     */
    @Test
    void anEventThatLeavesTheTotalAloneIsNotPushed()
    {
        final PushConnection sub = rig.connect();
        rig.subscribePlayer(sub, 7, 0, 100, 1);
        rig.event(7, 0, 0, 100, 1, true); // delta 0
        rig.advance(50);
        assertEquals(List.of(), frames(sub));

        rig.event(7, 0, 20, 120, 1, true);
        rig.runLoop();
        assertEquals(List.of(player(7, 120, 1) + "\n"), frames(sub), "a change of the total is pushed");
    }

    /**
     * Positive control: a second connection still subscribed to the player gets the very event,
     * and the unsubscribed connection's other player is still pushed. Break caught: pushing
     * disabled altogether fails the controls; an unsubscribe that does nothing fails the first.
     */
    @Test
    void afterUnsubscribingAPlayerItsChangesAreNotPushed()
    {
        final PushConnection sub = rig.connect();
        final PushConnection still = rig.connect();
        rig.subscribePlayer(sub, 7, 0, 0, 0);
        rig.subscribePlayer(sub, 8, 1, 0, 0);
        rig.subscribePlayer(still, 7, 0, 0, 0);
        rig.control(sub, "{\"unsubscribe\":\"player\",\"player\":7}");
        rig.deliverAll();
        rig.event(7, 0, 100, 100, 1, true);
        rig.advance(50);
        assertEquals(List.of(), frames(sub));
        assertEquals(List.of(player(7, 100, 1) + "\n"), frames(still), "the same event reaches a subscribed connection");

        rig.event(8, 1, 50, 50, 2, true);
        rig.advance(5); // within an interval (the loop may still be ticking after the write to the other connection)
        assertEquals(List.of(player(8, 50, 2) + "\n"), frames(sub), "the connection's other player is still pushed");
    }
}
