package io.scoreline.push;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shard thread's start-up warm-up runs the whole snapshot path, to the marker, on its own board. */
class ShardWarmUpTest
{
    @Test
    void encodesEveryPlayerTheMarkerAndThenEveryPlayerLiveInEachRound()
    {
        // 6 rounds of a 50,000-player shard: 50,000 snapshot lines + 1 marker, then an event of each of the 50,000.
        assertEquals(6L * (50_001 + 50_000), PushShards.warmUp());
        assertEquals(6, PushShards.WARM_UP_ROUNDS);
        assertEquals(50_000, PushShards.WARM_UP_PLAYERS);
    }
}
