package io.scoreline.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.scoreline.pipeline.Boards;
import io.scoreline.pipeline.ScoringPipeline;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.Score;

/**
 * {@code GET /metrics}: event counts are copied on the board thread (their owner); the rest is
 * read on the event loop when the response is built. Prometheus text format 0.0.4.
 */
final class MetricsQuery extends HttpQuery
{
    private final Metrics metrics;
    private final ScoringPipeline pipeline;
    private final long[] byStatus = new long[3];
    private final long[] byError = new long[ErrorCode.COUNT];
    private long internalErrors;

    MetricsQuery(final Metrics metrics, final ScoringPipeline pipeline)
    {
        this.metrics = metrics;
        this.pipeline = pipeline;
    }

    @Override
    HttpResponseStatus answer(final Boards boards, final int playerHandle, final StringBuilder json)
    {
        byStatus[0] = boards.eventsWithStatus(Score.OK);
        byStatus[1] = boards.eventsWithStatus(Score.DUPLICATE);
        byStatus[2] = boards.eventsWithStatus(Score.REJECTED);
        for (int code = 1; code < ErrorCode.COUNT; code++)
        {
            byError[code] = boards.eventsRejectedWith(code);
        }
        internalErrors = boards.internalErrors();
        return HttpResponseStatus.OK;
    }

    @Override
    FullHttpResponse response(final ByteBufAllocator alloc)
    {
        final StringBuilder out = new StringBuilder(4096);
        out.append("# HELP scoreline_events_total Events scored, by status.\n");
        out.append("# TYPE scoreline_events_total counter\n");
        out.append("scoreline_events_total{status=\"ok\"} ").append(byStatus[0]).append('\n');
        out.append("scoreline_events_total{status=\"duplicate\"} ").append(byStatus[1]).append('\n');
        out.append("scoreline_events_total{status=\"rejected\"} ").append(byStatus[2]).append('\n');
        out.append("scoreline_events_total{status=\"internal\"} ").append(internalErrors).append('\n');
        out.append("# HELP scoreline_events_rejected_total Rejected events, by error code.\n");
        out.append("# TYPE scoreline_events_rejected_total counter\n");
        for (int code = 1; code < ErrorCode.COUNT; code++)
        {
            out.append("scoreline_events_rejected_total{error=\"").append(ErrorCode.name(code)).append("\"} ")
                .append(byError[code]).append('\n');
        }
        metrics.render(out);
        Metrics.gauge(out, "scoreline_ring_occupancy", "Ring slots published but not yet past every stage.",
            pipeline.backlog());
        Metrics.gauge(out, "scoreline_ring_size", "Ring slots.", pipeline.ringSize());
        Metrics.gauge(out, "scoreline_journal_bytes", "Bytes appended to the journal by this process.",
            pipeline.journalBytes());
        return Responses.text(alloc, HttpResponseStatus.OK, Responses.PROMETHEUS, out.toString());
    }
}
