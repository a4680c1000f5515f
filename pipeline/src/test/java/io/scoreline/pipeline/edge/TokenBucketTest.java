package io.scoreline.pipeline.edge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-connection rate limit, on a clock moved by hand. */
class TokenBucketTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldGiveTheBurstAtOnceThenOneTokenPerIntervalOfTheRate()
    {
        final TokenBucket bucket = new TokenBucket(4, 3, 0); // a token every 250 ms, 3 saved at most
        assertEquals(3, takeAll(bucket, 0));
        assertFalse(bucket.tryTake(249 * MS));
        assertTrue(bucket.tryTake(250 * MS));
        assertFalse(bucket.tryTake(250 * MS));
        assertEquals(2, takeAll(bucket, 750 * MS)); // 500 ms more: two tokens
    }

    @Test
    void shouldSaveNoMoreThanTheBurstHoweverLongTheQuiet()
    {
        final TokenBucket bucket = new TokenBucket(1000, 5, 0);
        assertEquals(5, takeAll(bucket, 0));
        assertEquals(5, takeAll(bucket, 3_600_000 * MS)); // an hour later: still 5, no overflow
    }

    @Test
    void shouldKeepFractionsOfATokenAcrossCalls()
    {
        // A token every 333.3 ms; a burst of 2 so that no fraction is lost to the cap (credit stays near 1).
        final TokenBucket bucket = new TokenBucket(3, 2, 0);
        assertEquals(2, takeAll(bucket, 0));
        int taken = 0;
        for (long t = 10; t <= 3000; t += 10) // 3 s in 10 ms steps: 3 x 3 = 9 tokens, the fractions adding up
        {
            taken += bucket.tryTake(t * MS) ? 1 : 0;
        }
        assertEquals(9, taken);
    }

    @Test
    void shouldRefuseARateOrBurstBelowOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }

    private static int takeAll(final TokenBucket bucket, final long now)
    {
        int n = 0;
        while (bucket.tryTake(now))
        {
            n++;
        }
        return n;
    }
}
