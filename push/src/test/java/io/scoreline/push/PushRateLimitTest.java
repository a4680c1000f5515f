package io.scoreline.push;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.scoreline.push.PushRig.frames;
import static io.scoreline.push.PushRig.lines;
import static io.scoreline.push.PushRig.player;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SERVICE.md "Push": a top-N subscription is pushed once at once and then when the top changes,
 * at most 10 times in any second; a player's rank that moves without an event of the player is
 * pushed by the refresh, once a second. Driven tick by tick on the rig's clock.
 */
class PushRateLimitTest
{
    private final PushRig rig = new PushRig();

    @Test
    void aBurstOfTopChangesIsCoalescedToAtMostTenPushesASecond()
    {
        final PushConnection sub = rig.connect();
        rig.control(sub, "{\"subscribe\":\"top\",\"limit\":2}");
        final PushQuery.SubscribeTop subscribe = rig.next(PushQuery.SubscribeTop.class);
        fill(subscribe, 0);
        rig.deliver(subscribe);
        rig.runLoop();
        final List<String> pushes = new ArrayList<>(lines(frames(sub)));
        assertEquals(List.of(top(0)), pushes, "the top right after subscribing");

        // The top changes every 10 ms for 2 s (200 snapshots: 1..200).
        for (int tick = 1; tick <= 200; tick++)
        {
            rig.advance(10);
            rig.hub.tickTop();
            final PushQuery.TopSnapshot snapshot = rig.next(PushQuery.TopSnapshot.class);
            fill(snapshot, tick);
            rig.deliver(snapshot);
            rig.runLoop();
            pushes.addAll(lines(frames(sub)));
        }
        // In any second at most 10, counting the subscription's own: t = 0 (subscribe), 10..90 ms,
        // then 1000..1090 ms, then 2000 ms (snapshot 200, the last): 21 pushes, each the snapshot of its tick.
        final List<String> expected = new ArrayList<>();
        expected.add(top(0));
        for (int tick = 1; tick <= 9; tick++)
        {
            expected.add(top(tick));
        }
        for (int tick = 100; tick <= 109; tick++)
        {
            expected.add(top(tick));
        }
        expected.add(top(200));
        assertEquals(expected, pushes);

        // Quiet: the same top again is not pushed again.
        rig.advance(1000);
        rig.hub.tickTop();
        final PushQuery.TopSnapshot same = rig.next(PushQuery.TopSnapshot.class);
        fill(same, 200);
        rig.deliver(same);
        rig.advance(10);
        assertEquals(List.of(), frames(sub));
    }

    @Test
    void aTopChangeHeldBackByTheLimitGoesOutWithTheFirstTickTheLimitAllows()
    {
        final PushConnection sub = rig.connect();
        rig.control(sub, "{\"subscribe\":\"top\",\"limit\":2}");
        final PushQuery.SubscribeTop subscribe = rig.next(PushQuery.SubscribeTop.class);
        fill(subscribe, 0);
        rig.deliver(subscribe);
        for (int tick = 1; tick <= 10; tick++) // ticks 1..9 pushed, 10 held back (10 in the second already)
        {
            rig.advance(10);
            rig.hub.tickTop();
            final PushQuery.TopSnapshot snapshot = rig.next(PushQuery.TopSnapshot.class);
            fill(snapshot, tick);
            rig.deliver(snapshot);
        }
        rig.advance(5);
        assertEquals(10, lines(frames(sub)).size());
        // The board stays at snapshot 10; the tick at 1000 ms (one second after the subscription's push) sends it.
        for (int t = 110; t <= 1000; t += 10)
        {
            rig.advance(t == 110 ? 5 : 10);
            rig.hub.tickTop();
            final PushQuery.TopSnapshot snapshot = rig.next(PushQuery.TopSnapshot.class);
            fill(snapshot, 10);
            rig.deliver(snapshot);
            rig.runLoop();
            final List<String> lines = lines(frames(sub));
            assertEquals(t < 1000 ? List.of() : List.of(top(10)), lines, "at " + t + " ms");
        }
    }

    @Test
    void aRankThatMovesWithoutAnEventOfThePlayerIsPushedOnceASecondAndAnUnmovedOneIsNot()
    {
        final PushConnection sub = rig.connect();
        rig.subscribePlayer(sub, 7, 3, 100, 1);
        // Every 20 ms one fiftieth of the players is read; find the tick that reads player 7.
        int tick = 0;
        PushQuery.RankRefresh refresh;
        do
        {
            assertTrue(++tick <= PushQuery.RankRefresh.SLICES + 1, "player 7 not read within a round of refreshes");
            refresh = refreshTick();
            if (refresh.count == 0)
            {
                rig.deliver(refresh);
            }
        }
        while (refresh.count == 0);
        // Another player passes 7 before every read of its rank: 7 falls to 2, 3, 4, ... on the board.
        final List<String> pushes = new ArrayList<>();
        final List<Integer> at = new ArrayList<>();
        int rank = 1;
        for (int t = 0; t <= 2 * PushQuery.RankRefresh.SLICES; t++)
        {
            if (t > 0)
            {
                refresh = refreshTick();
            }
            if (refresh.count > 0)
            {
                assertEquals(1, refresh.count);
                assertEquals(7, refresh.ids[0]);
                assertEquals(3, refresh.handles[0]);
                refresh.ranks[0] = ++rank;
                refresh.totals[0] = 100;
            }
            rig.deliver(refresh);
            rig.runLoop();
            for (final String line : lines(frames(sub)))
            {
                pushes.add(line);
                at.add(t);
            }
        }
        assertEquals(List.of(player(7, 100, 2), player(7, 100, 3), player(7, 100, 4)), pushes);
        assertEquals(List.of(0, 50, 100), at, "ticks of 20 ms: once a second");

        // A round in which the rank stays 4: nothing.
        for (int t = 0; t < PushQuery.RankRefresh.SLICES; t++)
        {
            refresh = refreshTick();
            if (refresh.count > 0)
            {
                refresh.ranks[0] = 4;
                refresh.totals[0] = 100;
            }
            rig.deliver(refresh);
            rig.runLoop();
        }
        rig.advance(10);
        assertEquals(List.of(), frames(sub));
    }

    @Test
    void theRefreshIsInTheRingAtMostOnce()
    {
        final PushConnection sub = rig.connect();
        rig.subscribePlayer(sub, 7, 3, 100, 1);
        rig.hub.tickRank();
        rig.hub.tickRank(); // not delivered yet: no second one
        rig.deliver(rig.next(PushQuery.RankRefresh.class));
        rig.deliverAll();
        rig.hub.tickRank();
        rig.next(PushQuery.RankRefresh.class);
        assertEquals(1, rig.hub.queriesInFlight());
    }

    /** 20 ms later, the hub's rank tick: the refresh it publishes (not yet answered nor delivered). */
    private PushQuery.RankRefresh refreshTick()
    {
        rig.advance(PushHub.RANK_TICK_MILLIS);
        rig.hub.tickRank();
        return rig.next(PushQuery.RankRefresh.class);
    }

    /** Snapshot n: player 1000+n first with 10n+20, player 1 second with 10. */
    private static void fill(final PushQuery.TopSnapshot s, final int n)
    {
        s.count = 2;
        s.ids[0] = 1000 + n;
        s.scores[0] = 10L * n + 20;
        s.ids[1] = 1;
        s.scores[1] = 10;
    }

    private static String top(final int n)
    {
        return "{\"push\":\"top\",\"limit\":2,\"players\":[{\"rank\":1,\"player\":" + (1000 + n) + ",\"score\":" + (10L * n + 20) +
            "},{\"rank\":2,\"player\":1,\"score\":10}]}";
    }
}
