package io.scoreline.pipeline;

import com.lmax.disruptor.DataProvider;

/**
 * The stages run in order on one thread over a run of slots: the fused topology's consumer and
 * {@link SerialPipeline} both use it.
 *
 * <pre>
 *   run [from, to]:  journal every slot, force (policy)       no result leaves before its event is journaled
 *                    then, per group of {@link #GROUP} slots:
 *                      parse | prefetch score x2, score | prefetch board x2, board | sink
 * </pre>
 *
 * Group by group, each memory-bound stage first touches what the whole group will need, phase by
 * phase, so a group's cache misses overlap (about one miss latency a phase for the group instead
 * of one a slot). Failure policy per slot and stage: a stage that throws marks the slot failed
 * and answered "internal"; later stages skip it; the run goes on. The time spent in each stage is
 * added up in {@link StageTimes}.
 */
final class StageChain
{
    static final int GROUP = Integer.getInteger("scoreline.prefetch.group", 32);

    private final Stage journal;
    private final Stage[] stages;
    private final BoardStage board;
    private final StageRunner runner;
    private final ResultSink sink;
    private final StageTimes times;

    /**
     * @param journal  the journal stage, or null for none.
     * @param stages   the stages after the journal, in order; the last one is the board.
     */
    StageChain(
        final Stage journal, final Stage[] stages, final BoardStage board,
        final StageExceptionHandler failures, final ResultSink sink, final StageTimes times)
    {
        this.journal = journal;
        this.stages = stages.clone();
        this.board = board;
        this.runner = new StageRunner(failures);
        this.sink = sink;
        this.times = times;
    }

    /** Runs slots [from, to] through every stage and hands each, in order, to the sink. */
    void run(final DataProvider<EventSlot> slots, final long from, final long to)
    {
        long mark = System.nanoTime();
        if (journal != null)
        {
            for (long s = from; s <= to; s++)
            {
                runner.run(journal, slots.get(s), s);
            }
            runner.endOfRun(journal, slots.get(to), to);
            mark = times.add(StageTimes.JOURNAL, mark);
        }
        for (long group = from, last; group <= to; group = last + 1)
        {
            last = groupEnd(slots, group, Math.min(to, group + GROUP - 1));
            for (long s = group; s <= last; s++)
            {
                AllocationProbe.addCurrentThread(slots.get(s)); // once, before the board answers: every stage runs on this thread
            }
            for (int i = 0; i < stages.length; i++)
            {
                final Stage stage = stages[i];
                runner.prefetch(stage, slots, group, last);
                for (long s = group; s <= last; s++)
                {
                    runner.run(stage, slots.get(s), s);
                }
                mark = times.add(StageTimes.PARSE + i, mark);
            }
            for (long s = group; s <= last; s++)
            {
                runner.sink(sink, board, slots.get(s), s == to);
            }
            mark = times.add(StageTimes.SINK, mark);
        }
        for (final Stage stage : stages)
        {
            runner.endOfRun(stage, slots.get(to), to); // after the run's results left: upkeep such as the undo log's window
        }
        times.count(to - from + 1);
    }

    /**
     * A group ends at a query: the board answers it before any later slot is scored. A snapshot
     * request arms a capture at the score stage and lets its writer drain it only once the board
     * has passed it; a void's roll-back right behind it in the same group would wait, at the score
     * stage, for that drain: for ever.
     */
    private static long groupEnd(final DataProvider<EventSlot> slots, final long group, final long last)
    {
        for (long s = group; s < last; s++)
        {
            if (slots.get(s).command == EventSlot.QUERY)
            {
                return s;
            }
        }
        return last;
    }

    /** Nothing waits in the ring: a bounded share of the board's catch-up ({@link BoardStage#idle}); whether more is left. */
    boolean idle()
    {
        return board.idle();
    }
}
