package io.scoreline.pipeline;

import io.scoreline.journal.JournalConfig;
import io.scoreline.rules.EngineCapture;
import io.scoreline.rules.Rulebook;

import java.nio.file.Path;

/**
 * Everything the pipeline is built from, with defaults, fluent setters and one {@link #validate()}
 * that names what is wrong (Aeron's Context pattern).
 */
public final class PipelineConfig
{
    /** GAME.md: treasure ids are 1..1,000,000. */
    public static final int MAX_TREASURE = 1_000_000;

    public static final int DEFAULT_RING_SIZE = 4096;
    public static final int DEFAULT_MAX_PLAYERS = 2_000_000;
    public static final WaitKind DEFAULT_WAIT_STRATEGY = WaitKind.PARKING;

    private int ringSize = DEFAULT_RING_SIZE;
    private int maxPlayers = DEFAULT_MAX_PLAYERS;
    private WaitKind waitStrategy = DEFAULT_WAIT_STRATEGY;
    private Topology topology = Topology.AUTO;
    private int cores = Runtime.getRuntime().availableProcessors();
    private StageWrapper stageWrapper = (id, stage) -> stage;
    private Rulebook rulebook;
    private Path journalDir;
    private JournalConfig journalConfig = new JournalConfig();
    private boolean pinThreads;
    private int snapshotChunkBytes = EngineCapture.CHUNK_BYTES;
    private Path history;
    private boolean scratchJournal;
    private long journalVerifyFrom;
    private long voidReach = io.scoreline.rules.ScoringEngine.DEFAULT_VOID_REACH;
    /** Committed events the undo log holds: none unless set (serve, replay and bench set {@link #DEFAULT_UNDO_EVENTS}). */
    private long undoEvents;
    private Path undoFile;
    /** GAME.md section 7: a void whose target is at most this many committed events back rolls back (README "Corrections"). */
    public static final long DEFAULT_UNDO_EVENTS = 1_500_000;
    /** The undo log's file in the journal directory (not a journal file: the journal's readers skip it). */
    public static final String UNDO_FILE = "undo-log.ring";
    /**
     * GAME.md section 7: a void scores again only the events it can change (the default), or, with
     * the system property {@code scoreline.voids=from-target}, rolls back and scores everything
     * from its target (the reference path; README "Corrections").
     */
    private boolean touchedOnly = !"from-target".equals(System.getProperty("scoreline.voids"));
    private boolean voidWarmup;

    public PipelineConfig ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /** Copy-on-write granularity of snapshots (default {@link EngineCapture#CHUNK_BYTES}; tests vary it). */
    public PipelineConfig snapshotChunkBytes(final int snapshotChunkBytes)
    {
        this.snapshotChunkBytes = snapshotChunkBytes;
        return this;
    }

    public int snapshotChunkBytes()
    {
        return snapshotChunkBytes;
    }

    public PipelineConfig maxPlayers(final int maxPlayers)
    {
        this.maxPlayers = maxPlayers;
        return this;
    }

    public PipelineConfig waitStrategy(final WaitKind waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** fused, staged, inline or auto (the default: by {@link #cores}). */
    public PipelineConfig topology(final Topology topology)
    {
        this.topology = topology;
        return this;
    }

    /** Cores this process may use, which {@link Topology#AUTO} and the wait strategy go by. */
    public PipelineConfig cores(final int cores)
    {
        this.cores = cores;
        return this;
    }

    /** Tests only: wraps each stage as it is built (fault injection). */
    PipelineConfig stageWrapper(final StageWrapper stageWrapper)
    {
        this.stageWrapper = stageWrapper;
        return this;
    }

    public PipelineConfig rulebook(final Rulebook rulebook)
    {
        this.rulebook = rulebook;
        return this;
    }

    /** Journal directory, or null for no journal (replay, bench). */
    public PipelineConfig journalDir(final Path journalDir)
    {
        this.journalDir = journalDir;
        return this;
    }

    /**
     * The ordinal a restart will replay from (the newest snapshot's + 1): opening the journal walks
     * only the files holding ordinals from there on, record by record (older files: name and
     * header). Default 0: every record.
     */
    public PipelineConfig journalVerifyFrom(final long journalVerifyFrom)
    {
        this.journalVerifyFrom = journalVerifyFrom;
        return this;
    }

    public long journalVerifyFrom()
    {
        return journalVerifyFrom;
    }

    public PipelineConfig journalConfig(final JournalConfig journalConfig)
    {
        this.journalConfig = journalConfig;
        return this;
    }

    /** Pin each stage thread to a core of its own, when the machine has one per stage (staged does by default). */
    /**
     * GAME.md section 7: the journal a void re-reads the events before it from (the journal being
     * replayed, for a replay of one). Default: {@link #journalDir}, or the scratch journal.
     */
    public PipelineConfig history(final Path history)
    {
        this.history = history;
        return this;
    }

    public Path history()
    {
        return history;
    }

    /**
     * With no {@link #journalDir}: journal every event into a temporary directory, removed at close,
     * so that a void can re-read the events before it (replay of an input file, a Kafka log's node).
     */
    public PipelineConfig scratchJournal(final boolean scratchJournal)
    {
        this.scratchJournal = scratchJournal;
        return this;
    }

    public boolean scratchJournal()
    {
        return scratchJournal;
    }

    /** GAME.md section 7's reach, 4,000,000 ordinals; tests give a short one. */
    public PipelineConfig voidReach(final long voidReach)
    {
        this.voidReach = voidReach;
        return this;
    }

    public long voidReach()
    {
        return voidReach;
    }

    /** How many committed events the engine's undo log holds (0: none, every void scores again from ordinal 0). */
    public PipelineConfig undoEvents(final long undoEvents)
    {
        this.undoEvents = undoEvents;
        return this;
    }

    public long undoEvents()
    {
        return undoEvents;
    }

    /**
     * The file the undo log is mapped from (issue 27: only a window of it resident). Default: the
     * file {@link #UNDO_FILE} in {@link #journalDir}, or direct memory with no journal directory.
     */
    public PipelineConfig undoFile(final Path undoFile)
    {
        this.undoFile = undoFile;
        return this;
    }

    /** The undo log's file, or null for direct memory. */
    public Path undoFile()
    {
        return undoFile != null ? undoFile : journalDir != null ? journalDir.resolve(UNDO_FILE) : null;
    }

    /** Whether a void scores again only what it can change (true), or everything from its target (the reference path). */
    public PipelineConfig touchedOnly(final boolean touchedOnly)
    {
        this.touchedOnly = touchedOnly;
        return this;
    }

    public boolean touchedOnly()
    {
        return touchedOnly;
    }

    /**
     * Whether the first pipeline of the JVM compiles a void's code on a scratch engine beside its
     * start ({@link VoidWarmup}: a few seconds of a core). Off by default (tests build many
     * pipelines); {@code serve} and {@code replay} turn it on.
     */
    public PipelineConfig voidWarmup(final boolean voidWarmup)
    {
        this.voidWarmup = voidWarmup;
        return this;
    }

    public boolean voidWarmup()
    {
        return voidWarmup;
    }

    public PipelineConfig pinThreads(final boolean pinThreads)
    {
        this.pinThreads = pinThreads;
        return this;
    }

    public int ringSize()
    {
        return ringSize;
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    public WaitKind waitStrategy()
    {
        return waitStrategy;
    }

    public Topology topology()
    {
        return topology;
    }

    public int cores()
    {
        return cores;
    }

    StageWrapper stageWrapper()
    {
        return stageWrapper;
    }

    public Rulebook rulebook()
    {
        return rulebook == null ? Rulebook.defaults() : rulebook;
    }

    public Path journalDir()
    {
        return journalDir;
    }

    public JournalConfig journalConfig()
    {
        return journalConfig;
    }

    public boolean pinThreads()
    {
        return pinThreads;
    }

    /** @throws IllegalArgumentException naming the first bad setting. */
    public PipelineConfig validate()
    {
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two >= 2, got " + ringSize);
        }
        if (maxPlayers < 1)
        {
            throw new IllegalArgumentException("max players must be >= 1, got " + maxPlayers);
        }
        if (cores < 1)
        {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        if (topology == null)
        {
            throw new IllegalArgumentException("topology must be fused, staged, inline or auto");
        }
        if (waitStrategy == null)
        {
            throw new IllegalArgumentException("wait strategy must be parking, sleeping, yielding, busyspin or blocking");
        }
        if (undoEvents < 0)
        {
            throw new IllegalArgumentException("undo events must be >= 0, got " + undoEvents);
        }
        if (voidReach < 0)
        {
            throw new IllegalArgumentException("void reach must be >= 0, got " + voidReach);
        }
        return this;
    }
}

/** Builds a stage from the one the pipeline made; tests wrap stages to inject faults. */
@FunctionalInterface
interface StageWrapper
{
    Stage wrap(StageId id, Stage stage);
}
