package io.scoreline.push;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's Linux scheduling priority (nice), so that on a core it shares with
 * the scoring thread the scheduler runs scoring first. Java's own thread priorities do nothing on
 * Linux by default; raising nice needs no privilege. Uses util-linux {@code renice} on the
 * thread's id (from {@code /proc/thread-self}), once, when the thread starts.
 */
final class ShardThreadNice
{
    private ShardThreadNice()
    {
    }

    /** @return whether the nice value was applied. */
    static boolean apply(final int nice)
    {
        if (nice == 0)
        {
            return false;
        }
        final System.Logger logger = System.getLogger("scoreline.push");
        try
        {
            final String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            final Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            final boolean done = renice.waitFor(5, TimeUnit.SECONDS) && renice.exitValue() == 0;
            logger.log(System.Logger.Level.INFO, "shard thread " + tid + (done ? " at nice " : " not set to nice ") + nice);
            return done;
        }
        catch (final java.io.IOException | UnsupportedOperationException e)
        {
            logger.log(System.Logger.Level.WARNING, "shard thread nice " + nice + " not applied: " + e);
            return false;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
