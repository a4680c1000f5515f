package io.scoreline.perf;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoTest
{
    private static final Pattern ROW = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(-?\\d+)$");
    private static final Pattern TABLE_ROW =
        Pattern.compile("(?m)^\\s+(\\d+\\.\\d{3}) (\\d\\.\\d{12})\\s+(\\d+)(?:\\s+(\\d+\\.\\d{2}|Infinity))?$");
    private static final Pattern TABLE_MAX =
        Pattern.compile("(?m)^#\\[Max     =\\s+(\\d+\\.\\d{3}), Total count    =\\s+(\\d+)]$");
    private static final Pattern SUMMARY = Pattern.compile("(?m)^sent=4000 acked=4000 rejected=0 acked/s=\\d+ " +
        "p50_us=(\\d+) p99_us=\\d+ p999_us=\\d+ max_us=(\\d+)$");

    @Test
    void shouldDriveTheServiceAndPrintLatenciesAndATopTenInRankOrder()
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final int status = Demo.run(new PrintStream(text, true, StandardCharsets.UTF_8), 0,
            new LoadGenerator.Config().rate(2_000).durationSeconds(2).connections(2).batch(1).players(1_000));

        final String output = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        assertTrue(output.contains("sent=4000 acked=4000 rejected=0 "), output);
        assertLatencyTableCountsTheAckedEventsAndAgreesWithTheSummary(output);
        final String top = output.substring(output.indexOf("Top 10"));
        final Matcher row = ROW.matcher(top);
        int rank = 0;
        long previousScore = Long.MAX_VALUE;
        while (row.find())
        {
            rank++;
            assertEquals(rank, Integer.parseInt(row.group(1)), top);
            final long score = Long.parseLong(row.group(3));
            assertTrue(score <= previousScore, top);
            previousScore = score;
        }
        assertEquals(10, rank, top);
    }

    /**
     * The table is HdrHistogram's percentile distribution in microseconds: rows of value, percentile,
     * cumulative count (and 1/(1-percentile) but on the last row); no column falls, the last row is
     * percentile 1 with all 4000 acked events
     * (2000/s for 2 s), and the summary line's p50 and max are the table's values at 0.5 and its max.
     */
    private static void assertLatencyTableCountsTheAckedEventsAndAgreesWithTheSummary(final String output)
    {
        final int title = output.indexOf("Latency in microseconds from each event's intended send time (open loop, " +
            "rate 2000/s, 2 connections, batch 1, 2 s)\n");
        assertTrue(title >= 0, output);
        final String table = output.substring(title, output.indexOf("\nsent=", title));
        assertTrue(table.contains("\n       Value     Percentile TotalCount 1/(1-Percentile)\n"), table);
        final Matcher row = TABLE_ROW.matcher(table);
        double value = -1;
        double percentile = -1;
        long count = 0;
        double valueAtHalf = -1;
        int rows = 0;
        while (row.find())
        {
            rows++;
            final double v = Double.parseDouble(row.group(1));
            final double p = Double.parseDouble(row.group(2));
            final long c = Long.parseLong(row.group(3));
            assertTrue(v >= value && p >= percentile && c >= count, "row " + rows + " falls: " + row.group());
            if (p == 0.5)
            {
                valueAtHalf = v;
            }
            value = v;
            percentile = p;
            count = c;
        }
        assertTrue(rows >= 10, table);
        assertEquals(1.0, percentile, table);
        assertEquals(4000, count, table);
        final Matcher max = TABLE_MAX.matcher(table);
        assertTrue(max.find(), table);
        assertEquals(4000, Long.parseLong(max.group(2)), table);
        final Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), output);
        assertEquals(Long.parseLong(summary.group(1)), (long)valueAtHalf, "p50_us is the table's value at 0.5");
        assertEquals(Long.parseLong(summary.group(2)), (long)Double.parseDouble(max.group(1)), "max_us is the table's max");
        assertEquals(Long.parseLong(summary.group(2)), (long)value, "the last row is the max");
    }

    @Test
    void shouldFailWithOneLineWhenThePortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress(Demo.HOST, 0));
            final ByteArrayOutputStream text = new ByteArrayOutputStream();

            final int status = Demo.run(new PrintStream(text, true, StandardCharsets.UTF_8), taken.getLocalPort(),
                new LoadGenerator.Config());

            assertEquals(1, status);
            assertEquals("demo: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use; stop what listens there" +
                " and retry\n", text.toString(StandardCharsets.UTF_8));
        }
    }
}
