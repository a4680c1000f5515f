package io.scoreline.replication;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One series of a summary of nanosecond timings: p50, p99, p99.9 and max of what was recorded
 * since the previous scrape, in seconds, and the count of all. Scrape threads only.
 */
final class IntervalQuantiles
{
    private static final double[] QUANTILES = {0.5, 0.99, 0.999, 1.0};

    private Histogram interval;
    private long count;

    /** @param recorder null before there is one to read (NaN quantiles) */
    synchronized SummarySnapshot.SummaryDataPointSnapshot read(final Recorder recorder, final Labels labels)
    {
        if (recorder != null)
        {
            interval = recorder.getIntervalHistogram(interval);
            count += interval.getTotalCount();
        }
        final boolean empty = interval == null || interval.getTotalCount() == 0;
        final Quantiles.Builder quantiles = Quantiles.builder();
        for (final double q : QUANTILES)
        {
            quantiles.quantile(new Quantile(q, empty ? Double.NaN : interval.getValueAtPercentile(q * 100.0) / 1e9));
        }
        return SummarySnapshot.SummaryDataPointSnapshot.builder().quantiles(quantiles.build()).count(count).labels(labels).build();
    }
}
