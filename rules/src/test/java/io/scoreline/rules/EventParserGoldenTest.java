package io.scoreline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Drives the golden event files through the parser and compares what checks 1-3 decide with the golden results:
 * a rejected result's error code and seq/player echo; ok, duplicate and overflow (a scoring reject) results must
 * pass parsing with the echoed seq and player.
 */
class EventParserGoldenTest
{
    private static final Pattern SEQ = Pattern.compile("\"seq\":(null|-?\\d+)");
    private static final Pattern PLAYER = Pattern.compile("\"player\":(null|-?\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\":\"(\\w+)\"");

    @Test
    void shouldDecideEveryValidationEventAsTheGoldenResults() throws IOException
    {
        assertEquals(48, checkAgainstGolden("validation"));
    }

    @Test
    void shouldDecideEverySample101EventAsTheGoldenResults() throws IOException
    {
        assertEquals(20_000, checkAgainstGolden("sample-101"));
    }

    private static int checkAgainstGolden(final String name) throws IOException
    {
        final Path dir = Path.of(System.getProperty("scoreline.golden"), name);
        final byte[] events = Files.readAllBytes(dir.resolve("events.ndjson"));
        final List<String> results = Files.readAllLines(dir.resolve("results.ndjson"), StandardCharsets.UTF_8);
        results.removeIf(String::isEmpty);

        final EventParser parser = new EventParser();
        final GameEvent event = new GameEvent();
        final List<String> failures = new ArrayList<>();
        int ordinal = 0;
        int lineNumber = 0;
        int start = 0;
        while (start <= events.length)
        {
            int end = start;
            while (end < events.length && events[end] != '\n')
            {
                end++;
            }
            lineNumber++;
            final int length = end - start;
            if (!EventParser.isBlank(events, start, length))
            {
                parser.parse(events, start, length, event);
                final String failure = compare(results.get(ordinal), event);
                if (failure != null)
                {
                    failures.add("line " + lineNumber + ": " + failure);
                }
                ordinal++;
            }
            start = end + 1;
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " mismatches, first: " +
            String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
        assertEquals(results.size(), ordinal);
        return ordinal;
    }

    private static String compare(final String result, final GameEvent event)
    {
        final String status = group(STATUS, result);
        final String error = group(ERROR, result);
        final String expectedError = "rejected".equals(status) && !"overflow".equals(error) ? error : "";
        final String actual = ErrorCode.name(event.error) + " seq=" + echo(event.seqKnown, event.seq) +
            " player=" + echo(event.playerKnown, event.player);
        final String expected = expectedError + " seq=" + group(SEQ, result) + " player=" + group(PLAYER, result);
        return actual.equals(expected) ? null : "expected " + expected + " but was " + actual + " for " + result;
    }

    private static String echo(final boolean known, final long value)
    {
        return known ? Long.toString(value) : "null";
    }

    private static String group(final Pattern pattern, final String text)
    {
        final Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
