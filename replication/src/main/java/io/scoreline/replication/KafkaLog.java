package io.scoreline.replication;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.scoreline.pipeline.ResultSink;
import io.scoreline.pipeline.log.EventLog;
import io.scoreline.pipeline.log.LogFeed;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Kafka as the service's replicated input log (docs/REPLICATION.md). One node is the primary:
 * it appends every event it receives to the topic's single partition and answers a client only
 * once the log has acknowledged its event (acks=all). The others follow: they read the log from its start and
 * score every event through the same pipeline, so their boards equal the primary's at the same
 * ordinal; they serve reads and pushes and refuse events.
 *
 * <pre>
 *   roles:   follower --POST /admin/promote--> promoting --> primary --(fenced by a newer one)--> fenced
 *            a node started as primary is "catching-up" until it read the whole log
 *
 *   becoming primary:  1. initTransactions() with the topic's transactional id: the broker bumps
 *                         the producer epoch, aborts the old primary's open transaction, and the
 *                         old producer's next send or commit fails (fenced)
 *                      2. read to the end of the log (nothing can be added behind it now)
 *                      3. append from the next ordinal on, and take events
 * </pre>
 */
public final class KafkaLog implements EventLog
{
    private static final System.Logger LOG = System.getLogger("scoreline.replication");
    private static final long CATCH_UP_TIMEOUT_MS = 600_000;

    private final KafkaSettings settings;
    private final boolean follow;
    private volatile Role role;
    private LogSink sink;
    private LogFeed feed;
    private LogTail tail;
    private volatile Appender appender;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile long promotedAt = -1;
    private final IntervalQuantiles lag = new IntervalQuantiles();
    private final IntervalQuantiles[] stages = {new IntervalQuantiles(), new IntervalQuantiles(), new IntervalQuantiles(),
        new IntervalQuantiles()};

    private KafkaLog(final KafkaSettings settings, final boolean follow)
    {
        this.settings = settings;
        this.follow = follow;
        this.role = follow ? Role.FOLLOWER : Role.CATCHING_UP;
    }

    /** {@code serve --kafka}: reads the whole log, fences any previous primary, then takes events. */
    public static KafkaLog primary(final KafkaSettings settings)
    {
        return new KafkaLog(settings, false);
    }

    /** {@code serve --kafka --follow}: reads the log, serves reads and pushes, refuses events until promoted. */
    public static KafkaLog follower(final KafkaSettings settings)
    {
        return new KafkaLog(settings, true);
    }

    @Override
    public ResultSink gate(final ResultSink results)
    {
        sink = new LogSink(results);
        return sink;
    }

    @Override
    public String refusal()
    {
        switch (role)
        {
            case PRIMARY:
                final Appender a = appender;
                return a == null || !a.unavailable() ? null : "the log is unavailable: Kafka (" + settings.bootstrap() +
                    ", topic " + settings.topic() + ") has not acknowledged this node's events for " +
                    Appender.UNAVAILABLE_AFTER_NANOS / 1_000_000_000 + " s; no event is answered before the log has it; try again shortly";
            case FOLLOWER:
                return "this node is a follower: it replays the primary's log (topic " + settings.topic() +
                    ") and takes no events; send events to the primary";
            case FENCED:
                return fencedMessage();
            case PROMOTING:
                return "this node is being promoted to primary (reading the log to its end); try again shortly";
            default:
                return "this node is the primary but still reading the log (topic " + settings.topic() + "); try again shortly";
        }
    }

    private String fencedMessage()
    {
        return "this node was the primary and is fenced: another node took over topic " + settings.topic() +
            " (Kafka fenced its producer); send events to the new primary";
    }

    @Override
    public Role role()
    {
        return role;
    }

    @Override
    public void start(final LogFeed logFeed)
    {
        this.feed = logFeed;
        settings.ensureTopic();
        tail = new LogTail(settings, logFeed);
        tail.start();
        if (!follow)
        {
            final Thread catchUp = new Thread(() ->
            {
                try
                {
                    becomePrimary();
                }
                catch (final Exception e)
                {
                    LOG.log(System.Logger.Level.ERROR, "could not become the primary; this node takes no events", e);
                    role = Role.FENCED;
                }
            }, "scoreline-catch-up");
            catchUp.setDaemon(true);
            catchUp.start();
        }
    }

    @Override
    public synchronized String promote() throws Exception
    {
        if (role != Role.FOLLOWER)
        {
            throw new IllegalStateException("only a follower can be promoted; this node is " + role.label);
        }
        role = Role.PROMOTING;
        try
        {
            return becomePrimary();
        }
        catch (final Exception e)
        {
            role = Role.FENCED;
            throw e;
        }
    }

    private synchronized String becomePrimary() throws Exception
    {
        final long start = System.nanoTime();
        producer = new KafkaProducer<>(settings.producerProperties());
        producer.initTransactions(); // fences every earlier producer with this transactional id
        final long fenced = System.nanoTime();
        tail.finishAtEnd(CATCH_UP_TIMEOUT_MS);
        final long[] next = {0};
        feed.asProducer(pipeline -> next[0] = pipeline.nextOrdinal());
        final long caughtUp = System.nanoTime();
        final Appender a = new Appender(producer, settings.topic(), sink, next[0] - 1, settings.appendInFlight(), this::onFenced);
        sink.append(next[0], a);
        appender = a;
        a.thread.start();
        promotedAt = next[0];
        role = Role.PRIMARY;
        final String line = String.format(Locale.ROOT,
            "{\"role\":\"primary\",\"topic\":\"%s\",\"nextOrdinal\":%d,\"fenceMs\":%.1f,\"catchUpMs\":%.1f}",
            settings.topic(), next[0], (fenced - start) / 1e6, (caughtUp - fenced) / 1e6);
        LOG.log(System.Logger.Level.INFO, "scoreline: primary now " + line + " (append in flight " + settings.appendInFlight() +
            ", wake " + Appender.WAKE + ")");
        return line;
    }

    /** The appender was fenced (or failed for good): stop taking events, tell the clients in flight. Appender thread. */
    private void onFenced(final Exception cause)
    {
        role = Role.FENCED;
        final String message = fencedMessage();
        LOG.log(System.Logger.Level.WARNING, "scoreline: fenced, refusing events from now on: " + cause);
        sink.drop(feed::abandon, message);
        try
        {
            Thread.sleep(50); // an answer the sink thread was relaying as the mode changed lands first
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        sink.relay().abandonAll(sink.downstream(), context -> feed.abandon(context, message));
        producer.close(Duration.ZERO);
    }

    @Override
    public void register(final PrometheusRegistry registry)
    {
        GaugeWithCallback.builder().name("scoreline_log_role").help("This node's role on the replicated log (1 for the current one).")
            .labelNames("role")
            .callback(callback ->
            {
                final Role now = role;
                for (final Role r : Role.values())
                {
                    callback.call(r == now ? 1 : 0, r.label);
                }
            }).register(registry);
        gauge(registry, "scoreline_log_applied_ordinal", "Newest ordinal read from the log and fed to the pipeline (-1: none).",
            () -> tail == null ? -1 : tail.appliedOrdinal());
        gauge(registry, "scoreline_log_committed_ordinal",
            "Primary: newest ordinal the log acknowledged (acks=all), the results gate (-1: none).",
            () -> appender == null ? -1 : appender.committed());
        gauge(registry, "scoreline_log_unavailable", "Primary: 1 while the log has not acknowledged for 5 s and events are refused.",
            () -> appender != null && appender.unavailable() ? 1 : 0);
        gauge(registry, "scoreline_log_promoted_at_ordinal", "First ordinal this node appended as primary (-1: never).", () -> promotedAt);
        counter(registry, "scoreline_log_read_events_total", "Events read from the log.", () -> tail == null ? 0 : tail.events());
        counter(registry, "scoreline_log_appended_events_total", "Events this node appended and the log acknowledged.",
            () -> appender == null ? 0 : appender.appendedEvents());
        counter(registry, "scoreline_log_records_total", "Log records (batches of events) this node appended.",
            () -> appender == null ? 0 : appender.records());
        counter(registry, "scoreline_log_transactions_total", "Transactions committed by this node.",
            () -> appender == null ? 0 : appender.transactions());
        counter(registry, "scoreline_log_append_retries_total", "Transactions aborted and sent again.",
            () -> appender == null ? 0 : appender.retries());
        summary(registry, "scoreline_log_lag_seconds", this::lagSnapshot);
        summary(registry, "scoreline_log_append_stage_seconds", this::stageSnapshot);
    }

    /** Follower lag, quantiles since the previous scrape: the primary's append to this node's board. */
    private MetricSnapshot lagSnapshot()
    {
        return SummarySnapshot.builder()
            .name("scoreline_log_lag_seconds")
            .help("Events read from the log: time from the primary's append (record timestamp) to this node's board; " +
                "quantiles since the previous scrape.")
            .dataPoint(lag.read(sink == null ? null : sink.lag(), Labels.EMPTY))
            .build();
    }

    /** The primary's append, per record, by stage: where an answer's wait for the log goes. */
    private MetricSnapshot stageSnapshot()
    {
        final Appender a = appender;
        return SummarySnapshot.builder()
            .name("scoreline_log_append_stage_seconds")
            .help("Primary, per event: sink = its arrival to its line ready to send (parsed, scored, copied), queued = its " +
                "arrival to its record's send, produce = the send to the acknowledgment (acks=all), answer = the acknowledgment " +
                "to its answer handed to its connection; quantiles since the previous scrape.")
            .dataPoint(stages[3].read(a == null ? null : a.scored, Labels.of("stage", "sink")))
            .dataPoint(stages[0].read(a == null ? null : a.queued, Labels.of("stage", "queued")))
            .dataPoint(stages[1].read(a == null ? null : a.produce, Labels.of("stage", "produce")))
            .dataPoint(stages[2].read(a == null ? null : a.answer, Labels.of("stage", "answer")))
            .build();
    }

    private static void summary(final PrometheusRegistry registry, final String name, final Supplier<MetricSnapshot> snapshot)
    {
        registry.register(new Collector()
        {
            @Override
            public MetricSnapshot collect()
            {
                return snapshot.get();
            }

            @Override
            public String getPrometheusName()
            {
                return name;
            }
        });
    }

    private static void gauge(final PrometheusRegistry registry, final String name, final String help, final LongSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    private static void counter(final PrometheusRegistry registry, final String name, final String help, final LongSupplier value)
    {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    @Override
    public void close()
    {
        if (tail != null)
        {
            tail.stop();
        }
        final Appender a = appender;
        if (a != null)
        {
            a.stopAndJoin(5_000);
        }
        if (producer != null && role != Role.FENCED)
        {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
