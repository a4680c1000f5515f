package io.scoreline.perf;

import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.SerialPipeline;
import io.scoreline.rules.Rulebook;

/**
 * {@code serve --jit-warmup N}: before the service binds (so before /health can say ok), N
 * synthetic events go through parse, score and board on a throw-away state of
 * {@link #PLAYERS} players (the serial pipeline: the same stage classes the service's pipeline
 * runs), so that the JIT compiles the scoring path at start instead of under the first load:
 * one C2 compilation of {@code ScoringEngine::scorePlayerEvent} took 359 ms of the service's
 * only core 25 s into a 20k events/s run (perf/README.md, issue 20). Nothing is journaled and
 * the state is dropped afterwards.
 */
public final class JitWarmup
{
    static final int PLAYERS = 50_000;
    /** {@code serve}'s default: about 0.5-1 s at start on this machine (perf/README.md, issue 20). */
    public static final long DEFAULT_EVENTS = 200_000;
    private static final int BATCH = 256;

    private JitWarmup()
    {
    }

    /** @return the events that came out of the last stage (all of them) */
    public static long run(final Rulebook rulebook, final long events)
    {
        final long[] scored = {0};
        final SerialPipeline serial = new SerialPipeline(
            new PipelineConfig().rulebook(rulebook).maxPlayers(PLAYERS + 1), BATCH, (slot, endOfBatch) -> scored[0]++);
        final SyntheticEvents generator = new SyntheticEvents(PLAYERS, 7);
        long ordinal = 0;
        while (ordinal < events)
        {
            final int n = (int)Math.min(BATCH, events - ordinal);
            for (int i = 0; i < n; i++)
            {
                Bench.fill(serial.slot(i), generator, ordinal++);
            }
            serial.run(n);
        }
        return scored[0];
    }
}
