package io.scoreline.app;

import io.scoreline.ingest.ServeMain;
import io.scoreline.ingest.ServerConfig;
import io.scoreline.pipeline.Snapshots;
import io.scoreline.pipeline.Topology;
import io.scoreline.rules.Rulebook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", description = "Run the service: WebSocket /ws, HTTP /events, /leaderboard, /players/{id}, /health, /metrics.")
final class ServeCommand implements Callable<Integer>
{
    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "bind address (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--journal", paramLabel = "DIR", defaultValue = "data/journal", description = "journal directory (default: ${DEFAULT-VALUE})")
    private Path journal;

    @Option(names = "--rules", paramLabel = "FILE", description = "rulebook (default: the shipped one)")
    private Path rules;

    @Option(names = "--players", paramLabel = "N", defaultValue = "2000000", description = "player capacity (default: ${DEFAULT-VALUE})")
    private int maxPlayers;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = ServerConfig.DEFAULT_WAIT_STRATEGY,
        description = "stage wait strategy: parking, sleeping, yielding, busyspin, blocking (default: ${DEFAULT-VALUE})")
    private String wait;

    @Option(names = "--topology", paramLabel = "T", defaultValue = "auto",
        description = "fused (all stages on one thread), staged (a thread per stage), inline (the stages on the I/O "
            + "thread, no consumer thread) or auto: staged with a core per stage and the producer, fused on 2 or more "
            + "cores, inline on one (default: ${DEFAULT-VALUE})")
    private String topology;

    @Option(names = "--pin", description = "pin each stage thread to a core of its own when staged (auto does; needs 5+ cores, skipped with a warning otherwise)")
    private boolean pin;

    @Option(names = "--cpus", paramLabel = "LIST", description = "run the whole JVM on these CPUs, e.g. 0 or 0-1 (bin/scorer starts it under taskset -c LIST)")
    private String cpus;

    @Option(names = "--snapshot-interval", paramLabel = "SECONDS", defaultValue = "300",
        description = "seconds between state snapshots, also taken at a graceful stop; 0 = off (default: ${DEFAULT-VALUE})")
    private long snapshotInterval;

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "where snapshots go (default: JOURNAL/snapshots)")
    private Path snapshotDir;

    @Option(names = "--snapshot-keep", paramLabel = "N", defaultValue = "2", description = "newest snapshots kept (default: ${DEFAULT-VALUE})")
    private int snapshotKeep;

    @Option(names = "--journal-retain", paramLabel = "MODE", defaultValue = "all",
        description = "journal files older than the oldest kept snapshot: all (keep), delete, archive (to JOURNAL/archive) (default: ${DEFAULT-VALUE})")
    private String journalRetain;

    @Override
    public Integer call() throws Exception
    {
        Cpus.warnUnlessConfined(cpus);
        final ServerConfig config = new ServerConfig()
            .host(host)
            .port(port)
            .journalDir(journal)
            .rulebook(rules == null ? Rulebook.defaults() : Rulebook.load(rules))
            .maxPlayers(maxPlayers)
            .waitStrategy(wait)
            .topology(Topology.named(topology))
            .pinThreads(pin);
        config.snapshots()
            .intervalSeconds(snapshotInterval)
            .dir(snapshotDir)
            .keep(snapshotKeep)
            .retain(Snapshots.JournalRetain.parse(journalRetain));
        config.validate();
        return ServeMain.serve(config);
    }
}
