package io.scoreline.pipeline;

import com.lmax.disruptor.DataProvider;

/**
 * Parse, score and board on the calling thread, with no ring and no other thread: the work's own
 * cost, which the pipeline is measured against ({@code bench --serial}). The same stages and the
 * same {@link StageChain} as the fused topology, over an array of slots the caller fills.
 */
public final class SerialPipeline
{
    private final EventSlot[] slots;
    private final DataProvider<EventSlot> provider;
    private final ScoringState state;
    private final StageChain chain;
    private final StageTimes times = new StageTimes();

    /** @param batch slots per {@link #run}. */
    public SerialPipeline(final PipelineConfig config, final int batch, final ResultSink sink)
    {
        config.validate();
        slots = new EventSlot[batch];
        for (int i = 0; i < batch; i++)
        {
            slots[i] = new EventSlot();
        }
        provider = sequence -> slots[(int)sequence];
        state = new ScoringState(config);
        final BoardStage board = new BoardStage(state.boards);
        chain = new StageChain(
            null, new Stage[] {new ParseStage(), new ScoreStage(state.engine, null, true), board}, board,
            new StageExceptionHandler(), sink, times);
    }

    public int batch()
    {
        return slots.length;
    }

    /** Slot {@code i} of the batch, to fill before {@link #run}. */
    public EventSlot slot(final int i)
    {
        return slots[i];
    }

    /** Runs slots [0, count) through parse, score and board, and hands each to the sink. */
    public void run(final int count)
    {
        if (count > 0)
        {
            chain.run(provider, 0, count - 1);
        }
    }

    /** Brings the ordered board up to date with every event run so far, as a query would. */
    public void catchUp()
    {
        state.boards.players();
    }

    /** Time the ordered board spent catching up so far, in ns, and how many catch-ups laid it out afresh. */
    public long catchUpNanos()
    {
        return state.boards.playerRanks().catchUpNanos();
    }

    public StageTimes stageTimes()
    {
        return times;
    }

    public double bytesPerPlayer()
    {
        return state.bytesPerPlayer();
    }
}
