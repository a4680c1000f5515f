package io.scoreline.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;

/**
 * The staged topology: one {@link Stage} on a thread of its own. Before each slot it prefetches
 * a group ahead inside its batch ({@link Lookahead}); at the end of a batch it lets the stage
 * finish the run (the journal forces), releases the batch to the next stage and signals the wait
 * strategy, so a downstream stage that parked on this one wakes. The last stage hands each slot
 * to the sink.
 */
final class StageHandler implements EventHandler<EventSlot>
{
    private final Stage stage;
    private final StageRunner runner;
    private final BoardStage board;
    private final ResultSink sink;
    private final WaitStrategy waitStrategy;
    private final Lookahead lookahead;
    private Sequence sequence;

    /** @param board and sink: for the last stage only, else null. */
    StageHandler(
        final Stage stage, final StageExceptionHandler failures, final BoardStage board, final ResultSink sink,
        final WaitStrategy waitStrategy)
    {
        this.stage = stage;
        this.runner = new StageRunner(failures);
        this.board = board;
        this.sink = sink;
        this.waitStrategy = waitStrategy;
        this.lookahead = new Lookahead(stage, runner);
    }

    void ring(final RingBuffer<EventSlot> ring)
    {
        lookahead.ring(ring);
    }

    @Override
    public void setSequenceCallback(final Sequence sequence)
    {
        this.sequence = sequence;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        lookahead.onBatchStart(batchSize);
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        lookahead.beforeEvent(sequence);
        AllocationProbe.addCurrentThread(slot);
        runner.run(stage, slot, sequence);
        if (endOfBatch)
        {
            runner.endOfRun(stage, slot, sequence);
        }
        if (sink != null)
        {
            runner.sink(sink, board, slot, endOfBatch);
        }
        if (endOfBatch)
        {
            this.sequence.set(sequence);
            waitStrategy.signalAllWhenBlocking();
        }
    }
}
