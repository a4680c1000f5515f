package io.scoreline.push;

import java.util.HashMap;
import java.util.Map;

/**
 * One control message of {@code /push}, parsed and checked (SERVICE.md "Push"):
 * {@code {"subscribe":"player","player":ID}}, {@code {"subscribe":"top","limit":N}} (1..100),
 * {@code {"subscribe":"players","shard":K,"of":N}} (0 <= K < N <= 1024),
 * {@code {"subscribe":"stats"}} (extension), and the matching {@code unsubscribe}s. Other keys
 * are ignored. Control messages are rare and never events: parsing may allocate.
 */
final class PushControl
{
    static final int MAX_TOP_LIMIT = 100;

    /** What a message subscribes to, by its wire name. */
    enum Kind
    {
        PLAYER("player"), PLAYERS("players"), TOP("top"), STATS("stats");

        final String wire;

        Kind(final String wire)
        {
            this.wire = wire;
        }

        /** @return the kind of this wire name, or null */
        static Kind named(final String wire)
        {
            for (final Kind kind : values())
            {
                if (kind.wire.equals(wire))
                {
                    return kind;
                }
            }
            return null;
        }
    }

    final boolean subscribe;
    final Kind kind;
    final long player;
    final int limit;
    /** Shard subscriptions ({@link Kind#PLAYERS}): the shard K and the count N of shards. */
    final int shard;
    final int of;
    /** Why the message is refused, or null. */
    final String error;

    private PushControl(final boolean subscribe, final Kind kind, final long player, final int limit, final String error)
    {
        this(subscribe, kind, player, limit, 0, 0, error);
    }

    private PushControl(
        final boolean subscribe, final Kind kind, final long player, final int limit, final int shard, final int of,
        final String error)
    {
        this.subscribe = subscribe;
        this.kind = kind;
        this.player = player;
        this.limit = limit;
        this.shard = shard;
        this.of = of;
        this.error = error;
    }

    private static PushControl error(final String message)
    {
        return new PushControl(false, null, 0, 0, message);
    }

    static PushControl parse(final String text)
    {
        final Map<String, Object> fields;
        try
        {
            fields = new Parser(text).document();
        }
        catch (final IllegalArgumentException e)
        {
            return error("not a JSON object: " + e.getMessage());
        }
        final Object sub = fields.get("subscribe");
        final Object unsub = fields.get("unsubscribe");
        if ((sub == null) == (unsub == null))
        {
            return error("expected one of \"subscribe\" or \"unsubscribe\"");
        }
        final boolean subscribe = sub != null;
        final Object kindValue = subscribe ? sub : unsub;
        if (!(kindValue instanceof String))
        {
            return error("subscription kind must be a string: player, players, top or stats");
        }
        final String name = (String)kindValue;
        final Kind kind = Kind.named(name);
        if (kind == null)
        {
            return error("unknown subscription kind: " + (name.length() > 40 ? name.substring(0, 40) + "..." : name));
        }
        switch (kind)
        {
            case PLAYER:
            {
                final Object id = fields.get("player");
                if (!(id instanceof Long) || (Long)id < 1)
                {
                    return error("player must be an integer 1..2^63-1");
                }
                return new PushControl(subscribe, Kind.PLAYER, (Long)id, 0, null);
            }
            case TOP:
            {
                if (!subscribe)
                {
                    return new PushControl(false, Kind.TOP, 0, 0, null);
                }
                final Object limit = fields.get("limit");
                if (!(limit instanceof Long) || (Long)limit < 1 || (Long)limit > MAX_TOP_LIMIT)
                {
                    return error("limit must be an integer 1.." + MAX_TOP_LIMIT);
                }
                return new PushControl(true, Kind.TOP, 0, (int)(long)(Long)limit, null);
            }
            case PLAYERS:
            {
                final Object of = fields.get("of");
                if (!(of instanceof Long) || (Long)of < 1 || (Long)of > PushShards.MAX_OF)
                {
                    return error("of must be an integer 1.." + PushShards.MAX_OF);
                }
                final Object shard = fields.get("shard");
                if (!(shard instanceof Long) || (Long)shard < 0 || (Long)shard >= (Long)of)
                {
                    return error("shard must be an integer 0..of-1");
                }
                return new PushControl(subscribe, Kind.PLAYERS, 0, 0, (int)(long)(Long)shard, (int)(long)(Long)of, null);
            }
            case STATS:
            default:
                return new PushControl(subscribe, Kind.STATS, 0, 0, null);
        }
    }

    /**
     * A strict little JSON reader: the top level must be an object; integers that fit a long become
     * {@link Long}, strings {@link String}, other values a marker (their content is not needed).
     */
    private static final class Parser
    {
        private static final Object OTHER = new Object();

        private final String s;
        private int i;

        Parser(final String s)
        {
            this.s = s;
        }

        Map<String, Object> document()
        {
            skipSpace();
            if (peek() != '{')
            {
                throw new IllegalArgumentException("expected '{'");
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> object = (Map<String, Object>)value(0);
            skipSpace();
            if (i != s.length())
            {
                throw new IllegalArgumentException("text after the object");
            }
            return object;
        }

        private Object value(final int depth)
        {
            if (depth > 32)
            {
                throw new IllegalArgumentException("nested too deep");
            }
            skipSpace();
            final char c = peek();
            if (c == '{')
            {
                i++;
                final Map<String, Object> object = new HashMap<>();
                skipSpace();
                if (peek() == '}')
                {
                    i++;
                    return object;
                }
                while (true)
                {
                    skipSpace();
                    if (peek() != '"')
                    {
                        throw new IllegalArgumentException("expected a key at " + i);
                    }
                    final String key = string();
                    skipSpace();
                    expect(':');
                    if (object.put(key, value(depth + 1)) != null)
                    {
                        throw new IllegalArgumentException("repeated key " + key);
                    }
                    skipSpace();
                    if (peek() == ',')
                    {
                        i++;
                        continue;
                    }
                    expect('}');
                    return object;
                }
            }
            if (c == '[')
            {
                i++;
                skipSpace();
                if (peek() == ']')
                {
                    i++;
                    return OTHER;
                }
                while (true)
                {
                    value(depth + 1);
                    skipSpace();
                    if (peek() == ',')
                    {
                        i++;
                        continue;
                    }
                    expect(']');
                    return OTHER;
                }
            }
            if (c == '"')
            {
                return string();
            }
            if (c == '-' || (c >= '0' && c <= '9'))
            {
                return number();
            }
            if (s.startsWith("true", i) || s.startsWith("null", i))
            {
                i += 4;
                return OTHER;
            }
            if (s.startsWith("false", i))
            {
                i += 5;
                return OTHER;
            }
            throw new IllegalArgumentException("unexpected character at " + i);
        }

        private Object number()
        {
            final int start = i;
            if (peek() == '-')
            {
                i++;
            }
            if (peek() == '0')
            {
                i++;
            }
            else if (peek() >= '1' && peek() <= '9')
            {
                while (peek() >= '0' && peek() <= '9')
                {
                    i++;
                }
            }
            else
            {
                throw new IllegalArgumentException("bad number at " + start);
            }
            boolean integer = true;
            if (peek() == '.')
            {
                integer = false;
                i++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E')
            {
                integer = false;
                i++;
                if (peek() == '+' || peek() == '-')
                {
                    i++;
                }
                digits();
            }
            if (!integer)
            {
                return OTHER;
            }
            try
            {
                return Long.parseLong(s.substring(start, i));
            }
            catch (final NumberFormatException e)
            {
                return OTHER; // out of the long range: not a valid id or limit
            }
        }

        private void digits()
        {
            if (!(peek() >= '0' && peek() <= '9'))
            {
                throw new IllegalArgumentException("bad number at " + i);
            }
            while (peek() >= '0' && peek() <= '9')
            {
                i++;
            }
        }

        private String string()
        {
            expect('"');
            final StringBuilder out = new StringBuilder();
            while (true)
            {
                if (i >= s.length())
                {
                    throw new IllegalArgumentException("unterminated string");
                }
                final char c = s.charAt(i++);
                if (c == '"')
                {
                    return out.toString();
                }
                if (c < 0x20)
                {
                    throw new IllegalArgumentException("control character in a string");
                }
                if (c != '\\')
                {
                    out.append(c);
                    continue;
                }
                if (i >= s.length())
                {
                    throw new IllegalArgumentException("unterminated string");
                }
                final char e = s.charAt(i++);
                switch (e)
                {
                    case '"': case '\\': case '/': out.append(e); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length())
                        {
                            throw new IllegalArgumentException("bad escape");
                        }
                        try
                        {
                            out.append((char)Integer.parseInt(s.substring(i, i + 4), 16));
                        }
                        catch (final NumberFormatException ex)
                        {
                            throw new IllegalArgumentException("bad escape");
                        }
                        i += 4;
                        break;
                    default:
                        throw new IllegalArgumentException("bad escape");
                }
            }
        }

        private void expect(final char c)
        {
            if (peek() != c)
            {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private char peek()
        {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void skipSpace()
        {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r'))
            {
                i++;
            }
        }
    }
}
