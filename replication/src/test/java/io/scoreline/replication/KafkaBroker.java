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

    private KafkaBroker(final int port, final Path dir)
    {
        this.port = port;
        this.dir = dir;
    }

    static KafkaBroker start(final Path dir) throws Exception
    {
        final KafkaBroker broker = new KafkaBroker(freePortPair(), dir);
        broker.run("start");
        return broker;
    }

    String bootstrap()
    {
        return "127.0.0.1:" + port;
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
            "--port", Integer.toString(port), "--dir", dir.toString()).redirectErrorStream(true);
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
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try (ServerSocket a = new ServerSocket(0))
            {
                final int port = a.getLocalPort();
                if (port < 65_000)
                {
                    try (ServerSocket b = new ServerSocket(port + 1))
                    {
                        return port;
                    }
                    catch (final IOException taken)
                    {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no free pair of ports");
    }
}
