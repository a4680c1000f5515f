package io.scoreline.perf.jmh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.scoreline.perf.SyntheticEvents;
import io.scoreline.rules.EventParser;
import io.scoreline.rules.GameEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One event line into a {@link GameEvent}: {@link EventParser} (full GAME.md 1.2 validation) vs
 * Jackson streaming (a {@code nextToken} loop, lighter validation, see {@link JacksonStreamingReader})
 * vs Jackson databind into {@link JacksonEvent} then copied. The same 4096 synthetic lines, cycled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParserBenchmark
{
    static final int LINES = 4096;

    private final byte[][] lines = lines(LINES);
    private final GameEvent event = new GameEvent();
    private final EventParser parser = new EventParser();
    private final JacksonStreamingReader streaming = new JacksonStreamingReader();
    private ObjectReader databind;
    private int next;

    /** Lines from {@link SyntheticEvents}: every event type in the game's mix, 100k players. */
    static byte[][] lines(final int count)
    {
        final SyntheticEvents generator = new SyntheticEvents(100_000, 42);
        final byte[] scratch = new byte[GameEvent.MAX_LINE_BYTES + 1];
        final byte[][] lines = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            final int length = generator.next(scratch);
            lines[i] = Arrays.copyOf(scratch, length);
        }
        return lines;
    }

    @Setup
    public void setUp()
    {
        databind = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readerFor(JacksonEvent.class);
    }

    @Benchmark
    public long scoreline()
    {
        final byte[] line = lines[next++ & (LINES - 1)];
        parser.parse(line, 0, line.length, event);
        return event.seq + event.type;
    }

    @Benchmark
    public long jacksonStreaming()
    {
        final byte[] line = lines[next++ & (LINES - 1)];
        streaming.read(line, 0, line.length, event);
        return event.seq + event.type;
    }

    @Benchmark
    public long jacksonDatabind() throws IOException
    {
        final byte[] line = lines[next++ & (LINES - 1)];
        final JacksonEvent parsed = databind.readValue(line);
        parsed.copyTo(event);
        return event.seq + event.type;
    }
}
