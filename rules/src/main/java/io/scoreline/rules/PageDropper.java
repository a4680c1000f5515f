package io.scoreline.rules;

/**
 * Takes pages of a shared file mapping out of the process's resident set ({@code madvise(MADV_DONTNEED)}),
 * leaving their bytes in the page cache and the file, and maps a range back in at once before a
 * void's walk reads it. The rules have no native access of their
 * own: the caller hands in one (the journal's {@code PageAdvice::dontNeed}).
 */
@FunctionalInterface
public interface PageDropper
{
    /** @return false when the advice is not available (the pages then stay mapped). */
    boolean dropPages(long address, long bytes);

    /**
     * Maps the pages of [address, address + bytes) in ({@code madvise(MADV_POPULATE_WRITE)}, or {@code _READ}):
     * one call instead of a fault a page. @return false when not available (the pages then fault in
     * one by one, as before).
     */
    default boolean populatePages(final long address, final long bytes)
    {
        return false;
    }
}
