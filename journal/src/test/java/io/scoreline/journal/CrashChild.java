package io.scoreline.journal;

import java.nio.file.Path;

/**
 * Child JVM of {@link JournalCrashTest}: appends forever in batches of 100 and, after each
 * {@code endOfBatch}, prints the last ordinal it appended, until it is killed.
 */
public final class CrashChild
{
    private CrashChild()
    {
    }

    public static void main(final String[] args)
    {
        final JournalConfig config = new JournalConfig().rollBytes(1L << 20);
        final JournalWriter writer = JournalWriter.open(Path.of(args[0]), config);
        long ordinal = writer.nextOrdinal();
        System.out.println("start " + ordinal);
        while (true)
        {
            for (int i = 0; i < 100; i++, ordinal++)
            {
                final byte[] line = Records.line(ordinal);
                writer.append(ordinal, Records.nanos(ordinal), line, 0, line.length, line.length);
            }
            writer.endOfBatch();
            System.out.println(ordinal - 1);
        }
    }
}
