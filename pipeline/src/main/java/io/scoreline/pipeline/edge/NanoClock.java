package io.scoreline.pipeline.edge;

/**
 * Monotonic time in nanoseconds, injected (Agrona's {@code NanoClock}): production reads
 * {@link System#nanoTime()}, tests a clock they move by hand, so rate limits and coalescing are
 * driven, not waited for.
 */
@FunctionalInterface
public interface NanoClock
{
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
