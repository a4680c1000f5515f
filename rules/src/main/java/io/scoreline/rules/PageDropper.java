package io.scoreline.rules;

/**
 * Takes pages of a shared file mapping out of the process's resident set ({@code madvise(MADV_DONTNEED)}),
 * leaving their bytes in the page cache and the file. The rules have no native access of their
 * own: the caller hands in one (the journal's {@code PageAdvice::dontNeed}).
 */
@FunctionalInterface
public interface PageDropper
{
    /** @return false when the advice is not available (the pages then stay mapped). */
    boolean dropPages(long address, long bytes);
}
