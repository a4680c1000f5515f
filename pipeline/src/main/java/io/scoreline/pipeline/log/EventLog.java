package io.scoreline.pipeline.log;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.scoreline.pipeline.ResultSink;

/**
 * A replicated input log the service runs against instead of its local journal (issue 12,
 * docs/REPLICATION.md). The Kafka implementation lives in the replication module, so that only
 * that module carries Kafka's jars. Without one (the default) the service is the journal-backed
 * single node it always was.
 *
 * <p>The service calls it at four points: the results sink (so that a result leaves only once
 * the log holds its event), the event routes (a node that must not take events says why), start
 * (a follower feeds the log's events into the ring through {@link LogFeed}) and the admin route.
 */
public interface EventLog
{
    /** Wraps the sink of results to clients. Called once, before the pipeline starts. */
    ResultSink gate(ResultSink results);

    /** Null while this node takes events; else why not, naming its role (answered 503). Any thread. */
    String refusal();

    /** The node's role for /health: primary, follower, fenced, promoting, catching-up. Any thread. */
    Role role();

    /** A node's roles on the log: follower --promote--> promoting --> primary --(a newer one took over)--> fenced. */
    enum Role
    {
        CATCHING_UP("catching-up"), FOLLOWER("follower"), PROMOTING("promoting"), PRIMARY("primary"), FENCED("fenced");

        /** The name /health and /metrics show. */
        public final String label;

        Role(final String label)
        {
            this.label = label;
        }

        @Override
        public String toString()
        {
            return label;
        }
    }

    /** Once bound and ready: start reading (follower) or catching up then appending (primary). */
    void start(LogFeed feed);

    /**
     * {@code POST /admin/promote}: makes this follower the primary. Runs on a thread of its own
     * and may take seconds (fencing, reading to the end of the log).
     *
     * @return a one-line JSON answer.
     * @throws IllegalStateException when this node cannot be promoted (not a follower).
     */
    String promote() throws Exception;

    /**
     * Registers this log's series (role, lag, appends) for /metrics, as callbacks read at scrape
     * time. Called once, before the first scrape.
     */
    void register(PrometheusRegistry registry);

    /** Stops reading and appending. */
    void close();
}
