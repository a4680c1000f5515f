package io.scoreline.journal;

/**
 * When the journal forces its memory-mapped pages to the storage device. Every policy survives
 * {@code kill -9}: the mapped pages belong to the kernel's page cache, not to the process, so a
 * record is safe from a process crash as soon as its commit word is stored. The policies differ
 * only in what survives a power loss or kernel crash (by design: no test cuts the power).
 */
public enum FsyncPolicy
{
    /** Page cache only: the kernel writes back when it likes. Survives kill -9, not power loss. */
    NONE,
    /** msync at the end of a batch, at most once per {@link JournalConfig#fsyncIntervalMs()}. */
    BATCH,
    /** msync after every append: slowest; designed to lose nothing acknowledged on power loss (not tested). */
    EVERY
}
