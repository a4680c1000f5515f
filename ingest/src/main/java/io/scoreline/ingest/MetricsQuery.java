package io.scoreline.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.scoreline.pipeline.Boards;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.Score;

/**
 * {@code GET /metrics}: event counts are copied on the board thread (their owner); the rest is
 * read on the event loop when the response is built, by {@link PrometheusMetrics}' callbacks.
 * Prometheus text format 0.0.4.
 */
final class MetricsQuery extends HttpQuery
{
    private final PrometheusMetrics prometheus;
    private final long[] byStatus = new long[3];
    private final long[] byError = new long[ErrorCode.COUNT];
    private long internalErrors;
    private long voidsApplied;
    private long eventsRescored;

    MetricsQuery(final PrometheusMetrics prometheus)
    {
        this.prometheus = prometheus;
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
        voidsApplied = boards.voidsApplied();
        eventsRescored = boards.eventsRescored();
        return HttpResponseStatus.OK;
    }

    @Override
    FullHttpResponse response(final ByteBufAllocator alloc)
    {
        final byte[] text = prometheus.scrape(this);
        return Responses.bytes(HttpResponseStatus.OK, prometheus.contentType(), alloc.buffer(text.length).writeBytes(text));
    }

    long ok()
    {
        return byStatus[0];
    }

    long duplicates()
    {
        return byStatus[1];
    }

    long rejected()
    {
        return byStatus[2];
    }

    long rejectedWith(final int code)
    {
        return byError[code];
    }

    long internalErrors()
    {
        return internalErrors;
    }

    long voidsApplied()
    {
        return voidsApplied;
    }

    long eventsRescored()
    {
        return eventsRescored;
    }
}
