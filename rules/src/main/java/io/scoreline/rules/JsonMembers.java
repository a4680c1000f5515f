package io.scoreline.rules;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level members of one JSON object, read with the events' own scanner ({@link JsonScanner}):
 * strings become {@link String}, integers in the signed 64-bit range {@link Long}, every other
 * value (checked, not kept) {@link #OTHER}. For rare control messages such as push subscriptions;
 * it allocates.
 */
public final class JsonMembers
{
    /** The value of a member that is neither a string nor an integer that fits a long. */
    public static final Object OTHER = new Object();

    private JsonMembers()
    {
    }

    /** @throws IllegalArgumentException if {@code json} is not one JSON object, or repeats a key (the message says where). */
    public static Map<String, Object> read(final byte[] json)
    {
        final int end = json.length;
        final JsonScanner scanner = new JsonScanner(end);
        int pos = JsonScanner.skipWhitespace(json, 0, end);
        if (pos >= end || json[pos] != '{')
        {
            throw new IllegalArgumentException("expected '{'");
        }
        final Map<String, Object> members = new HashMap<>();
        pos = JsonScanner.skipWhitespace(json, pos + 1, end);
        if (pos < end && json[pos] == '}')
        {
            pos++;
        }
        else
        {
            while (true)
            {
                if (pos >= end || json[pos] != '"')
                {
                    throw new IllegalArgumentException("expected a key at " + pos);
                }
                scanner.reset();
                pos = check(scanner.scanString(json, pos, end), pos);
                final String key = new String(scanner.scratch, scanner.stringStart, scanner.stringLength, StandardCharsets.UTF_8);
                pos = JsonScanner.skipWhitespace(json, pos, end);
                if (pos >= end || json[pos] != ':')
                {
                    throw new IllegalArgumentException("expected ':' at " + pos);
                }
                pos = JsonScanner.skipWhitespace(json, pos + 1, end);
                if (pos >= end)
                {
                    throw new IllegalArgumentException("expected a value at " + pos);
                }
                scanner.reset();
                pos = check(scanner.scanValue(json, pos, end), pos);
                if (members.put(key, value(scanner)) != null)
                {
                    throw new IllegalArgumentException("repeated key " + key);
                }
                pos = JsonScanner.skipWhitespace(json, pos, end);
                if (pos < end && json[pos] == ',')
                {
                    pos = JsonScanner.skipWhitespace(json, pos + 1, end);
                    continue;
                }
                if (pos >= end || json[pos] != '}')
                {
                    throw new IllegalArgumentException("expected '}' at " + pos);
                }
                pos++;
                break;
            }
        }
        if (JsonScanner.skipWhitespace(json, pos, end) != end)
        {
            throw new IllegalArgumentException("text after the object");
        }
        return members;
    }

    private static int check(final int next, final int at)
    {
        if (next == JsonScanner.FAIL)
        {
            throw new IllegalArgumentException("not JSON at " + at);
        }
        return next;
    }

    private static Object value(final JsonScanner scanner)
    {
        if (scanner.valueKind == JsonScanner.STRING)
        {
            return new String(scanner.scratch, scanner.stringStart, scanner.stringLength, StandardCharsets.UTF_8);
        }
        if (scanner.valueKind == JsonScanner.INTEGER && !scanner.integerOutOfRange)
        {
            return scanner.integerValue;
        }
        return OTHER;
    }
}
