package io.scoreline.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README: "bin/scorer --help and bin/scorer COMMAND --help list every option", with status 0. */
class CommandHelpTest
{
    /** The commands the README documents; a command added without help fails here too. */
    private static final List<String> COMMANDS = List.of("serve", "echo", "replay", "snapshot", "demo", "bench", "loadgen", "generate",
        "push-scale", "attack");

    @Test
    void everyCommandsHelpExitsZeroAndListsEveryOptionItDeclares()
    {
        final Map<String, CommandLine> subcommands = Scorer.commandLine().getSubcommands();
        assertTrue(subcommands.keySet().containsAll(COMMANDS), "commands " + subcommands.keySet());
        for (final String name : subcommands.keySet())
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine cli = Scorer.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));

            assertEquals(0, cli.execute(name, "--help"), name + " --help: " + err);
            final String help = out.toString();
            assertTrue(help.startsWith("Usage: scorer " + name), help);
            assertTrue(help.contains("--help") && help.contains("--version"), name + ": standard help options in " + help);
            for (final CommandLine.Model.OptionSpec option : cli.getSubcommands().get(name).getCommandSpec().options())
            {
                // picocli prints a negatable --x as --[no-]x
                final String listed = option.negatable() ? option.longestName().replaceFirst("^--", "--[no-]") : option.longestName();
                assertTrue(help.contains(listed), name + " --help lists " + listed + ": " + help);
            }
            assertEquals("", err.toString(), name);
        }
    }

    @Test
    void topLevelHelpListsEveryCommand()
    {
        final StringWriter out = new StringWriter();
        final CommandLine cli = Scorer.commandLine();
        cli.setOut(new PrintWriter(out));

        assertEquals(0, cli.execute("--help"));
        for (final String name : COMMANDS)
        {
            assertTrue(out.toString().contains("  " + name + " "), name + " in " + out);
        }
    }
}
