package io.scoreline.ingest;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Where a {@code /push} upgrade goes: the push module's service, as the server wires it. The front
 * end knows only this door, so that ingest and push are siblings over the pipeline.
 */
public interface PushRoute
{
    /** Whether a request's URI is for push. */
    boolean isPushPath(String uri);

    /** Takes the channel, with its upgrade request, off this loop and onto push's. */
    void takeOver(Channel channel, FullHttpRequest request);
}
