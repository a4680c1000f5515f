package io.scoreline.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The golden files of GAME.md (testdata/golden), located through the scoreline.golden property. */
final class Golden
{
    private Golden()
    {
    }

    static Path dir(final String name)
    {
        final String root = System.getProperty("scoreline.golden", "../testdata/golden");
        return Path.of(root, name);
    }

    static byte[] bytes(final String name, final String file)
    {
        try
        {
            return Files.readAllBytes(dir(name).resolve(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(final String name, final String file)
    {
        try
        {
            return Files.readAllLines(dir(name).resolve(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits NDJSON input as the service does: on '\n', blank lines dropped, last line without '\n' kept. */
    static List<int[]> eventLines(final byte[] input)
    {
        final List<int[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++)
        {
            if (i == input.length || input[i] == '\n')
            {
                if (!EventParser.isBlank(input, start, i - start) && !(i == input.length && start == i))
                {
                    lines.add(new int[] {start, i - start});
                }
                start = i + 1;
            }
        }
        return lines;
    }
}
