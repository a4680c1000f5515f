package io.scoreline.app;

import io.scoreline.perf.AttackCommand;
import io.scoreline.perf.push.PushScale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/scorer}: the one entry point. Bad usage or a bad file ends with a one-line error
 * and a non-zero status, never a stack trace. The standard help options are inherited by every
 * sub-command ({@code scope = INHERIT}), so {@code scorer COMMAND --help} lists its options.
 */
@Command(
    name = "scorer",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "scoreline 0.1.0",
    description = "Low-latency game-event scoring service (GAME.md, SERVICE.md).",
    subcommands = {ServeCommand.class, EchoCommand.class, ReplayCommand.class, SnapshotCommand.class, DemoCommand.class, BenchCommand.class, LoadgenCommand.class,
        GenerateCommand.class, PushScale.class, AttackCommand.class})
public final class Scorer implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /** Runs a command line; @return the exit status. */
    public static int execute(final String... args)
    {
        return commandLine().execute(args);
    }

    /** The command line with its error handlers, before it runs (tests redirect its output). */
    static CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(new Scorer());
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --wait parking, --topology fused: the enums' names in lower case
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            commandLine.getErr().println("scorer: " + oneLine(ex));
            return 1;
        });
        cli.setParameterExceptionHandler(Scorer::badUsage);
        return cli;
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: " + COMMANDS);
    }

    private static final String COMMANDS = "serve, echo, replay, snapshot, demo, bench, loadgen, generate, push-scale or attack";

    /** Bad usage: one line on stderr naming the problem and where help is, status 2 (picocli's usage error). */
    private static int badUsage(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine command = ex.getCommandLine();
        final String name = command.getCommandName().equals("scorer") ? "scorer" :
            "scorer " + command.getCommandName();
        final String problem = ex instanceof CommandLine.UnmatchedArgumentException && "scorer".equals(name) &&
            !((CommandLine.UnmatchedArgumentException)ex).getUnmatched().isEmpty() ?
            "unknown command '" + ((CommandLine.UnmatchedArgumentException)ex).getUnmatched().get(0) + "': " + COMMANDS :
            oneLine(ex);
        command.getErr().println(name + ": " + problem + " (see " + name + " --help)");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String oneLine(final Throwable ex)
    {
        Throwable t = ex;
        // Descend only through wrappers that add nothing (no message, or just the cause's toString()).
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())))
        {
            t = t.getCause();
        }
        final String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replace('\n', ' ');
    }
}
