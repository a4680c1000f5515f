package io.scoreline.pipeline;

/**
 * Nanoseconds spent in each stage, added up by the thread that runs the stages on one thread
 * ({@link StageChain}), and the slots that went through. One clock read per stage per group of
 * slots, a few ns a slot. Readers on other threads see a recent, not an exact, figure.
 */
public final class StageTimes
{
    public static final int JOURNAL = 0;
    public static final int PARSE = 1;
    public static final int SCORE = 2;
    public static final int BOARD = 3;
    public static final int SINK = 4;
    private static final String[] NAMES = {"journal", "parse", "score", "board", "sink"};

    private final long[] nanos = new long[NAMES.length];
    private long slots;

    /** Adds the time since {@code mark} to a stage; @return now, the next stage's mark. */
    long add(final int stage, final long mark)
    {
        final long now = System.nanoTime();
        nanos[stage] += now - mark;
        return now;
    }

    void count(final long slotsRun)
    {
        slots += slotsRun;
    }

    public long slots()
    {
        return slots;
    }

    public long nanos(final int stage)
    {
        return nanos[stage];
    }

    public static String name(final int stage)
    {
        return NAMES[stage];
    }

    public static int stages()
    {
        return NAMES.length;
    }

    /** A copy of the current figures, to subtract a later one from. */
    public StageTimes snapshot()
    {
        final StageTimes copy = new StageTimes();
        System.arraycopy(nanos, 0, copy.nanos, 0, nanos.length);
        copy.slots = slots;
        return copy;
    }

    /**
     * {@code journal=J parse=P score=S board=B sink=K total=T} in ns a slot since {@code before}
     * (stages that did not run are left out).
     */
    public String perSlotSince(final StageTimes before)
    {
        final long n = Math.max(1, slots - before.slots);
        final StringBuilder out = new StringBuilder();
        long total = 0;
        for (int i = 0; i < NAMES.length; i++)
        {
            final long spent = nanos[i] - before.nanos[i];
            if (spent > 0)
            {
                out.append(NAMES[i]).append('=').append(Math.round((double)spent / n)).append(' ');
                total += spent;
            }
        }
        return out.append("total=").append(Math.round((double)total / n)).toString();
    }
}
