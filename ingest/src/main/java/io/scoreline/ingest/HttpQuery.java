package io.scoreline.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.Boards;
import io.scoreline.pipeline.edge.JsonError;

/**
 * A read of the boards answered over HTTP. {@link #answer} runs on the board thread and leaves a
 * status and a body; the event loop turns them into a response once the slot has been emitted
 * (the ring's sequence barriers and the connection's hand-off lock make the fields visible).
 * Queries are not events: they may allocate.
 */
abstract class HttpQuery implements BoardQuery
{
    private HttpResponseStatus status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
    private String body = JsonError.of("query failed");

    @Override
    public final void answer(final Boards boards, final int playerHandle)
    {
        final StringBuilder json = new StringBuilder(256);
        status = answer(boards, playerHandle, json);
        body = json.toString();
    }

    /** Writes the JSON answer into {@code json}; returns the status. Board thread. */
    abstract HttpResponseStatus answer(Boards boards, int playerHandle, StringBuilder json);

    /** Event loop, after the slot was emitted. */
    FullHttpResponse response(final ByteBufAllocator alloc)
    {
        return Responses.text(alloc, status, Responses.JSON, body);
    }
}
