package io.scoreline.app;

import io.scoreline.perf.Bench;
import io.scoreline.perf.MissLatency;
import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.Topology;
import io.scoreline.pipeline.WaitKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", description = "In-process throughput of parse, the 47 rules and both boards; last line events/s=R bytes/event=B miss_ns=M.")
final class BenchCommand implements Callable<Integer>
{
    private static final long MISS_READS = 4_000_000;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000", description = "measured events (default: ${DEFAULT-VALUE})")
    private long events;

    @Option(names = "--players", paramLabel = "P", defaultValue = "1000000", description = "distinct players (default: ${DEFAULT-VALUE})")
    private int players;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2000000", description = "events before measuring (default: ${DEFAULT-VALUE})")
    private long warmup;

    @Option(names = "--undo-events", paramLabel = "N", description = "the undo log serve keeps for voids, 0 = none (default: ${DEFAULT-VALUE})")
    private long undoEvents = io.scoreline.pipeline.PipelineConfig.DEFAULT_UNDO_EVENTS;

    @Option(names = "--undo-file", paramLabel = "FILE", description = "the undo log mapped from FILE, as serve maps it in its journal directory (default: direct memory)")
    private java.nio.file.Path undoFile;

    @Option(names = "--serial", description = "parse, score and board on one thread with no ring: the work's own cost")
    private boolean serial;

    @Option(names = "--topology", paramLabel = "T",
        description = "fused, staged, inline or auto (staged with a core per stage and the producer, fused on 2+ cores, inline on 1) (default: ${DEFAULT-VALUE})")
    private Topology topology = Topology.AUTO;

    @Option(names = "--wait", paramLabel = "STRATEGY",
        description = "parking, sleeping, yielding, busyspin, blocking (default: ${DEFAULT-VALUE})")
    private WaitKind wait = PipelineConfig.DEFAULT_WAIT_STRATEGY;

    @Override
    public Integer call() throws Exception
    {
        if (events < 1 || players < 1 || warmup < 0)
        {
            throw new IllegalArgumentException("--events and --players must be >= 1, --warmup >= 0");
        }
        final Bench bench = new Bench(events, players, wait, topology).undoEvents(undoEvents).undoFile(undoFile);
        final String mode = serial ? "serial (one thread, no ring)" : "pipeline, wait=" + wait;
        System.out.printf("bench: %d events (+%d warm-up), %d players, %s, %d cores, java %s%n",
            events, warmup, players, mode, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        final Bench.Result result = serial ? bench.runSerial(warmup) : bench.run(warmup);
        if (!serial)
        {
            System.out.printf("topology=%s, producer loop allocated %d bytes (the synthetic load, not the pipeline)%n",
                bench.usedTopology(), result.producerBytes);
        }
        System.out.printf("accepted=%d of %d%n", result.accepted, result.events + warmup);
        System.out.printf("state bytes/player=%.1f (engine record, id index and board, preallocated for %d players) rss_mib=%d%n",
            bench.bytesPerPlayer(), players, Bench.residentMiB());
        System.out.println("stage ns/event: " + result.stages);
        final long stateBytes = (long)(bench.bytesPerPlayer() * players);
        final double missNs = MissLatency.measure(stateBytes, MISS_READS);
        System.out.printf("miss_ns=%.0f: a dependent random read over %d MiB, as large as the state%n", missNs, stateBytes >> 20);
        System.out.printf("%s miss_ns=%.0f%n", result, missNs);
        return 0;
    }
}
