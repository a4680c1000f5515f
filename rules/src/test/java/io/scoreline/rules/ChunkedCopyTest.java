package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streamed copy on write: the drain hands on the array exactly as it was when armed, whatever
 * the owner writes meanwhile, and the owner never holds more than the pool's chunks saved.
 */
class ChunkedCopyTest
{
    /** 10 records of 10 bytes: chunks of 2 records (20 bytes), 5 chunks. */
    private static final int RECORD = 10;

    @Test
    void shouldSaveOnlyTheChunksWrittenBeforeTheDrainReachesThem() throws IOException
    {
        final byte[] live = filled(100, 1);
        final ChunkedCopy copy = new ChunkedCopy(live, live.length, RECORD, 25, 60, byte[]::new);
        copy.reserve();
        copy.arm(live.length);
        final byte[] armed = live.clone();

        write(copy, live, 85, (byte)-1); // chunk 4
        write(copy, live, 41, (byte)-2); // chunk 2
        write(copy, live, 45, (byte)-3); // chunk 2 again: saved already
        assertEquals(2, copy.savedChunks());
        assertEquals(2, copy.peakSlots());

        final byte[] out = new byte[live.length];
        copy.drain((array, from, length, at) -> System.arraycopy(array, from, out, at, length));

        assertArrayEquals(armed, out);
        assertFalse(copy.isActive());
        write(copy, live, 5, (byte)-4); // after the drain: nothing to save
        assertEquals(2, copy.savedChunks());
        assertEquals(0, copy.poolWaits());
    }

    @Test
    void shouldMakeTheOwnerWaitForTheDrainWhenThePoolIsFullAndStillStreamTheArmedInstant() throws Exception
    {
        final byte[] live = filled(100, 2);
        final ChunkedCopy copy = new ChunkedCopy(live, live.length, RECORD, 20, 40, byte[]::new); // a pool of 2 chunks
        assertEquals(2, copy.poolChunks());
        copy.reserve();
        copy.arm(live.length);
        final byte[] armed = live.clone();

        final CountDownLatch twoSaved = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread owner = new Thread(() ->
        {
            try
            {
                write(copy, live, 95, (byte)-1); // chunk 4
                write(copy, live, 75, (byte)-2); // chunk 3: the pool is full now
                twoSaved.countDown();
                write(copy, live, 55, (byte)-3); // chunk 2: waits for the drain to free a slot
                done.countDown();
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        owner.start();
        assertTrue(twoSaved.await(10, TimeUnit.SECONDS));
        assertFalse(done.await(200, TimeUnit.MILLISECONDS), "the third save must wait: the pool holds 2 chunks");

        final byte[] out = new byte[live.length];
        copy.drain((array, from, length, at) -> System.arraycopy(array, from, out, at, length));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        owner.join(10_000);

        assertEquals(null, failure.get());
        assertArrayEquals(armed, out);
        assertEquals(1, copy.poolWaits());
        assertEquals(2, copy.peakSlots());
    }

    @Test
    void shouldStreamTheArmedInstantWhileAnOwnerThreadWritesAtRandom() throws Exception
    {
        final byte[] live = filled(40_000, 3);
        final ChunkedCopy copy = new ChunkedCopy(live, live.length, RECORD, 40, 400, byte[]::new); // 1,000 chunks, pool of 10
        copy.reserve();
        for (int round = 0; round < 20; round++)
        {
            copy.arm(live.length);
            final byte[] armed = live.clone();
            final Thread owner = new Thread(() ->
            {
                final SplittableRandom random = new SplittableRandom(round(armed));
                while (copy.isActive())
                {
                    write(copy, live, random.nextInt(live.length), (byte)random.nextInt());
                }
            });
            owner.start();
            final byte[] out = new byte[live.length];
            copy.drain((array, from, length, at) -> System.arraycopy(array, from, out, at, length));
            owner.join(10_000);
            assertArrayEquals(armed, out, "round " + round);
        }
        assertTrue(copy.peakSlots() <= 10, "held " + copy.peakSlots() + " chunks, the pool has 10");
    }

    @Test
    void shouldEndACaptureWhoseSinkFailedSoThatTheOwnerNeverWaitsOnIt()
    {
        final byte[] live = filled(100, 4);
        final ChunkedCopy copy = new ChunkedCopy(live, live.length, RECORD, 20, 20, byte[]::new); // a pool of 1 chunk
        copy.reserve();
        copy.arm(live.length);
        write(copy, live, 95, (byte)-1);

        try
        {
            copy.drain((array, from, length, at) ->
            {
                throw new IOException("disk full");
            });
        }
        catch (final IOException expected)
        {
            // the capture is over all the same
        }
        assertFalse(copy.isActive());
        write(copy, live, 15, (byte)-2); // a second save with the pool still full: must not wait
        assertEquals(1, copy.savedChunks());
    }

    private static long round(final byte[] seed)
    {
        return seed[0] * 31L + seed[1];
    }

    private static void write(final ChunkedCopy copy, final byte[] live, final int at, final byte value)
    {
        copy.beforeWrite(at, at + 1);
        live[at] = value;
    }

    private static byte[] filled(final int length, final int seed)
    {
        final byte[] a = new byte[length];
        new SplittableRandom(seed).nextBytes(a);
        return a;
    }
}
