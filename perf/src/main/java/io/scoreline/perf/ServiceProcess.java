package io.scoreline.perf;

import io.scoreline.pipeline.PipelineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scorer service in a child JVM, under {@code taskset -c CPUS} when given CPUs, so that a load
 * generator in this JVM and the service never share a core (their JITs and collectors included).
 * The child gets this JVM's module flags and system properties, a pre-touched heap sized for its
 * players as {@code bin/scorer serve} sizes it, and is stopped with SIGTERM (a graceful close).
 */
public final class ServiceProcess implements AutoCloseable
{
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    private final Process process;
    private final int port;

    private ServiceProcess(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code ServeMain} (after {@link WarmServe}'s JIT warm-up) and waits for its "listening" line.
     *
     * @param cpus null to let the child run anywhere
     * @throws IllegalStateException with the child's last words if it does not come up within the timeout
     */
    public static ServiceProcess start(
        final String cpus, final String host, final int port, final Path journal, final int maxPlayers, final long timeoutSeconds)
        throws IOException, InterruptedException
    {
        final List<String> command = command(cpus, host, port, journal, maxPlayers);
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .start();
        final BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final StringBuffer said = new StringBuffer();
        final AtomicInteger bound = new AtomicInteger(-1);
        final CountDownLatch up = new CountDownLatch(1);
        final Thread reader = new Thread(() -> readOutput(lines, said, bound, up), "service-output");
        reader.setDaemon(true);
        reader.start();
        if (!up.await(timeoutSeconds, TimeUnit.SECONDS) || bound.get() < 0)
        {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not start: " +
                (said.length() == 0 ? "no output within " + timeoutSeconds + " s" : said.toString().trim()));
        }
        return new ServiceProcess(process, bound.get());
    }

    /**
     * Keeps the child's output until its "listening" line (for the failure message), then reads
     * and drops the rest, so the child never blocks on a full pipe. Counts {@code up} down at the
     * "listening" line or when the child's output ends.
     */
    private static void readOutput(
        final BufferedReader lines, final StringBuffer said, final AtomicInteger bound, final CountDownLatch up)
    {
        try
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                if (bound.get() < 0)
                {
                    said.append(line).append('\n');
                    final Matcher m = LISTENING.matcher(line);
                    if (m.find())
                    {
                        bound.set(Integer.parseInt(m.group(2)));
                        up.countDown();
                    }
                }
            }
        }
        catch (final IOException ignored)
        {
            // the child is gone; start() reports what it said
        }
        finally
        {
            up.countDown();
        }
    }

    static List<String> command(final String cpus, final String host, final int port, final Path journal, final int maxPlayers)
    {
        final List<String> command = new ArrayList<>();
        if (cpus != null)
        {
            command.add("taskset");
            command.add("-c");
            command.add(cpus);
        }
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") ||
                arg.startsWith("--sun-misc-unsafe-memory-access") || arg.startsWith("-Dchronicle.") ||
                arg.startsWith("-Dscoreline."))
            {
                command.add(arg);
            }
        }
        final long heapMiB = heapMiB(maxPlayers);
        command.add("-Xms" + heapMiB + "m");
        command.add("-Xmx" + heapMiB + "m");
        command.add("-Xmn16m");
        // serve's undo log (corrections, PipelineConfig.DEFAULT_UNDO_EVENTS of ~192 bytes) is direct
        // memory, which the JVM caps at -Xmx unless told; bin/scorer raises the cap the same way.
        command.add("-XX:MaxDirectMemorySize=" + (heapMiB + UNDO_ENTRY_BYTES * PipelineConfig.DEFAULT_UNDO_EVENTS / (1 << 20) + 1) + "m");
        command.add("-XX:+AlwaysPreTouch");
        command.add("-XX:+UseTransparentHugePages");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WarmServe.class.getName()); // ServeMain after the JIT warm-up
        command.add("--host");
        command.add(host);
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--journal");
        command.add(journal.toString());
        command.add("--max-players");
        command.add(Integer.toString(maxPlayers));
        return command;
    }

    /** Bytes of an undo-log entry with the shipped rulebook's 103-byte record: an 88-byte header (the event rides along, issue 23) and the record (as bin/scorer assumes). */
    private static final long UNDO_ENTRY_BYTES = 192;

    /** The heap {@code bin/scorer serve} gives a service of this many players: 180 bytes a player + 112 MiB, in 16 MiB steps. */
    static long heapMiB(final long players)
    {
        return (players * 180 / (1 << 20) + 128 + 15) / 16 * 16;
    }

    public int port()
    {
        return port;
    }

    public long pid()
    {
        return process.pid();
    }

    /** SIGTERM, so the service closes its journal; forcibly after 10 s. */
    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
