package io.scoreline.ingest;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.HdrHistogram.Histogram;

/**
 * {@code scoreline_hiccup_seconds}: how late the {@link HiccupProbe} woke from its 0.5 ms waits,
 * quantiles over the last {@link HiccupProbe#WINDOW_SECONDS} s: the floor under every latency
 * /metrics shows, measured in the same process at the same time. Scrape thread only.
 */
final class HiccupCollector implements Collector
{
    static final String NAME = "scoreline_hiccup_seconds";
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

    private final HiccupProbe probe;
    private final Histogram window = HiccupProbe.newHistogram();

    HiccupCollector(final HiccupProbe probe)
    {
        this.probe = probe;
    }

    @Override
    public MetricSnapshot collect()
    {
        probe.window(window);
        return summary(NAME, "How late a thread that blocks for 0.5 ms wakes (jHiccup's probe): this machine's floor now; " +
            "quantiles, count and sum over the last " + HiccupProbe.WINDOW_SECONDS + " s.", window);
    }

    /** A summary of {@code nanos} in seconds: p50, p90, p99, p99.9, max (NaN when empty), count and sum. */
    static SummarySnapshot summary(final String name, final String help, final Histogram nanos)
    {
        final boolean empty = nanos.getTotalCount() == 0;
        final Quantiles.Builder quantiles = Quantiles.builder();
        for (final double q : QUANTILES)
        {
            quantiles.quantile(new Quantile(q, empty ? Double.NaN : nanos.getValueAtPercentile(q * 100.0) / 1e9));
        }
        return SummarySnapshot.builder()
            .name(name)
            .help(help)
            .dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                .quantiles(quantiles.build())
                .count(nanos.getTotalCount())
                .sum(empty ? 0 : nanos.getMean() * nanos.getTotalCount() / 1e9)
                .build())
            .build();
    }

    @Override
    public String getPrometheusName()
    {
        return NAME;
    }
}
