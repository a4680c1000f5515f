package io.scoreline.journal;

import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * madvise(2) on a memory-mapped file, best effort: without native access (or off Linux) the call
 * reports false and the first failure is logged once; the mapping then works as without advice.
 * Used by the journal's writer and by the undo log's file-backed ring (issue 27).
 */
public final class PageAdvice
{
    private static final Logger LOG = LoggerFactory.getLogger(PageAdvice.class);
    private static boolean failureLogged;

    private PageAdvice()
    {
    }

    /**
     * {@code MADV_DONTNEED}: the pages of [address, address + bytes) leave the process's mapping
     * (and its resident set); for a shared file mapping the page cache keeps them (dirty ones
     * are written back as usual), and the next touch maps them again.
     */
    public static boolean dontNeed(final long address, final long bytes)
    {
        return advise(address, bytes, MAdviseFlag.MADV_DONTNEED);
    }

    /** {@code MADV_HUGEPAGE}: back the range with 2 MiB folios where the kernel can. */
    static boolean hugePages(final long address, final long bytes)
    {
        return advise(address, bytes, MAdviseFlag.MADV_HUGEPAGE);
    }

    private static boolean advise(final long address, final long bytes, final MAdviseFlag flag)
    {
        try
        {
            final int result = PosixAPI.posix().madvise(address, bytes, flag);
            if (0 != result)
            {
                logFailure("madvise(" + flag + ") returned " + result);
                return false;
            }
            return true;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            logFailure(ex.toString());
            return false;
        }
    }

    private static synchronized void logFailure(final String reason)
    {
        if (!failureLogged)
        {
            failureLogged = true;
            LOG.info("no madvise for a mapped file ({}): no huge-page advice, and written pages stay mapped (the journal's "
                + "until its file rolls, the undo log's until they are written again)", reason);
        }
    }
}
