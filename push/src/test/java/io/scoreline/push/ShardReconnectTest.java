package io.scoreline.push;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway that leaves in the middle of its snapshot and subscribes again on a new connection
 * (the new subscription takes the old one's arrays and the kept shard index): the new snapshot is
 * whole and of the board's moment. Shard thread rounds run by hand.
 * <p>
 * The board: 10,000 players, id i (handle i - 1) with total 10 i, so id i is ranked 10,001 - i,
 * one shard of 1; a round writes at most 8 frames of 32 KiB (~4,000 lines), so one round cannot
 * finish the first snapshot.
 */
class ShardReconnectTest
{
    private static final int PLAYERS = 10_000;

    @Test
    void aResubscribeAfterLeavingMidSnapshotGetsEveryPlayerOnceThenTheMarker()
    {
        final PushConfig config = new PushConfig().rankRefreshMillis(1000).maxPlayers(PLAYERS + 1).validate();
        final long[] now = {TimeUnit.SECONDS.toNanos(100)};
        final ShardLog log = new ShardLog(1 << 14);
        final PushShards shards = new PushShards(log, () -> now[0], config.maxPlayers(), config);
        final PushRig rig = new PushRig(config);
        for (int id = 1; id <= PLAYERS; id++)
        {
            log.append(id - 1, id, 10L * id, id, true, 0);
        }

        final PushConnection first = rig.connect();
        shards.subscribe(first, 0, 1);
        shards.step();
        final List<String> partial = PushRig.lines(PushRig.frames(first));
        assertTrue(partial.size() > 1000 && partial.size() < PLAYERS, "one round writes part of the snapshot: " + partial.size());

        shards.gone(first);
        log.append(4_999, 5_000, 1_000_000, PLAYERS + 1, true, 0); // id 5,000 now first; ids 1..4,999 keep their ranks
        final PushConnection again = rig.connect();
        shards.subscribe(again, 0, 1);
        for (int rounds = 0; rounds < 20; rounds++)
        {
            now[0] += TimeUnit.MILLISECONDS.toNanos(5);
            shards.step();
        }
        final List<String> snapshot = PushRig.lines(PushRig.frames(again));
        assertEquals(PLAYERS + 1, snapshot.size(), "every player once, then the marker");
        for (int id = 1; id <= PLAYERS; id++)
        {
            final long total = id == 5_000 ? 1_000_000 : 10L * id;
            final int rank = id == 5_000 ? 1 : id > 5_000 ? 10_002 - id : 10_001 - id; // those above it move down one
            assertEquals(PushRig.player(id, total, rank), snapshot.get(id - 1));
        }
        assertEquals("{\"push\":\"snapshot\",\"shard\":0,\"of\":1,\"players\":10000}", snapshot.get(PLAYERS));
        assertEquals(List.of(), PushRig.frames(first), "nothing more to the connection that left");
    }
}
