package io.scoreline.perf;

import io.scoreline.ingest.ServeMain;
import io.scoreline.rules.Rulebook;

/**
 * The demo's service JVM ({@link ServiceProcess}): {@link JitWarmup} with the default rulebook,
 * then {@link ServeMain} with the same arguments, so the demo measures a service whose scoring
 * path is compiled before it listens, as {@code serve --jit-warmup} gives.
 */
public final class WarmServe
{
    /** Events of the demo service's warm-up: as {@code serve}'s default. */
    static final long EVENTS = JitWarmup.DEFAULT_EVENTS;

    private WarmServe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        JitWarmup.run(Rulebook.defaults(), EVENTS);
        ServeMain.main(args);
    }
}
