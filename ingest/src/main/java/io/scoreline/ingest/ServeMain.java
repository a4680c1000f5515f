package io.scoreline.ingest;

import io.scoreline.rules.Rulebook;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/scorer serve [--host H] [--port P] [--journal DIR] [--rules FILE] [--max-players N] [--ring-size N]}:
 * runs the service until killed; prints one line when it is ready.
 */
public final class ServeMain
{
    private ServeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ServerConfig config;
        try
        {
            config = parse(args).validate();
        }
        catch (final RuntimeException e) // bad usage, unreadable or invalid rulebook
        {
            System.err.println("scorer serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(serve(config));
    }

    /**
     * Runs the service until SIGTERM or SIGINT (Ctrl-C): prints one line when ready, then on the
     * signal drains ({@link ScorerServer#drain()}: stop accepting, answer what was read, force the
     * journal, close WebSockets with 1001) and prints one line saying what it drained.
     * @return the exit status: 0 after a drain.
     */
    public static int serve(final ServerConfig config) throws InterruptedException
    {
        final ScorerServer server;
        try
        {
            server = ScorerServer.start(config);
            server.awaitRecovered(Duration.ofDays(1));
        }
        catch (final RuntimeException | java.util.concurrent.TimeoutException e)
        {
            System.err.println("scorer serve: " + e.getMessage());
            return 1;
        }
        final CountDownLatch signalled = new CountDownLatch(1);
        final String[] signal = {"TERM"};
        // Handling the signals ourselves (rather than a shutdown hook) lets the drain end in exit 0;
        // the JVM's own handler would exit 143. The hook stays for any other way out (System.exit).
        for (final String name : new String[]{"TERM", "INT"})
        {
            sun.misc.Signal.handle(new sun.misc.Signal(name), received ->
            {
                signal[0] = received.getName();
                signalled.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "scoreline-shutdown"));
        System.out.println("scorer: listening on " + server.host() + ":" + server.port() +
            ", recovered " + server.recoveredEvents() + " events" +
            (server.snapshotOrdinal() >= 0 ? " after the snapshot at ordinal " + server.snapshotOrdinal() : ""));
        System.out.flush();
        signalled.await();
        System.out.println("scorer: SIG" + signal[0] + ", " + server.drain());
        System.out.flush();
        return 0;
    }

    static ServerConfig parse(final String[] args)
    {
        final ServerConfig config = new ServerConfig().authTokenFrom(null, System.getenv(ServerConfig.AUTH_TOKEN_ENV));
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value after " + option);
            }
            final String value = args[++i];
            switch (option)
            {
                case "--host":
                    config.host(value);
                    break;
                case "--port":
                    config.port(integer(option, value));
                    break;
                case "--journal":
                    config.journalDir(Paths.get(value));
                    break;
                case "--rules":
                    config.rulebook(Rulebook.load(Paths.get(value)));
                    break;
                case "--max-players":
                    config.maxPlayers(integer(option, value));
                    break;
                case "--ring-size":
                    config.ringSize(integer(option, value));
                    break;
                case "--auth-token-file":
                    config.authTokenFrom(Paths.get(value), null);
                    break;
                case "--snapshot-interval":
                    config.snapshots().intervalSeconds(integer(option, value));
                    break;
                case "--snapshot-dir":
                    config.snapshots().dir(Paths.get(value));
                    break;
                case "--snapshot-keep":
                    config.snapshots().keep(integer(option, value));
                    break;
                case "--journal-retain":
                    config.snapshots().retain(io.scoreline.pipeline.Snapshots.JournalRetain.parse(value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option +
                        " (--host, --port, --journal, --rules, --max-players, --ring-size, --snapshot-interval, --snapshot-dir," +
                        " --snapshot-keep, --journal-retain, --auth-token-file)");
            }
        }
        return config;
    }

    private static int integer(final String option, final String value)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(option + " needs an integer, got '" + value + "'");
        }
    }
}
