package io.scoreline.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoTest
{
    private static final Pattern ROW = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(-?\\d+)$");
    private static final Pattern TABLE_ROW =
        Pattern.compile("(?m)^\\s+(\\d+\\.\\d{3}) (\\d\\.\\d{12})\\s+(\\d+)(?:\\s+(\\d+\\.\\d{2}|Infinity))?$");
    private static final Pattern TABLE_MAX =
        Pattern.compile("(?m)^#\\[Max     =\\s+(\\d+\\.\\d{3}), Total count    =\\s+(\\d+)]$");
    private static final Pattern SHORT_TABLE = Pattern.compile(
        "(?m)^\\s+p50\\s+p90\\s+p99\\s+p99\\.9\\s+max\\s+events/s\n\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    @TempDir
    Path files;

    @Test
    void shouldDriveTheServiceAndPrintAShortLatencyTableATopTenInRankOrderAndTheFilesItWrote() throws Exception
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final int status = Demo.run(new PrintStream(text, true, StandardCharsets.UTF_8), 0,
            new LoadConfig().rate(2_000).durationSeconds(2).connections(2).batch(1).players(1_000).out(files));

        final String output = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        assertTrue(output.contains("\nanswered 4000 of 4000 events (0 rejected)\n"), output);
        // The floor beside the table: both probes ran (the service's has a p99 on its /metrics page).
        assertTrue(java.util.regex.Pattern.compile("\nfloor: hiccup p99 \\(a thread that sleeps 0\\.5 ms wakes this late\\)" +
            " service \\d+ us, load \\d+ us\n").matcher(output).find(), output);
        assertFalse(output.contains("\u001b"), "no colour codes: " + output);
        assertTrue(output.lines().count() <= 30, "a short summary, not the whole distribution: " + output);
        assertShortTableAgreesWithTheHgrmFile(output, Files.readString(files.resolve("latency.hgrm")));
        assertTrue(Files.readString(files.resolve("latency.svg")).contains("<svg"), "the plot is an SVG");
        assertTrue(output.endsWith("latency distribution: " + files.resolve("latency.hgrm") + "\n" +
            "latency plot:         " + files.resolve("latency.svg") + "\n"), output);
        final String top = output.substring(output.indexOf("Top 10"), output.indexOf("latency distribution:"));
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
     * The .hgrm file is HdrHistogram's percentile distribution in microseconds: rows of value,
     * percentile, cumulative count (and 1/(1-percentile) but on the last row); no column falls, the
     * last row is percentile 1 with all 4000 acked events (2000/s for 2 s); the printed table's p50
     * and max are the file's values at 0.5 and its max, and p90 <= p99 <= p99.9 lie between them.
     */
    private static void assertShortTableAgreesWithTheHgrmFile(final String output, final String hgrm)
    {
        final int title = output.indexOf("Latency in us from each event's intended send time (" +
            "rate 2000/s, 2 connections, batch 1, 2 s)\n");
        assertTrue(title >= 0, output);
        final Matcher shortTable = SHORT_TABLE.matcher(output.substring(title));
        assertTrue(shortTable.find(), output);
        final long[] printed = new long[5];
        for (int i = 0; i < 5; i++)
        {
            printed[i] = Long.parseLong(shortTable.group(i + 1));
        }
        assertTrue(Long.parseLong(shortTable.group(6)) > 0, "throughput: " + shortTable.group());
        assertTrue(hgrm.contains("       Value     Percentile TotalCount 1/(1-Percentile)\n"), hgrm);
        final Matcher row = TABLE_ROW.matcher(hgrm);
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
        assertTrue(rows >= 10, hgrm);
        assertEquals(1.0, percentile, hgrm);
        assertEquals(4000, count, hgrm);
        final Matcher max = TABLE_MAX.matcher(hgrm);
        assertTrue(max.find(), hgrm);
        assertEquals(4000, Long.parseLong(max.group(2)), hgrm);
        assertEquals((long)valueAtHalf, printed[0], "p50 is the distribution's value at 0.5");
        assertEquals((long)Double.parseDouble(max.group(1)), printed[4], "max is the distribution's max");
        for (int i = 1; i < 5; i++)
        {
            assertTrue(printed[i - 1] <= printed[i], "percentiles rise: " + shortTable.group());
        }
    }

    @Test
    void shouldFailWithOneLineWhenThePortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket())
        {
            taken.bind(new InetSocketAddress(Demo.HOST, 0));
            final ByteArrayOutputStream text = new ByteArrayOutputStream();

            final int status = Demo.run(new PrintStream(text, true, StandardCharsets.UTF_8), taken.getLocalPort(),
                new LoadConfig());

            assertEquals(1, status);
            assertEquals("demo: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use; stop what listens there" +
                " and retry\n", text.toString(StandardCharsets.UTF_8));
        }
    }
}
