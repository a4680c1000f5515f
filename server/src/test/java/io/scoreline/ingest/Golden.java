package io.scoreline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The GAME.md golden files (testdata/golden), as bytes, and helpers to compare standings. */
final class Golden
{
    private static final Pattern ENTRY = Pattern.compile("\\{\"rank\":(\\d+),\"(?:player|team)\":(\\d+),\"score\":(-?\\d+)}");

    private Golden()
    {
    }

    static Path dir(final String sample)
    {
        final String root = System.getProperty("scoreline.golden");
        if (root == null)
        {
            throw new IllegalStateException("system property scoreline.golden is not set (surefire sets it)");
        }
        return Paths.get(root, sample);
    }

    static byte[] bytes(final String sample, final String file)
    {
        try
        {
            return Files.readAllBytes(dir(sample).resolve(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static String text(final String sample, final String file)
    {
        return new String(bytes(sample, file), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The event lines of a file (GAME.md section 1: blank lines are not events), without their '\n'. */
    static List<byte[]> eventLines(final byte[] ndjson)
    {
        final List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= ndjson.length; i++)
        {
            if (i == ndjson.length || ndjson[i] == '\n')
            {
                final byte[] line = Arrays.copyOfRange(ndjson, start, i);
                if (!isBlank(line))
                {
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    static List<String> resultLines(final String sample)
    {
        final List<String> lines = new ArrayList<>(Arrays.asList(text(sample, "results.ndjson").split("\n", -1)));
        lines.remove(lines.size() - 1); // after the final '\n'
        return lines;
    }

    /** A GET /leaderboard answer turned into the standings CSV of GAME.md section 6. */
    static String toCsv(final String json, final String idColumn)
    {
        final StringBuilder csv = new StringBuilder("rank," + idColumn + ",score\n");
        final Matcher m = ENTRY.matcher(json);
        while (m.find())
        {
            csv.append(m.group(1)).append(',').append(m.group(2)).append(',').append(m.group(3)).append('\n');
        }
        return csv.toString();
    }

    private static boolean isBlank(final byte[] line)
    {
        for (final byte b : line)
        {
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }
}
