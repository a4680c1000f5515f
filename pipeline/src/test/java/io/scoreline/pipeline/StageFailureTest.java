package io.scoreline.pipeline;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure policy: an exception in a stage (a bug) marks that slot failed and answers it with
 * error "internal"; the stage keeps running and every later event is scored as usual.
 */
class StageFailureTest
{
    @TempDir
    Path journal;

    @ParameterizedTest(name = "with journal stage: {0}")
    @ValueSource(booleans = {false, true})
    void shouldAnswerAFailedSlotAsInternalAndKeepScoringLaterEvents(final boolean withJournal) throws Exception
    {
        final List<String> results = new ArrayList<>();
        final ResultSink sink = (slot, endOfBatch) ->
        {
            if (slot.context != null)
            {
                results.add(new String(slot.result, 0, slot.resultLength, StandardCharsets.UTF_8));
            }
        };
        try (ScoringPipeline pipeline = new ScoringPipeline(
            new PipelineConfig().maxPlayers(100).journalDir(withJournal ? journal : null), sink))
        {
            publish(pipeline, "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":1,\"team\":2}");
            pipeline.publishQuery((boards, handle) ->
            {
                throw new IllegalStateException("a bug in a query");
            }, "query");
            publish(pipeline, "{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":2}");
            assertTrue(pipeline.awaitDrained(10, TimeUnit.SECONDS));

            assertEquals(List.of(
                "{\"seq\":1,\"player\":1,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":1,\"rules\":[\"R01\",\"R47\"]}",
                "{\"seq\":null,\"player\":null,\"status\":\"rejected\",\"error\":\"internal\"}",
                "{\"seq\":1,\"player\":2,\"status\":\"ok\",\"delta\":100,\"total\":100,\"rank\":2,\"rules\":[\"R01\",\"R47\"]}"),
                results);
            assertEquals(1, pipeline.stageFailures());
        }
    }

    private static void publish(final ScoringPipeline pipeline, final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        pipeline.publishEvent(bytes, 0, bytes.length, bytes.length, System.nanoTime(), "event");
    }
}
