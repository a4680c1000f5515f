package io.scoreline.push;

import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One shard subscription's waiting pushes, driven by hand: order, coalescing, the snapshot marker, the refresh budget. */
class ShardSubscriptionTest
{
    private final Recorder latency = new Recorder(1, 60_000_000_000L, 2);
    private ShardSubscription sub;

    /** Shard 0 of 2 over ids 10..15 (handles 0..5): ids 10, 12, 14 are its slots 0, 1, 2. */
    @BeforeEach
    void shardZeroOfTwo()
    {
        final long[] ids = new long[16];
        final PushShards.ShardIndex index = new PushShards.ShardIndex(2, 16, ids);
        for (int handle = 0; handle < 6; handle++)
        {
            ids[handle] = 10 + handle;
            index.add(handle, 10 + handle);
        }
        sub = new ShardSubscription(null, 0, 2, index);
    }

    @Test
    void theSnapshotComesFirstWithLiveChangesFoldedIntoItThenItsMarker()
    {
        snapshotOfThree();
        sub.put(1, 95, 2, 0, 0); // an event of id 12 before its snapshot line left: the newest state, in its place
        assertEquals(
            line(10, 100, 1) + line(12, 95, 2) + line(14, 80, 3) + "{\"push\":\"snapshot\",\"shard\":0,\"of\":2,\"players\":3}\n",
            write());
    }

    @Test
    void duringTheSnapshotAnEventOfAPlayerAlreadySentGoesAtOnceNotAfterTheMarker()
    {
        snapshotOfThree();
        sub.refreshBudget = 1; // as if the channel took one line of the snapshot so far
        assertEquals(line(10, 100, 1), write());
        sub.put(0, 300, 1, 0, 0); // id 10 scores: its snapshot line is out, its event is not held back
        assertEquals(line(10, 300, 1), write());
        sub.refreshBudget = 10;
        assertEquals(line(12, 90, 2) + line(14, 80, 3) + "{\"push\":\"snapshot\",\"shard\":0,\"of\":2,\"players\":3}\n", write());
    }

    @Test
    void anEventsPushGoesBeforeRankRefreshesWhichKeepToTheirBudget()
    {
        afterAnEmptySnapshot();
        sub.put(0, 100, 2, ShardSubscription.NOT_LIVE, 0);
        sub.put(2, 80, 1, ShardSubscription.NOT_LIVE, 0);
        sub.put(1, 300, 1, 0, 0);
        sub.refreshBudget = 1;
        assertEquals(line(12, 300, 1) + line(10, 100, 2), write());
        assertEquals("", write(), "the budget of this tick is spent");
        sub.refreshBudget = 5;
        assertEquals(line(14, 80, 1), write());
    }

    @Test
    void aPlayerWaitingForItsRankRefreshThatScoresIsSentOnceWithTheNewestState()
    {
        afterAnEmptySnapshot();
        sub.put(0, 100, 2, ShardSubscription.NOT_LIVE, 0);
        sub.put(0, 250, 1, 0, 0);
        sub.put(0, 400, 1, 0, 0);
        sub.refreshBudget = 10;
        assertEquals(line(10, 400, 1), write());
        assertEquals(1, sub.pushedRank(0));
    }

    /** Ids 10, 12, 14 at 100, 90, 80 (ranks 1, 2, 3) queued as the snapshot, then its marker. */
    private void snapshotOfThree()
    {
        sub.put(0, 100, 1, ShardSubscription.NOT_LIVE, 0);
        sub.put(1, 90, 2, ShardSubscription.NOT_LIVE, 0);
        sub.put(2, 80, 3, ShardSubscription.NOT_LIVE, 0);
        sub.endSnapshot(3);
    }

    private void afterAnEmptySnapshot()
    {
        sub.endSnapshot(0);
        assertEquals("{\"push\":\"snapshot\",\"shard\":0,\"of\":2,\"players\":0}\n", write());
    }

    private String write()
    {
        final byte[] frame = new byte[4096];
        return new String(frame, 0, sub.writeWaiting(frame, latency), StandardCharsets.US_ASCII);
    }

    private static String line(final long player, final long total, final int rank)
    {
        return "{\"push\":\"player\",\"player\":" + player + ",\"total\":" + total + ",\"rank\":" + rank + "}\n";
    }
}
