package io.scoreline.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sets the Linux nice value of the calling thread (--push-nice): the push threads run below the
 * scoring thread, so that on a shared core the scheduler prefers scoring. Java has no call for it
 * (thread priorities map to nice only with root and -XX:ThreadPriorityPolicy=1), so this finds
 * the thread's own id in /proc/thread-self and runs {@code renice}, once, when the thread starts.
 * Raising one's own nice value needs no privilege. Off (0) or off Linux: nothing happens.
 */
public final class ThreadNice
{
    private static final System.Logger LOG = System.getLogger(ThreadNice.class.getName());

    private ThreadNice()
    {
    }

    /** The calling thread's kernel id, or -1 where /proc/thread-self is missing. */
    public static long currentTid()
    {
        try
        {
            // -> "PID/task/TID"
            final Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(link.getFileName().toString());
        }
        catch (final IOException | UnsupportedOperationException | NumberFormatException e)
        {
            return -1;
        }
    }

    /** Field 19 of /proc/self/task/TID/stat: the thread's nice value. */
    public static int niceOf(final long tid) throws IOException
    {
        final String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"), StandardCharsets.US_ASCII);
        // Field 2 (comm) may hold spaces; the fields after it start past its closing parenthesis.
        final String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(rest[19 - 3]);
    }

    /** Gives the calling thread nice value {@code nice} (1..19); 0 does nothing. Logs, never throws, on failure. */
    public static void applyToCurrentThread(final int nice, final String what)
    {
        if (nice == 0)
        {
            return;
        }
        final long tid = currentTid();
        if (tid < 0)
        {
            LOG.log(System.Logger.Level.WARNING, "scoreline: --push-nice " + nice + " ignored for " + what + ": no /proc/thread-self");
            return;
        }
        try
        {
            final Process renice = new ProcessBuilder("renice", "--priority", Integer.toString(nice), "-p", Long.toString(tid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(10, TimeUnit.SECONDS))
            {
                renice.destroyForcibly();
            }
            final int now = niceOf(tid);
            if (now != nice)
            {
                LOG.log(System.Logger.Level.WARNING, "scoreline: --push-nice " + nice + ": " + what + " (tid " + tid + ") has nice " + now);
            }
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "scoreline: --push-nice " + nice + " failed for " + what + ": " + e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
