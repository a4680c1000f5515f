package io.scoreline.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the two streams GAME.md section 7 says must end in the same state: one with voids
 * inserted, and its rewrite in which each voided event is rejected (its kind made unknown, so it
 * keeps its ordinal) and each void is a full_time with the void's seq and ts.
 */
final class VoidStreams
{
    private static final Pattern MATCH_SEQ = Pattern.compile("\"seq\":(\\d{1,15})(?=[,}])");
    private static final Pattern TS = Pattern.compile("\"ts\":(\\d{1,15})(?=[,}])");
    private static final Pattern KIND = Pattern.compile("\"kind\":\"[a-z_]+\"");

    private VoidStreams()
    {
    }

    /**
     * Match-event seqs times 10, so a void can take a seq between two of them. Order and equality
     * between seqs are kept, so every event is scored as before (results echo the new seqs).
     */
    static List<String> spreadMatchSeqs(final List<String> lines)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : lines)
        {
            if (!line.contains("\"type\":\"match_event\""))
            {
                out.add(line);
                continue;
            }
            final Matcher m = MATCH_SEQ.matcher(line);
            out.add(m.find() ? line.substring(0, m.start(1)) + Long.parseLong(m.group(1)) * 10 + line.substring(m.end(1)) : line);
        }
        return out;
    }

    /** A void line. */
    static String voidLine(final long seq, final long ts, final long voids)
    {
        return "{\"type\":\"match_event\",\"seq\":" + seq + ",\"ts\":" + ts + ",\"player\":0,\"kind\":\"void\",\"voids\":" + voids + "}";
    }

    static String fullTimeLine(final long seq, final long ts)
    {
        return "{\"type\":\"match_event\",\"seq\":" + seq + ",\"ts\":" + ts + ",\"player\":0,\"kind\":\"full_time\"}";
    }

    /** The line with its kind made unknown: rejected out_of_range, at the same ordinal. */
    static String rejectedLine(final String line)
    {
        final Matcher m = KIND.matcher(line);
        if (!m.find())
        {
            throw new IllegalArgumentException("no plain kind in " + line);
        }
        return line.substring(0, m.start()) + "\"kind\":\"voided_in_test\"" + line.substring(m.end());
    }

    static long seqOf(final String line)
    {
        final Matcher m = MATCH_SEQ.matcher(line);
        if (!m.find())
        {
            throw new IllegalArgumentException("no seq in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    static long tsOf(final String line)
    {
        final Matcher m = TS.matcher(line);
        if (!m.find())
        {
            throw new IllegalArgumentException("no ts in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    /** Lines split at {@code \n} only, bytes kept (ISO-8859-1 maps each byte to one char): the sample holds bad UTF-8. */
    static List<String> readLines(final Path file) throws IOException
    {
        final String all = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        final List<String> lines = new ArrayList<>(List.of(all.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty())
        {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static void writeLines(final Path file, final List<String> lines) throws IOException
    {
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * Replays {@code lines} from {@code dir/NAME.ndjson} into {@code dir/NAME.results}, {@code .standings}
     * and {@code .teams}, with an undo log of {@code undo} committed events.
     */
    static void replay(final Path dir, final String name, final List<String> lines, final Topology topology, final int maxPlayers,
        final long undo) throws Exception
    {
        replay(dir, name, lines, topology, maxPlayers, undo, null, true);
    }

    /** {@link #replay} with the undo log mapped from {@code undoFile} (null: direct memory). */
    static void replay(final Path dir, final String name, final List<String> lines, final Topology topology, final int maxPlayers,
        final long undo, final Path undoFile) throws Exception
    {
        replay(dir, name, lines, topology, maxPlayers, undo, undoFile, true);
    }

    /** As above; {@code touchedOnly} false takes the reference path (roll back, score everything from the target). */
    static void replay(final Path dir, final String name, final List<String> lines, final Topology topology, final int maxPlayers,
        final long undo, final boolean touchedOnly) throws Exception
    {
        replay(dir, name, lines, topology, maxPlayers, undo, null, touchedOnly);
    }

    private static void replay(final Path dir, final String name, final List<String> lines, final Topology topology, final int maxPlayers,
        final long undo, final Path undoFile, final boolean touchedOnly) throws Exception
    {
        final Path input = dir.resolve(name + ".ndjson");
        writeLines(input, lines);
        new Replay()
            .input(input)
            .results(dir.resolve(name + ".results").toString())
            .standings(dir.resolve(name + ".standings").toString())
            .teams(dir.resolve(name + ".teams").toString())
            .maxPlayers(maxPlayers)
            .undoEvents(undo)
            .undoFile(undoFile)
            .touchedOnly(touchedOnly)
            .topology(topology)
            .run();
    }

    /** GAME.md 1: a line of spaces, tabs and CRs is no event and has no ordinal. */
    static boolean isBlank(final String line)
    {
        return line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r');
    }

    /** The ordinal of the event on line {@code index} (or of one inserted there). */
    static int ordinalOf(final List<String> lines, final int index)
    {
        int ordinal = 0;
        for (int i = 0; i < index; i++)
        {
            ordinal += isBlank(lines.get(i)) ? 0 : 1;
        }
        return ordinal;
    }

    /** The i-th (0-based) line holding {@code "kind":"KIND"} whose golden result is "ok", or -1. */
    static int acceptedMatchEvent(final List<String> lines, final List<String> results, final String kind, final int nth)
    {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).contains("\"type\":\"match_event\"") && lines.get(i).contains("\"kind\":\"" + kind + "\"") &&
                results.get(ordinalOf(lines, i)).contains("\"status\":\"ok\"") && seen++ == nth)
            {
                return i;
            }
        }
        return -1;
    }

    /** A seq for a void inserted before index {@code at}: above every match seq before it, below any after it that is higher. */
    static long seqBefore(final List<String> lines, final int at)
    {
        long max = 0;
        for (int i = 0; i < at; i++)
        {
            if (lines.get(i).contains("\"type\":\"match_event\"") && MATCH_SEQ.matcher(lines.get(i)).find())
            {
                max = Math.max(max, seqOf(lines.get(i)));
            }
        }
        return max + 5;
    }

    /** Standings CSV (rank,player,score) as player -> score. */
    static Map<String, String> scores(final Path standings) throws IOException
    {
        final Map<String, String> scores = new HashMap<>();
        final List<String> rows = Files.readAllLines(standings);
        for (final String row : rows.subList(1, rows.size()))
        {
            final String[] cells = row.split(",");
            scores.put(cells[1], cells[2]);
        }
        return scores;
    }

    /** GAME.md 7's C from two standings: players on one side only, or with another score. */
    static long changed(final Map<String, String> before, final Map<String, String> after)
    {
        long changed = 0;
        for (final Map.Entry<String, String> e : before.entrySet())
        {
            changed += e.getValue().equals(after.get(e.getKey())) ? 0 : 1;
        }
        for (final String player : after.keySet())
        {
            changed += before.containsKey(player) ? 0 : 1;
        }
        return changed;
    }
}
