package io.scoreline.push;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shard thread's nice is the calling thread's own, read back from the kernel (/proc field 19). */
class ShardThreadNiceTest
{
    @Test
    void setsTheCallingThreadsNiceAndNoOtherThreads() throws Exception
    {
        final long mainNiceBefore = nice();
        final AtomicReference<long[]> seen = new AtomicReference<>();
        final Thread t = new Thread(() ->
        {
            try
            {
                final long before = nice();
                final boolean applied = ShardThreadNice.apply(7);
                seen.set(new long[] {before, nice(), applied ? 1 : 0});
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        assertEquals(mainNiceBefore, seen.get()[0], "a new thread starts at its creator's nice");
        assertEquals(1, seen.get()[2]);
        assertEquals(7, seen.get()[1], "nice 7 after apply(7)");
        assertEquals(mainNiceBefore, nice(), "the test's own thread is untouched");
    }

    @Test
    void zeroLeavesTheThreadAlone() throws Exception
    {
        final long before = nice();
        assertFalse(ShardThreadNice.apply(0));
        assertEquals(before, nice());
        assertTrue(before < 7);
    }

    /** Field 19 of /proc/thread-self/stat, counted after the command name's closing parenthesis. */
    private static long nice() throws Exception
    {
        final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        final String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[19 - 3]);
    }
}
