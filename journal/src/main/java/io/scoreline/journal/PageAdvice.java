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

    /** madvise(2)'s {@code MADV_POPULATE_READ} and {@code _WRITE} (Linux 5.14), which MAdviseFlag does not name. */
    private static final int MADV_POPULATE_READ = 22;
    private static final int MADV_POPULATE_WRITE = 23;
    private static boolean populateFailureLogged;

    /**
     * {@code MADV_POPULATE_WRITE} (or {@code _READ}): the pages of [address, address + bytes)
     * mapped in (writable) in one call, read from the page cache or the file as needed, instead of
     * a fault each on first touch. @return false where the kernel or the native access lacks it
     * (the pages then fault in).
     */
    public static boolean populate(final long address, final long bytes, final boolean writable)
    {
        return writable ? advise(address, bytes, MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE")
            : advise(address, bytes, MADV_POPULATE_READ, "MADV_POPULATE_READ");
    }

    /** {@code MADV_HUGEPAGE}: back the range with 2 MiB folios where the kernel can. */
    static boolean hugePages(final long address, final long bytes)
    {
        return advise(address, bytes, MAdviseFlag.MADV_HUGEPAGE);
    }

    private static boolean advise(final long address, final long bytes, final MAdviseFlag flag)
    {
        return advise(address, bytes, flag.value(), flag.name());
    }

    private static boolean advise(final long address, final long bytes, final int flag, final String name)
    {
        try
        {
            final int result = PosixAPI.posix().madvise(address, bytes, flag);
            if (0 != result)
            {
                logFailure(flag, "madvise(" + name + ") returned " + result);
                return false;
            }
            return true;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            logFailure(flag, ex.toString());
            return false;
        }
    }

    private static synchronized void logFailure(final int flag, final String reason)
    {
        if (flag == MADV_POPULATE_READ || flag == MADV_POPULATE_WRITE)
        {
            if (!populateFailureLogged) // a kernel before 5.14: the rest of the advice may still work
            {
                populateFailureLogged = true;
                LOG.info("no MADV_POPULATE ({}): a void's walk faults the undo log's pages in one by one", reason);
            }
        }
        else if (!failureLogged)
        {
            failureLogged = true;
            LOG.info("no madvise for a mapped file ({}): no huge-page advice, and written pages stay mapped (the journal's "
                + "until its file rolls, the undo log's until they are written again)", reason);
        }
    }
}
