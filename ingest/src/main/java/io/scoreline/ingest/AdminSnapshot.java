package io.scoreline.ingest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scoreline.pipeline.Snapshots;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code POST /admin/snapshot}: takes a snapshot now and answers once it is on disk,
 * {@code {"ordinal":N,"bytes":B,"millis":T}}. The connection reads nothing more meanwhile (its
 * next request waits its turn), as for any request being answered.
 */
final class AdminSnapshot
{
    static final String PATH = "/admin/snapshot";

    private final Supplier<CompletableFuture<Snapshots.Taken>> take;
    private final Ingress ingress;

    AdminSnapshot(final Supplier<CompletableFuture<Snapshots.Taken>> take, final Ingress ingress)
    {
        this.take = take;
        this.ingress = ingress;
    }

    /** Event loop: starts the snapshot; the response follows on the loop when it is written. */
    void start(final Connection c, final boolean keepAlive)
    {
        if (!ingress.isRecovered())
        {
            c.respond(Responses.error(c.channel.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, "recovering"), keepAlive);
            return;
        }
        c.httpBusy(true);
        take.get().whenComplete((taken, failure) -> c.channel.eventLoop().execute(() ->
        {
            c.respond(failure == null
                ? Responses.text(c.channel.alloc(), HttpResponseStatus.OK, Responses.JSON, taken.toJson())
                : Responses.error(c.channel.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "snapshot failed: " + failure.getMessage()),
                keepAlive);
            c.httpBusy(false);
            ingress.drain(c);
            c.updateReading();
        }));
    }
}
