package io.scoreline.ingest;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The service in a JVM of its own with {@code bin/scorer serve}'s options ({@link ServeOptions})
 * but no replicated log, for child processes that have no launcher on their class path (the
 * demo's isolated service, crash tests): runs until SIGTERM; prints one line when it is ready.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the service (journal mode).")
public final class ServeMain implements Callable<Integer>
{
    /**
     * System property: when true, {@link #serve} drains and returns as soon as it is ready. bin/scorer's
     * class-data-sharing training run sets it (the JVM writes the archive of the classes a start loads at exit).
     */
    public static final String EXIT_WHEN_READY = "scoreline.exitWhenReady";

    @Mixin
    private ServeOptions options;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ServeMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final ServerConfig config;
        try
        {
            config = options.config(System.getenv(ServerConfig.AUTH_TOKEN_ENV)).validate();
        }
        catch (final RuntimeException e) // unreadable or invalid rulebook or token file, a bad setting
        {
            System.err.println("scorer serve: " + e.getMessage());
            return 2;
        }
        return serve(config);
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
        final boolean exitNow = Boolean.getBoolean(EXIT_WHEN_READY);
        if (!exitNow)
        {
            signalled.await();
        }
        System.out.println("scorer: " + (exitNow ? EXIT_WHEN_READY : "SIG" + signal[0]) + ", " + server.drain());
        System.out.flush();
        return 0;
    }
}
