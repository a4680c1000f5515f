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

    @Test
    void shouldDriveTheServiceAndPrintLatenciesAndATopTenInRankOrder()
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final int status = Demo.run(new PrintStream(text, true, StandardCharsets.UTF_8), 0,
            new LoadGenerator.Config().rate(2_000).durationSeconds(2).connections(2).batch(1).players(1_000));

        final String output = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        assertTrue(output.contains("sent=4000 acked=4000 rejected=0 "), output);
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
