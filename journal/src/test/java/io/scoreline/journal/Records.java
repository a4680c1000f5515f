package io.scoreline.journal;

import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** Test data: a deterministic line per ordinal and a visitor that collects and checks records. */
final class Records
{
    static final int HEADER_BYTES = 256;

    private Records()
    {
    }

    /** Line for an ordinal: "event-N-" then letters, 20..219 bytes long depending on N. */
    static byte[] line(final long ordinal)
    {
        final int length = 20 + (int)((ordinal * 7) % 200);
        return line(ordinal, length);
    }

    static byte[] line(final long ordinal, final int length)
    {
        final byte[] prefix = ("event-" + ordinal + "-").getBytes(US_ASCII);
        final byte[] line = new byte[length];
        for (int i = 0; i < length; i++)
        {
            line[i] = i < prefix.length ? prefix[i] : (byte)('a' + (ordinal + i) % 26);
        }
        return line;
    }

    /** Receive time the tests store for an ordinal. */
    static long nanos(final long ordinal)
    {
        return 1_700_000_000_000_000_000L + ordinal * 1_000L;
    }

    /** Bytes one record of {@code storedLength} occupies: 28 bytes of framing, padded to 8. */
    static int recordSize(final int storedLength)
    {
        return (28 + storedLength + 7) / 8 * 8;
    }

    static void appendRange(final JournalWriter writer, final long from, final long to)
    {
        for (long ordinal = from; ordinal < to; ordinal++)
        {
            final byte[] line = line(ordinal);
            writer.append(ordinal, nanos(ordinal), line, 0, line.length, line.length);
        }
        writer.endOfBatch();
    }

    static List<Long> readAllCheckingContent(final java.nio.file.Path dir)
    {
        final List<Long> ordinals = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.next((ordinal, receivedNanos, buffer, offset, storedLength, trueLength) ->
            {
                final byte[] expected = line(ordinal);
                if (receivedNanos != nanos(ordinal) || storedLength != expected.length || trueLength != expected.length ||
                    !java.util.Arrays.equals(expected, 0, expected.length, buffer, offset, offset + storedLength))
                {
                    throw new AssertionError("record " + ordinal + " does not match what was appended");
                }
                ordinals.add(ordinal);
            }))
            {
                // collected by the visitor
            }
        }
        return ordinals;
    }

    static void assertContinuous(final List<Long> ordinals, final long count)
    {
        if (ordinals.size() != count)
        {
            throw new AssertionError("expected " + count + " records but read " + ordinals.size());
        }
        for (int i = 0; i < ordinals.size(); i++)
        {
            if (ordinals.get(i) != i)
            {
                throw new AssertionError("record " + i + " has ordinal " + ordinals.get(i));
            }
        }
    }
}
