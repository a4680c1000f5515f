package io.scoreline.journal;

import java.nio.file.Path;

/**
 * Child JVM of {@link JournalCrashTest}: appends forever in batches of 100 under the fsync policy
 * named by its second argument and, after each {@code endOfBatch}, prints the last ordinal it
 * appended, until it is killed.
 */
public final class CrashChild
{
    private CrashChild()
    {
    }

    public static void main(final String[] args)
    {
        final JournalConfig config = new JournalConfig().rollBytes(1L << 20).fsync(FsyncPolicy.valueOf(args[1]));
        final JournalWriter writer = JournalWriter.open(Path.of(args[0]), config);
        long ordinal = writer.nextOrdinal();
        System.out.println("start " + ordinal + " " + config.fsync());
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
