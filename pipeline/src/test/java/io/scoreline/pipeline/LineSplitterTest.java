package io.scoreline.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineSplitterTest
{
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> trueLengths = new ArrayList<>();
    private final LineSplitter.LineConsumer collect = (buffer, offset, stored, trueLength) ->
    {
        lines.add(new String(buffer, offset, stored, StandardCharsets.ISO_8859_1));
        trueLengths.add(trueLength);
    };

    @Test
    void shouldSkipBlankLinesAndKeepALastLineWithoutNewline()
    {
        feed("{\"a\":1}\n \t\r\n\n{\"b\":2}");
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), lines);
    }

    @Test
    void shouldJoinLinesSplitAcrossChunks()
    {
        final LineSplitter splitter = new LineSplitter();
        final byte[] first = "{\"a\"".getBytes(StandardCharsets.US_ASCII);
        final byte[] second = ":1}\n{\"b\":2}\n".getBytes(StandardCharsets.US_ASCII);
        splitter.feed(first, 0, first.length, collect);
        splitter.feed(second, 0, second.length, collect);
        splitter.finish(collect);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), lines);
    }

    @Test
    void shouldKeepTheHeadAndTrueLengthOfAnOverlongLine()
    {
        final String longLine = "{\"pad\":\"" + "p".repeat(6000) + "\"}";
        final LineSplitter splitter = new LineSplitter();
        final byte[] bytes = (longLine + "\n{}\n").getBytes(StandardCharsets.US_ASCII);
        // feed in small chunks so the long line goes through the carry buffer
        for (int i = 0; i < bytes.length; i += 1000)
        {
            splitter.feed(bytes, i, Math.min(1000, bytes.length - i), collect);
        }
        splitter.finish(collect);
        assertEquals(2, lines.size());
        assertEquals(EventSlot.LINE_CAPACITY, lines.get(0).length());
        assertEquals(longLine.length(), trueLengths.get(0));
        assertEquals("{}", lines.get(1));
    }

    @Test
    void shouldTreatALongRunOfSpacesAsBlankNotTooLarge()
    {
        final LineSplitter splitter = new LineSplitter();
        final byte[] bytes = (" ".repeat(9000) + "\n{}").getBytes(StandardCharsets.US_ASCII);
        splitter.feed(bytes, 0, 5000, collect);
        splitter.feed(bytes, 5000, bytes.length - 5000, collect);
        splitter.finish(collect);
        assertEquals(List.of("{}"), lines);
    }

    private void feed(final String text)
    {
        final LineSplitter splitter = new LineSplitter();
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        splitter.feed(bytes, 0, bytes.length, collect);
        splitter.finish(collect);
    }
}
