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

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "output file, - for standard output")
    private String out;

    @Override
    public Integer call() throws Exception
    {
        if (events < 0 || players < 1)
        {
            throw new IllegalArgumentException("--events must be >= 0 and --players >= 1");
        }
        final SyntheticEvents generator = new SyntheticEvents(players, seed);
        final byte[] line = new byte[4096];
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
