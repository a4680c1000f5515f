package io.scoreline.ingest;

import io.scoreline.pipeline.Snapshots;

import java.nio.file.Path;

/**
 * Snapshot settings of the service ({@code --snapshot-interval}, {@code --snapshot-dir},
 * {@code --snapshot-keep}, {@code --journal-retain}), validated with the rest of {@link ServerConfig}.
 */
public final class SnapshotConfig
{
    public static final long DEFAULT_INTERVAL_SECONDS = 300;
    public static final int DEFAULT_KEEP = 2;

    private long intervalSeconds = DEFAULT_INTERVAL_SECONDS;
    private Path dir;
    private int keep = DEFAULT_KEEP;
    private Snapshots.JournalRetain retain = Snapshots.JournalRetain.ALL;

    /** Seconds between snapshots; 0 takes none on a timer or at shutdown (POST /admin/snapshot still does). */
    public SnapshotConfig intervalSeconds(final long intervalSeconds)
    {
        this.intervalSeconds = intervalSeconds;
        return this;
    }

    /** Where snapshots go; null (the default) is {@code JOURNAL/snapshots}. */
    public SnapshotConfig dir(final Path dir)
    {
        this.dir = dir;
        return this;
    }

    /** How many of the newest snapshots to keep (at least 1). */
    public SnapshotConfig keep(final int keep)
    {
        this.keep = keep;
        return this;
    }

    /** What to do with journal files that no kept snapshot needs: all (keep), delete, archive. */
    public SnapshotConfig retain(final Snapshots.JournalRetain retain)
    {
        this.retain = retain;
        return this;
    }

    public long intervalSeconds()
    {
        return intervalSeconds;
    }

    public Path dirFor(final Path journalDir)
    {
        return dir != null ? dir : journalDir.resolve("snapshots");
    }

    public int keep()
    {
        return keep;
    }

    public Snapshots.JournalRetain retain()
    {
        return retain;
    }

    void validate()
    {
        if (intervalSeconds < 0)
        {
            throw new IllegalArgumentException("--snapshot-interval must be >= 0 seconds (0 = off), got " + intervalSeconds);
        }
        if (keep < 1)
        {
            throw new IllegalArgumentException("--snapshot-keep must be >= 1, got " + keep);
        }
    }
}
