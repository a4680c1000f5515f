package io.scoreline.app;

import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.Replay;
import io.scoreline.pipeline.SnapshotFile;
import io.scoreline.rules.Rulebook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bin/scorer snapshot --journal DIR --out FILE}: replays a journal and writes the final state
 * as a snapshot; {@code bin/scorer snapshot --inspect FILE}: prints a snapshot's header and checks
 * its checksum (and, with {@code --rules}/{@code --players}, that it fits them).
 */
@Command(name = "snapshot", description = "Build a state snapshot from a journal (--journal DIR --out FILE), or check one (--inspect FILE).")
final class SnapshotCommand implements Callable<Integer>
{
    @Option(names = "--journal", paramLabel = "DIR", description = "journal to replay into a snapshot")
    private Path journal;

    @Option(names = "--out", paramLabel = "FILE", description = "the snapshot to write")
    private Path out;

    @Option(names = "--inspect", paramLabel = "FILE", description = "print this snapshot's header and check it")
    private Path inspect;

    @Option(names = "--rules", paramLabel = "FILE", description = "rulebook (default: the shipped one)")
    private Path rules;

    @Option(names = "--players", paramLabel = "N", description = "player capacity (default: ${DEFAULT-VALUE})")
    private int maxPlayers = PipelineConfig.DEFAULT_MAX_PLAYERS;

    @Override
    public Integer call() throws Exception
    {
        final Rulebook rulebook = rules == null ? Rulebook.defaults() : Rulebook.load(rules);
        if (inspect != null)
        {
            if (journal != null || out != null)
            {
                throw new IllegalArgumentException("--inspect FILE takes no --journal or --out");
            }
            try
            {
                final SnapshotFile.Header header = SnapshotFile.verify(inspect, 0, 0, 0);
                System.out.println(inspect + ": " + header);
                System.out.println("checksum: ok");
                final boolean sameRules = header.rulebook == rulebook.fingerprint();
                System.out.println("rulebook: " + (sameRules ? "matches " : "differs from ") + rulebook.source());
                return 0;
            }
            catch (final SnapshotFile.BadSnapshotException e)
            {
                System.err.println("scorer snapshot: " + inspect + ": " + e.getMessage());
                return 1;
            }
        }
        if (journal == null || out == null)
        {
            throw new IllegalArgumentException("snapshot needs --journal DIR --out FILE, or --inspect FILE");
        }
        if (!Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("no journal directory " + journal);
        }
        final long start = System.nanoTime();
        final Replay replay = new Replay().journal(journal).rulebook(rulebook).maxPlayers(maxPlayers).snapshotOut(out);
        final long events = replay.run();
        System.err.printf("scorer: replayed %d events; %s in %.3f s%n", events, replay.note(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
