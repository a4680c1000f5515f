package io.scoreline.testkit;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling with a deadline, instead of a fixed sleep before an exact assertion. */
public final class Await
{
    private Await()
    {
    }

    /** Polls every few milliseconds until {@code condition} holds; fails with {@code state} once {@code seconds} pass. */
    public static void until(final long seconds, final BooleanSupplier condition, final Supplier<String> state)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("not true after " + seconds + " s: " + state.get());
            }
            Thread.sleep(5);
        }
    }
}
