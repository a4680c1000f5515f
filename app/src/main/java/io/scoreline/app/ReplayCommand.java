package io.scoreline.app;

import io.scoreline.pipeline.PipelineConfig;
import io.scoreline.pipeline.Replay;
import io.scoreline.pipeline.Topology;
import io.scoreline.replication.KafkaReplaySource;
import io.scoreline.replication.KafkaSettings;
import io.scoreline.rules.Rulebook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "replay", description = "Deterministic offline run of the pipeline over an NDJSON file, a journal or a Kafka log.")
final class ReplayCommand implements Callable<Integer>
{
    @Option(names = "--input", paramLabel = "FILE", description = "NDJSON events, - for standard input")
    private Path input;

    @Option(names = "--journal", paramLabel = "DIR", description = "journal directory written by serve")
    private Path journal;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "the replicated log written by serve --kafka")
    private String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "with --kafka: the log's topic (default: ${DEFAULT-VALUE})")
    private String topic = KafkaSettings.DEFAULT_TOPIC;

    @Option(names = "--results", paramLabel = "FILE", description = "per-event results (NDJSON), - for standard output")
    private String results;

    @Option(names = "--standings", paramLabel = "FILE", description = "player standings (CSV)")
    private String standings;

    @Option(names = "--teams", paramLabel = "FILE", description = "team standings (CSV)")
    private String teams;

    @Option(names = "--player", paramLabel = "ID", description = "keep only this player's result lines, and a correction line at each void that changed its total (README \"Corrections\")")
    private long player;

    @Option(names = "--rules", paramLabel = "FILE", description = "rulebook (default: the shipped one)")
    private Path rules;

    @Option(names = "--players", paramLabel = "N", description = "player capacity (default: ${DEFAULT-VALUE})")
    private int maxPlayers = PipelineConfig.DEFAULT_MAX_PLAYERS;

    @Option(names = "--undo-events", paramLabel = "N", description = "a void whose target is within the last N committed events"
        + " rolls back to it and scores only from there; about 192 bytes an event, off the heap (default: ${DEFAULT-VALUE})")
    private long undoEvents = PipelineConfig.DEFAULT_UNDO_EVENTS;

    @Option(names = "--topology", paramLabel = "T", description = "fused, staged, inline or auto (default: ${DEFAULT-VALUE})")
    private Topology topology = Topology.AUTO;

    @Option(names = "--snapshot", paramLabel = "FILE", description = "start from this snapshot: replay only the journal records after it")
    private Path snapshot;

    @Override
    public Integer call() throws Exception
    {
        if ((input == null ? 0 : 1) + (journal == null ? 0 : 1) + (kafka == null ? 0 : 1) != 1)
        {
            throw new IllegalArgumentException("replay needs exactly one of --input FILE, --journal DIR or --kafka HOST:PORT");
        }
        if (input != null && !"-".equals(input.toString()) && !Files.isReadable(input))
        {
            throw new IllegalArgumentException("cannot read input " + input);
        }
        if (journal != null && !Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("no journal directory " + journal);
        }
        final Rulebook rulebook = rules == null ? Rulebook.defaults() : Rulebook.load(rules);
        final long start = System.nanoTime();
        final Replay replay = new Replay()
            .input(input)
            .journal(journal)
            .source(kafka == null ? null : new KafkaReplaySource(new KafkaSettings(kafka, topic)))
            .snapshot(snapshot)
            .results(results)
            .standings(standings)
            .teams(teams)
            .player(player)
            .rulebook(rulebook)
            .maxPlayers(maxPlayers)
            .undoEvents(undoEvents).voidWarmup(true)
            .topology(topology);
        final long events = replay.run();
        if (replay.note() != null)
        {
            System.err.println("scorer: " + replay.note());
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("scorer: replayed %d events in %.3f s (%.0f events/s)%n", events, seconds, events / seconds);
        return 0;
    }
}
