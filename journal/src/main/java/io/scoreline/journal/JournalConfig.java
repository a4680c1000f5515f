package io.scoreline.journal;

/**
 * Journal settings with fluent setters; {@link #validate()} is called by
 * {@link JournalWriter#open} and fails fast with a message naming the bad setting.
 * {@link #fromSystemProperties()} reads the same settings from the properties named below.
 */
public final class JournalConfig
{
    public static final String ROLL_BYTES_PROP = "scoreline.journal.rollBytes";
    public static final String FSYNC_PROP = "scoreline.journal.fsync";
    public static final String FSYNC_INTERVAL_MS_PROP = "scoreline.journal.fsyncIntervalMs";
    public static final String PRETOUCH_BYTES_PROP = "scoreline.journal.pretouchBytes";

    /** 256 MiB: about 1.7M records of a typical 120-byte event per file. */
    public static final long DEFAULT_ROLL_BYTES = 256L << 20;
    /** A file must hold its header and at least one record of the largest size. */
    public static final long MIN_ROLL_BYTES = 16L << 10;
    /** One file is a single mapping; keep it well inside what one mmap call handles everywhere. */
    public static final long MAX_ROLL_BYTES = 1L << 31;
    /** kill -9 safe, fastest; see {@link FsyncPolicy}. */
    public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.NONE;
    /** With {@link FsyncPolicy#BATCH}: 0 forces at the end of every batch. */
    public static final long DEFAULT_FSYNC_INTERVAL_MS = 0;
    /** 1 MiB kept mapped ahead of the writer (Chronicle Queue's pretoucher keeps at least as much); 0 = off. */
    public static final long DEFAULT_PRETOUCH_BYTES = 1L << 20;

    private long rollBytes = DEFAULT_ROLL_BYTES;
    private FsyncPolicy fsync = DEFAULT_FSYNC;
    private long fsyncIntervalMs = DEFAULT_FSYNC_INTERVAL_MS;
    private long pretouchBytes = DEFAULT_PRETOUCH_BYTES;

    public static JournalConfig fromSystemProperties()
    {
        final JournalConfig config = new JournalConfig();
        config.rollBytes(Long.getLong(ROLL_BYTES_PROP, DEFAULT_ROLL_BYTES));
        final String fsync = System.getProperty(FSYNC_PROP);
        if (null != fsync)
        {
            try
            {
                config.fsync(FsyncPolicy.valueOf(fsync.trim().toUpperCase(java.util.Locale.ROOT)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(
                    FSYNC_PROP + " must be one of NONE, BATCH, EVERY but was '" + fsync + "'");
            }
        }
        config.fsyncIntervalMs(Long.getLong(FSYNC_INTERVAL_MS_PROP, DEFAULT_FSYNC_INTERVAL_MS));
        config.pretouchBytes(Long.getLong(PRETOUCH_BYTES_PROP, DEFAULT_PRETOUCH_BYTES));
        return config;
    }

    public JournalConfig rollBytes(final long rollBytes)
    {
        this.rollBytes = rollBytes;
        return this;
    }

    public long rollBytes()
    {
        return rollBytes;
    }

    public JournalConfig fsync(final FsyncPolicy fsync)
    {
        this.fsync = fsync;
        return this;
    }

    public FsyncPolicy fsync()
    {
        return fsync;
    }

    public JournalConfig fsyncIntervalMs(final long fsyncIntervalMs)
    {
        this.fsyncIntervalMs = fsyncIntervalMs;
        return this;
    }

    public long fsyncIntervalMs()
    {
        return fsyncIntervalMs;
    }

    /** Bytes ahead of the write position that {@link JournalWriter#endOfBatch()} keeps mapped; 0 turns it off. */
    public JournalConfig pretouchBytes(final long pretouchBytes)
    {
        this.pretouchBytes = pretouchBytes;
        return this;
    }

    public long pretouchBytes()
    {
        return pretouchBytes;
    }

    /** @throws IllegalArgumentException naming the first bad setting. */
    public JournalConfig validate()
    {
        if (rollBytes < MIN_ROLL_BYTES || rollBytes > MAX_ROLL_BYTES)
        {
            throw new IllegalArgumentException("journal rollBytes must be between " + MIN_ROLL_BYTES +
                " and " + MAX_ROLL_BYTES + " but was " + rollBytes);
        }
        if (null == fsync)
        {
            throw new IllegalArgumentException("journal fsync policy must be set (NONE, BATCH or EVERY)");
        }
        if (fsyncIntervalMs < 0)
        {
            throw new IllegalArgumentException("journal fsyncIntervalMs must be >= 0 but was " + fsyncIntervalMs);
        }
        if (pretouchBytes < 0 || pretouchBytes > MAX_ROLL_BYTES)
        {
            throw new IllegalArgumentException("journal pretouchBytes must be between 0 and " + MAX_ROLL_BYTES +
                " but was " + pretouchBytes);
        }
        return this;
    }

    @Override
    public String toString()
    {
        return "JournalConfig{rollBytes=" + rollBytes + ", fsync=" + fsync + ", fsyncIntervalMs=" + fsyncIntervalMs +
            ", pretouchBytes=" + pretouchBytes + '}';
    }
}
