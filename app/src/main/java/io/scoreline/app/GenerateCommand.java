package io.scoreline.app;

import io.scoreline.perf.SyntheticEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;

@Command(name = "generate", description = "Write synthetic NDJSON events (the bench's mix) to a file, for replay and load tests.")
final class GenerateCommand implements Callable<Integer>
{
    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "events (default: ${DEFAULT-VALUE})")
    private long events;

    @Option(names = "--players", paramLabel = "P", defaultValue = "1000000", description = "distinct players (default: ${DEFAULT-VALUE})")
    private int players;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "output file, - for standard output")
    private String out;

    @Option(names = "--journal", paramLabel = "DIR", description = "write the events as a service's journal instead (restart measurements)")
    private java.nio.file.Path journal;

    @Override
    public Integer call() throws Exception
    {
        if (events < 0 || players < 1)
        {
            throw new IllegalArgumentException("--events must be >= 0 and --players >= 1");
        }
        if ((out == null) == (journal == null))
        {
            throw new IllegalArgumentException("generate needs exactly one of --out FILE or --journal DIR");
        }
        final SyntheticEvents generator = new SyntheticEvents(players, seed);
        final byte[] line = new byte[4096];
        if (journal != null)
        {
            try (io.scoreline.journal.JournalWriter writer =
                io.scoreline.journal.JournalWriter.open(journal, io.scoreline.journal.JournalConfig.fromSystemProperties()))
            {
                final long epochNanos = System.currentTimeMillis() * 1_000_000L;
                for (long i = 0; i < events; i++)
                {
                    final int length = generator.next(line);
                    writer.append(writer.nextOrdinal(), epochNanos, line, 0, length, length);
                }
                writer.endOfBatch();
            }
            return 0;
        }
        final FileOutputStream file = "-".equals(out) ? new FileOutputStream(FileDescriptor.out) : new FileOutputStream(out);
        try (OutputStream stream = new BufferedOutputStream(file, 1 << 16))
        {
            for (long i = 0; i < events; i++)
            {
                final int length = generator.next(line);
                stream.write(line, 0, length);
                stream.write('\n');
            }
        }
        return 0;
    }
}
