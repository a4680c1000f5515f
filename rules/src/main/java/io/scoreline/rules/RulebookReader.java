package io.scoreline.rules;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.BracketType;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.YamlWire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rulebook's YAML with Chronicle Wire into raw entries: each rule's fields as the text
 * written, so that {@link RuleSchema} can quote exactly what was wrong. Either flow style
 * ({@code rules: [ { id: R01, ... } ]}) or block style ({@code rules:} then {@code - id: R01}) reads.
 */
final class RulebookReader
{
    static final String RULES = "rules";

    private RulebookReader()
    {
    }

    /** One item of the rules sequence, fields in file order. */
    static final class Entry
    {
        final int position;
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String> nonScalar = new ArrayList<>();
        String duplicateField;
        boolean unnamedField;

        Entry(final int position)
        {
            this.position = position;
        }

        void put(final String field, final String text, final boolean scalar)
        {
            if (field.isEmpty())
            {
                unnamedField = true;
            }
            else if (null != fields.putIfAbsent(field, text))
            {
                if (null == duplicateField)
                {
                    duplicateField = field;
                }
            }
            else if (!scalar)
            {
                nonScalar.add(field);
            }
        }
    }

    static List<Entry> read(final String text, final String source)
    {
        final List<Entry> entries = new ArrayList<>();
        // UTF-8 bytes, as a file holds them: Bytes.from(String) keeps only 8 bits of each char.
        final byte[] yaml = text.getBytes(StandardCharsets.UTF_8);
        final Bytes<?> bytes = Bytes.wrapForRead(yaml);
        boolean sawRules = false;
        try
        {
            final YamlWire wire = new YamlWire(bytes).useTextDocuments();
            final StringBuilder key = new StringBuilder();
            while (wire.isNotEmptyAfterPadding())
            {
                final ValueIn value = wire.read(key);
                if (key.length() == 0)
                {
                    throw syntaxError(source, yaml, bytes.readPosition(), "",
                        sawRules ? "text after the end of the rules sequence" : "expected \"" + RULES + ":\"");
                }
                if (!RULES.contentEquals(key))
                {
                    throw new RulebookException(
                        source, "unknown top-level field \"" + clip(key) + "\", expected only " + RULES);
                }
                if (sawRules)
                {
                    throw new RulebookException(source, RULES + " appears twice");
                }
                sawRules = true;
                if (value.getBracketType() != BracketType.SEQ)
                {
                    throw new RulebookException(source, RULES + " must be a sequence of rules");
                }
                value.sequence(entries, (list, in) -> readItems(list, in, yaml, bytes, source));
            }
        }
        catch (final RulebookException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw syntaxError(source, yaml, bytes.readPosition(), "", describe(ex));
        }

        if (!sawRules)
        {
            throw new RulebookException(source, "empty, expected \"" + RULES + ":\" with the 47 rules");
        }
        return entries;
    }

    private static void readItems(
        final List<Entry> entries, final ValueIn in, final byte[] yaml, final Bytes<?> bytes, final String source)
    {
        while (in.hasNextSequenceItem())
        {
            final Entry entry = new Entry(entries.size() + 1);
            entries.add(entry);
            // The tokeniser has just read the item's first token: the best line to blame for a broken item.
            final long itemPosition = bytes.readPosition();
            try
            {
                in.marshallable((WireIn map) -> readFields(map, entry));
            }
            catch (final RuntimeException ex)
            {
                throw syntaxError(
                    source, yaml, itemPosition, " in rule #" + entry.position + afterId(entries), describe(ex));
            }
        }
    }

    private static void readFields(final WireIn map, final Entry entry)
    {
        final StringBuilder key = new StringBuilder();
        while (map.isNotEmptyAfterPadding())
        {
            final ValueIn value = map.read(key);
            final boolean scalar = value.getBracketType() == BracketType.NONE;
            final String text = scalar ? value.text() : String.valueOf(value.object());
            entry.put(key.toString(), null == text ? "" : text, scalar);
        }
    }

    /** Where a broken item sits, for a reader scanning the file: the id of the rule before it. */
    private static String afterId(final List<Entry> entries)
    {
        if (entries.size() < 2)
        {
            return "";
        }
        final String previous = entries.get(entries.size() - 2).fields.get("id");
        return null == previous ? "" : " (after " + clip(previous) + ")";
    }

    private static RulebookException syntaxError(
        final String source, final byte[] yaml, final long position, final String where, final String detail)
    {
        final String near = "YAML syntax error near line " + line(yaml, position);
        return new RulebookException(source, near + where + ": " + detail);
    }

    /** The line the tokeniser had reached: where the fault is, or just after it. */
    private static int line(final byte[] yaml, final long position)
    {
        final int end = (int)Math.min(yaml.length, Math.max(0, position));
        int line = 1;
        for (int i = 0; i < end; i++)
        {
            if (yaml[i] == '\n')
            {
                line++;
            }
        }
        return line;
    }

    private static String describe(final RuntimeException ex)
    {
        if (ex instanceof ClassCastException)
        {
            // Chronicle's way of saying a scalar or list stood where a map of fields was expected.
            return "expected a map of fields such as { id: R01, name: ..., kind: ... }";
        }
        final String message = ex.getMessage();
        if (null == message || message.isBlank())
        {
            return ex.getClass().getSimpleName();
        }
        final int eol = message.indexOf('\n');
        return clip(eol < 0 ? message.trim() : message.substring(0, eol).trim());
    }

    /** Keeps quoted values from the file short enough for a one-line message. */
    static String clip(final CharSequence text)
    {
        final int max = 60;
        return text.length() <= max ? text.toString() : text.subSequence(0, max) + "...";
    }
}
