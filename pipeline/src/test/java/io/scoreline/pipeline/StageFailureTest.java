package io.scoreline.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure policy, at every stage and on both topologies: an exception in a stage (a bug) marks
 * that slot failed and answers it "internal"; later stages never see it; the failing stage goes
 * on with the next slot; later events score as if the failed one had been rejected; and a replay
 * of the journal through the same (deterministic) bug gives the same results.
 *
 * <p>The journal is the exception that proves the rule "nothing is scored that is not
 * journaled": its records must be contiguous, so once an append failed every later event is
 * answered "internal" too (fail closed) until a restart cuts the journal at its last record.
 */
class StageFailureTest
{
    private static final String INTERNAL = "{\"seq\":null,\"player\":null,\"status\":\"rejected\",\"error\":\"internal\"}";
    private static final String[] EVENTS = {
        "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":1,\"team\":2}",
        "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":2}", // ordinal 1: the stage under test throws
        "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":3,\"team\":2}",
        "{\"type\":\"hint_used\",\"seq\":2,\"ts\":1,\"player\":1,\"team\":2,\"clue\":4}",
    };
    private static final long FAILING_ORDINAL = 1;

    @TempDir
    Path journal;

    static Stream<Arguments> stagesAndTopologies()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final Topology topology : new Topology[] {Topology.FUSED, Topology.STAGED, Topology.INLINE})
        {
            for (final StageId stage : StageId.values())
            {
                cases.add(Arguments.of(stage, topology));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} fails, {1}")
    @MethodSource("stagesAndTopologies")
    void shouldAnswerAFailedSlotAsInternalSkipItLaterAndGoOn(final StageId failing, final Topology topology) throws Exception
    {
        final Recorder seen = new Recorder();
        final List<String> live = new ArrayList<>();
        final boolean journalFails = failing == StageId.JOURNAL;
        try (ScoringPipeline pipeline = new ScoringPipeline(config(topology, failing, seen).journalDir(journal), collect(live)))
        {
            for (final String event : EVENTS)
            {
                publish(pipeline, event);
            }
            assertTrue(pipeline.awaitDrained(10, TimeUnit.SECONDS));
            assertEquals(journalFails ? 3 : 1, pipeline.stageFailures());
        }

        final String first = "{\"seq\":1,\"player\":1,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":1,\"rules\":[\"R01\",\"R47\"]}";
        assertEquals(journalFails ? List.of(first, INTERNAL, INTERNAL, INTERNAL) : List.of(
            first,
            INTERNAL,
            "{\"seq\":1,\"player\":3,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":2,\"rules\":[\"R01\",\"R47\"]}",
            "{\"seq\":2,\"player\":1,\"status\":\"ok\",\"delta\":-30,\"total\":70,\"rank\":2,\"rules\":[\"R37\",\"R47\"]}"),
            live);
        for (final StageId stage : StageId.values())
        {
            final List<Long> expected = stage.ordinal() <= failing.ordinal() ? List.of(0L, 1L, 2L, 3L) :
                journalFails ? List.of(0L) : List.of(0L, 2L, 3L);
            assertEquals(expected, seen.ordinals(stage), stage + " saw these ordinals");
        }

        // Replay the journal through the same bug: the same results (a journal failure left its event out).
        final List<String> replayed = new ArrayList<>();
        try (ScoringPipeline replay = new ScoringPipeline(config(topology, failing, new Recorder()), collect(replayed)))
        {
            replay.recover(journal);
        }
        assertEquals(journalFails ? List.of(first) : live, replayed);
    }

    @Test
    void shouldAnswerAQueryThatThrowsAsInternalAndScoreTheNextEvent() throws Exception
    {
        for (final Topology topology : new Topology[] {Topology.FUSED, Topology.STAGED, Topology.INLINE})
        {
            final List<String> results = new ArrayList<>();
            try (ScoringPipeline pipeline = new ScoringPipeline(new PipelineConfig().maxPlayers(100).topology(topology), collect(results)))
            {
                publish(pipeline, EVENTS[0]);
                pipeline.publishQuery((boards, handle) ->
                {
                    throw new IllegalStateException("a bug in a query");
                }, "query");
                publish(pipeline, EVENTS[1]);
                assertTrue(pipeline.awaitDrained(10, TimeUnit.SECONDS));
                assertEquals(1, pipeline.stageFailures(), topology.toString());
            }
            assertEquals(List.of(
                "{\"seq\":1,\"player\":1,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":1,\"rules\":[\"R01\",\"R47\"]}",
                INTERNAL,
                "{\"seq\":1,\"player\":2,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":2,\"rules\":[\"R01\",\"R47\"]}"),
                results, topology.toString());
        }
    }

    private static PipelineConfig config(final Topology topology, final StageId failing, final Recorder seen)
    {
        return new PipelineConfig().maxPlayers(100).topology(topology).stageWrapper((id, stage) -> new Stage()
        {
            @Override
            public void onSlot(final EventSlot slot)
            {
                if (slot.command == EventSlot.EVENT)
                {
                    seen.add(id, slot.ordinal);
                    if (id == failing && slot.ordinal == FAILING_ORDINAL)
                    {
                        throw new IllegalStateException("injected bug in " + id);
                    }
                }
                stage.onSlot(slot);
            }

            @Override
            public int prefetchPhases()
            {
                return stage.prefetchPhases();
            }

            @Override
            public void prefetch(final EventSlot slot, final int phase)
            {
                stage.prefetch(slot, phase);
            }

            @Override
            public void endOfRun()
            {
                stage.endOfRun();
            }
        });
    }

    /** Every event slot's result, queries' too, in sink order; barriers (no result) are left out. */
    private static ResultSink collect(final List<String> results)
    {
        return (slot, endOfBatch) ->
        {
            if (slot.resultLength > 0)
            {
                results.add(new String(slot.result, 0, slot.resultLength, StandardCharsets.UTF_8));
            }
        };
    }

    private static void publish(final ScoringPipeline pipeline, final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        pipeline.publishEvent(bytes, 0, bytes.length, bytes.length, System.nanoTime(), "event");
    }

    /** Which ordinals each stage was handed; stages may run on different threads. */
    private static final class Recorder
    {
        private final Map<StageId, List<Long>> seen = Collections.synchronizedMap(new EnumMap<>(StageId.class));

        void add(final StageId stage, final long ordinal)
        {
            seen.computeIfAbsent(stage, s -> Collections.synchronizedList(new ArrayList<>())).add(ordinal);
        }

        List<Long> ordinals(final StageId stage)
        {
            return List.copyOf(seen.getOrDefault(stage, List.of()));
        }
    }
}
