package io.scoreline.pipeline;

/**
 * How the stages map onto threads. {@code fused}: one consumer thread runs every stage in order
 * ({@link StageChain}); {@code staged}: a thread per stage, pinned to a core of its own;
 * {@code inline}: no consumer thread, the producer (the I/O thread) runs the same chain over what
 * it published ({@link InlineConsumer}); {@code auto}: staged where every stage and the producer
 * can each have a core, fused on 2 or more cores, inline on one.
 *
 * <p>Measured on 2 cores (perf/README.md): fused wins there, because a thread per stage means
 * more runnable threads than cores, and a stage waiting for its core costs more than the stage's
 * own work.
 */
public enum Topology
{
    FUSED, STAGED, INLINE, AUTO;

    /** @param stages the stages that need a thread when staged; @param cores the cores this process may use. */
    public Topology resolve(final int stages, final int cores)
    {
        if (this != AUTO)
        {
            return this;
        }
        if (cores >= stages + 1)
        {
            return STAGED;
        }
        return cores >= 2 ? FUSED : INLINE;
    }

    /** {@code fused}, {@code staged} or {@code auto}, as given on the command line. */
    public static Topology named(final String name)
    {
        switch (name)
        {
            case "fused":
                return FUSED;
            case "staged":
                return STAGED;
            case "inline":
                return INLINE;
            case "auto":
                return AUTO;
            default:
                throw new IllegalArgumentException("unknown topology '" + name + "' (fused, staged, inline, auto)");
        }
    }

    @Override
    public String toString()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
