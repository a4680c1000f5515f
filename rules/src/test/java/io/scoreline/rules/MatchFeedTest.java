package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The accepted match events a void may name: found by seq, and bounded by the reach instead of growing. */
class MatchFeedTest
{
    @Test
    void shouldDropEntriesBeyondTheReachWhenFullInsteadOfGrowing()
    {
        final MatchFeed feed = new MatchFeed();
        for (int i = 0; i < MatchFeed.INITIAL; i++)
        {
            feed.add(10L * (i + 1), 2L * i, GameEvent.MatchKind.GOAL, 0);
        }
        feed.add(10L * (MatchFeed.INITIAL + 1), 2L * MatchFeed.INITIAL, GameEvent.MatchKind.VOID, 200);

        assertEquals(MatchFeed.INITIAL + 1 - 100, feed.size(), "ordinals 0, 2, .. 198 are beyond the reach");
        assertEquals(-1, feed.find(1_000)); // ordinal 198
        final int kept = feed.find(1_010); // ordinal 200
        assertEquals(200, feed.ordinal(kept));
        assertEquals(GameEvent.MatchKind.VOID, feed.kind(feed.find(10L * (MatchFeed.INITIAL + 1))));
    }

    @Test
    void shouldGrowWhenEveryEntryIsWithinReach()
    {
        final MatchFeed feed = new MatchFeed();
        for (int i = 0; i <= MatchFeed.INITIAL; i++)
        {
            feed.add(i + 1, i, GameEvent.MatchKind.HALF_TIME, 0);
        }
        assertEquals(MatchFeed.INITIAL + 1, feed.size());
        assertEquals(0, feed.ordinal(feed.find(1)));
        assertEquals(-1, feed.find(0));
    }
}
