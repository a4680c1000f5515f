package io.scoreline.replication;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker for a test class, started and stopped the way a developer does
 * it, with bin/kafka-local (a separate JVM, from the jars this module resolved).
 */
final class KafkaBroker implements AutoCloseable
{
    static final Path ROOT = Paths.get(System.getProperty("user.dir")).getParent();

    private final int port;
    private final Path dir;
    private final int brokers;

    private KafkaBroker(final int port, final Path dir, final int brokers)
    {
        this.port = port;
        this.dir = dir;
        this.brokers = brokers;
    }

    static KafkaBroker start(final Path dir) throws Exception
    {
        final KafkaBroker broker = new KafkaBroker(freePortPair(), dir, 1);
        broker.run("start");
        return broker;
    }

    /** bin/kafka-local start --brokers N: node i on port + 2(i-1). */
    static KafkaBroker startCluster(final Path dir, final int brokers) throws Exception
    {
        final KafkaBroker cluster = new KafkaBroker(freePortRun(2 * brokers), dir, brokers);
        cluster.run("start");
        return cluster;
    }

    String bootstrap()
    {
        final StringBuilder list = new StringBuilder();
        for (int i = 0; i < brokers; i++)
        {
            list.append(i == 0 ? "" : ",").append("127.0.0.1:").append(port + 2 * i);
        }
        return list.toString();
    }

    /** kill -9 of node {@code node} (1..N; the single broker: 1), as a crash does it. */
    void kill9(final int node) throws Exception
    {
        final Path pidFile = (brokers == 1 ? dir : dir.resolve("node-" + node)).resolve("broker.pid");
        final long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        final ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    void stop() throws Exception
    {
        run("stop");
    }

    /** Starts it again on the same port and data directory. */
    void restart() throws Exception
    {
        run("start");
    }

    @Override
    public void close() throws Exception
    {
        stop();
    }

    private void run(final String command) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/kafka-local").toString(), command,
            "--port", Integer.toString(port), "--dir", dir.toString(), "--brokers", Integer.toString(brokers)).redirectErrorStream(true);
        builder.environment().put("KAFKA_LOCAL_CLASSPATH", ROOT.resolve("replication/target/broker.classpath").toString());
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException("bin/kafka-local " + command + " failed: " + output);
        }
    }

    /** A free port whose successor (the controller's) is free too. */
    private static int freePortPair() throws IOException
    {
        return freePortRun(2);
    }

    /** The first of {@code count} consecutive free ports. */
    private static int freePortRun(final int count) throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try (ServerSocket a = new ServerSocket(0))
            {
                final int port = a.getLocalPort();
                if (port < 65_000 && freeAfter(port, count))
                {
                    return port;
                }
            }
        }
        throw new IOException("no " + count + " free ports in a row");
    }

    private static boolean freeAfter(final int port, final int count)
    {
        for (int p = port + 1; p < port + count; p++)
        {
            try (ServerSocket s = new ServerSocket(p))
            {
                // free
            }
            catch (final IOException taken)
            {
                return false;
            }
        }
        return true;
    }
}
