package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.scoreline.pipeline.edge.JsonError;

/** HTTP responses and the small JSON pieces they carry. */
final class Responses
{
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private Responses()
    {
    }

    static FullHttpResponse text(
        final ByteBufAllocator alloc, final HttpResponseStatus status, final String contentType, final String body)
    {
        final ByteBuf content = ByteBufUtil.writeUtf8(alloc, body);
        return bytes(status, contentType, content);
    }

    static FullHttpResponse bytes(final HttpResponseStatus status, final String contentType, final ByteBuf content)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    static FullHttpResponse error(final ByteBufAllocator alloc, final HttpResponseStatus status, final String message)
    {
        return text(alloc, status, JSON, JsonError.of(message));
    }
}
