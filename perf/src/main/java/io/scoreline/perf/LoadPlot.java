package io.scoreline.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Locale;

/**
 * A self-contained SVG of latency by percentile, drawn the way HdrHistogram's plotter draws it:
 * the x axis is in "nines" ({@code log10(1 / (1 - p))}, so 90%, 99%, 99.9% are evenly spaced),
 * the y axis is linear latency in milliseconds.
 */
final class LoadPlot
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private LoadPlot()
    {
    }

    static String svg(final Histogram histogram, final String title)
    {
        final long count = histogram.getTotalCount();
        // Show as many nines as the sample count can resolve (at least 99.9%, at most 99.9999%).
        final int nines = (int)Math.max(3, Math.min(6, Math.ceil(Math.log10(Math.max(1, count)))));
        final double maxMillis = niceCeiling(histogram.getMaxValue() / 1000.0);
        final double plotWidth = WIDTH - LEFT - RIGHT;
        final double plotHeight = HEIGHT - TOP - BOTTOM;

        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
            .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
            .append("<text x=\"").append(WIDTH / 2).append("\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">")
            .append(escape(title)).append("</text>\n");

        for (int n = 0; n <= nines; n++)
        {
            final double x = LEFT + plotWidth * n / nines;
            svg.append(line(x, TOP, x, TOP + plotHeight, "#ddd"))
                .append(text(x, TOP + plotHeight + 18, "middle", percentLabel(n)));
        }
        for (int i = 0; i <= 5; i++)
        {
            final double y = TOP + plotHeight - plotHeight * i / 5;
            svg.append(line(LEFT, y, LEFT + plotWidth, y, "#ddd"))
                .append(text(LEFT - 8, y + 4, "end", format(maxMillis * i / 5)));
        }
        svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "black"))
            .append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "black"))
            .append(text(LEFT + plotWidth / 2, HEIGHT - 14, "middle", "percentile"))
            .append("<text transform=\"translate(20,").append(fmt(TOP + plotHeight / 2))
            .append(") rotate(-90)\" text-anchor=\"middle\">latency (ms)</text>\n");

        if (count > 0)
        {
            svg.append("<polyline fill=\"none\" stroke=\"#1f6fb4\" stroke-width=\"2\" points=\"");
            for (final HistogramIterationValue value : histogram.percentiles(TICKS_PER_HALF_DISTANCE))
            {
                final double fraction = value.getPercentileLevelIteratedTo() / 100.0;
                final double ninesAt = fraction >= 1.0 ? nines : Math.min(nines, Math.log10(1.0 / (1.0 - fraction)));
                final double millis = histogram.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0;
                final double x = LEFT + plotWidth * ninesAt / nines;
                final double y = TOP + plotHeight - plotHeight * Math.min(1.0, millis / maxMillis);
                svg.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            }
            svg.append("\"/>\n");
        }
        svg.append(text(LEFT + plotWidth - 4, TOP + 16, "end",
            "n=" + count + "  max=" + format(histogram.getMaxValue() / 1000.0) + " ms"));
        return svg.append("</svg>\n").toString();
    }

    /** 0%, 90%, 99%, 99.9%, ... for n = 0, 1, 2, 3, ... */
    static String percentLabel(final int nines)
    {
        switch (nines)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            case 2:
                return "99%";
            default:
                return "99." + "9".repeat(nines - 2) + "%";
        }
    }

    private static double niceCeiling(final double value)
    {
        if (value <= 0)
        {
            return 1.0;
        }
        final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[]{1, 2, 2.5, 5, 10})
        {
            if (value <= step * magnitude)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String line(final double x1, final double y1, final double x2, final double y2, final String colour)
    {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) +
            "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String text(final double x, final double y, final String anchor, final String content)
    {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + escape(content) +
            "</text>\n";
    }

    private static String format(final double millis)
    {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) :
            millis >= 1 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.3f", millis);
    }

    private static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
