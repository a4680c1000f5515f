package io.scoreline.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rulebook may say. The engine's code path for each rule is fixed, so each id has a fixed
 * kind and a fixed set of parameters; only their values are data. Mirrors the shipped rulebook.yaml.
 */
final class RuleSchema
{
    static final int RULE_COUNT = 47;

    private static final String ID = "id";
    private static final String NAME = "name";
    private static final String KIND = "kind";
    private static final String SHIELDABLE = "shieldable";
    private static final String CHANNEL = "channel";
    private static final List<String> CHANNELS = List.of("x", "facebook", "whatsapp", "instagram", "other");
    private static final long MAX_POINTS = 1_000_000_000L;

    /** Per rule number - 1: the name of GAME.md section 4, the kind, then the required parameters. */
    private static final String[][] RULES = {
        { "join-welcome", "first-join", "points" },
        { "daily-first", "daily-first", "points" },
        { "clue-base", "flat", "points" },
        { "clue-clean", "clean-solve", "points" },
        { "clue-speed", "speed", "points", "windowMs" },
        { "clue-perseverance", "slow-solve", "points", "minSolveMs" },
        { "clue-hint-tax", "per-hint", "points", SHIELDABLE },
        { "clue-streak-3", "streak-every", "points", "every" },
        { "clue-streak-10", "streak-reach", "points", "count" },
        { "clue-rapid", "rapid", "points", "count", "spanMs" },
        { "clue-milestone-10", "milestone", "points", "count" },
        { "clue-milestone-50", "milestone", "points", "count" },
        { "treasure-base", "flat", "points" },
        { "treasure-rarity", "per-rarity", "points" },
        { "treasure-legendary", "rarity-bonus", "points", "rarity" },
        { "treasure-first-finders", "first-finders", "first", "second", "third" },
        { "treasure-new-zone", "new-zone", "points" },
        { "treasure-zone-master", "zone-master", "points", "zones" },
        { "treasure-combo", "rapid", "points", "count", "spanMs" },
        { "treasure-milestone-10", "milestone", "points", "count" },
        { "treasure-milestone-100", "milestone", "points", "count" },
        { "checkpoint-base", "flat", "points" },
        { "checkpoint-in-order", "in-order", "points" },
        { "checkpoint-final", "final-checkpoint", "points", "checkpoint" },
        { "checkpoint-sprint", "sprint", "points", "windowMs" },
        { "quiz-correct", "quiz-correct", "points" },
        { "quiz-quick", "quiz-quick", "points", "maxAnswerMs" },
        { "quiz-wrong", "quiz-wrong", "points", SHIELDABLE },
        { "quiz-streak-5", "streak-every", "points", "every" },
        { "quiz-halftime", "halftime", "points", "windowMs" },
        { "quiz-milestone-20", "milestone", "points", "count" },
        { "prediction-payout", "payout", "divisor" },
        { "prediction-longshot", "longshot", "points", "minOdds" },
        { "prediction-hat-trick", "milestone", "points", "count" },
        { "share", "share", "points", "limit" },
        { "share-whatsapp", "share-channel", "points", "limit", CHANNEL },
        { "hint-penalty", "flat", "points", SHIELDABLE },
        { "cheat-penalty", "per-severity", "points" },
        { "cheat-freeze", "freeze", "severity", "windowMs" },
        { "golden-minute", "match-multiplier", "percent", "windowMs" },
        { "penalty-save-boost", "match-multiplier", "percent", "windowMs" },
        { "legendary-golden", "legendary-golden", "points", "rarity" },
        { "powerup-double", "powerup-multiplier", "percent" },
        { "powerup-shield", "shield" },
        { "event-cap", "event-cap", "limit" },
        { "daily-cap", "daily-cap", "limit" },
        { "team-credit", "team-credit" },
    };

    /** Inclusive ranges of the integer parameters: wide enough to tune, narrow enough that no sum overflows. */
    private static final Map<String, long[]> RANGES = new HashMap<>();

    static
    {
        range(-MAX_POINTS, MAX_POINTS, "points", "first", "second", "third");
        range(1, Integer.MAX_VALUE, "windowMs", "spanMs");
        range(1, 1_000_000, "count", "every", "limit", "divisor");
        range(1, 100_000, "percent");
        range(1, 5, "rarity");
        range(1, 64, "zones");
        range(1, 100, "checkpoint");
        range(1, 3, "severity");
        range(100, 100_000, "minOdds");
        range(0, 60_000, "maxAnswerMs");
        range(0, 86_400_000, "minSolveMs");
    }

    private RuleSchema()
    {
    }

    private static void range(final long min, final long max, final String... keys)
    {
        for (final String key : keys)
        {
            RANGES.put(key, new long[]{ min, max });
        }
    }

    /** The name GAME.md gives rule {@code number}; messages fall back on it when the file's is unusable. */
    static String canonicalName(final int number)
    {
        return RULES[number - 1][0];
    }

    static String kind(final int number)
    {
        return RULES[number - 1][1];
    }

    static String id(final int number)
    {
        return number < 10 ? "R0" + number : "R" + number;
    }

    /** Validates every entry against the schema; the first problem found is the one reported. */
    static Rule[] validate(final List<RulebookReader.Entry> entries, final String source)
    {
        final Rule[] rules = new Rule[RULE_COUNT];
        final int[] positions = new int[RULE_COUNT];
        for (final RulebookReader.Entry entry : entries)
        {
            final int number = number(entry, source);
            if (null != rules[number - 1])
            {
                throw new RulebookException(source, id(number) + " appears twice, as rule #" +
                    positions[number - 1] + " and rule #" + entry.position);
            }
            positions[number - 1] = entry.position;
            rules[number - 1] = rule(number, entry, source);
        }
        for (int number = 1; number <= RULE_COUNT; number++)
        {
            if (null == rules[number - 1])
            {
                throw new RulebookException(source, id(number) + " missing");
            }
        }
        return rules;
    }

    private static int number(final RulebookReader.Entry entry, final String source)
    {
        final String id = entry.fields.get(ID);
        if (entry.unnamedField && (null == id || id.isEmpty()))
        {
            throw new RulebookException(source, "rule #" + entry.position +
                ": YAML syntax error, a value without its \"key:\" (a missing comma?)");
        }
        if (null == id)
        {
            throw new RulebookException(source, "rule #" + entry.position + " has no id");
        }
        if (id.length() == 3 && id.charAt(0) == 'R' && isDigit(id.charAt(1)) && isDigit(id.charAt(2)))
        {
            final int number = (id.charAt(1) - '0') * 10 + (id.charAt(2) - '0');
            if (number >= 1 && number <= RULE_COUNT)
            {
                return number;
            }
        }
        throw new RulebookException(source, "rule #" + entry.position + ": unknown id " + quote(id) +
            ", expected R01.." + id(RULE_COUNT));
    }

    private static Rule rule(final int number, final RulebookReader.Entry entry, final String source)
    {
        final String[] schema = RULES[number - 1];
        final Map<String, String> fields = entry.fields;
        final String rawName = fields.get(NAME);
        final boolean nameOk = null != rawName && !rawName.isBlank() && !entry.nonScalar.contains(NAME);
        final String where = id(number) + " (" + (nameOk ? RulebookReader.clip(rawName) : schema[0]) + "): ";

        if (entry.unnamedField)
        {
            throw new RulebookException(source, where + "a field has no name (a value without its \"key:\"?)");
        }
        if (null != entry.duplicateField)
        {
            throw new RulebookException(source, where + entry.duplicateField + " appears twice");
        }
        if (null == rawName)
        {
            throw new RulebookException(source, where + "name missing");
        }
        if (!nameOk)
        {
            throw new RulebookException(source, where + "name must be a non-empty string, got " + quote(rawName));
        }

        final String kind = schema[1];
        final String rawKind = fields.get(KIND);
        if (null == rawKind)
        {
            throw new RulebookException(source, where + "kind missing, expected " + kind);
        }
        if (!kind.equals(rawKind))
        {
            throw new RulebookException(source, where + "kind must be " + kind + ", got " + quote(rawKind));
        }

        final List<String> params = params(schema);
        for (final String field : fields.keySet())
        {
            if (!ID.equals(field) && !NAME.equals(field) && !KIND.equals(field) && !params.contains(field))
            {
                throw new RulebookException(source, where + "unknown field " + quote(field) + " (" + kind +
                    (params.isEmpty() ? " takes no parameters)" : " takes " + String.join(", ", params) + ")"));
            }
        }

        final Map<String, Long> ints = new HashMap<>();
        final Map<String, Boolean> flags = new HashMap<>();
        final Map<String, String> texts = new HashMap<>();
        for (final String key : params)
        {
            final String raw = fields.get(key);
            if (null == raw)
            {
                throw new RulebookException(source, where + key + " missing");
            }
            if (SHIELDABLE.equals(key))
            {
                if (!"true".equals(raw) && !"false".equals(raw))
                {
                    throw new RulebookException(source, where + key + " must be true or false, got " + quote(raw));
                }
                flags.put(key, Boolean.valueOf(raw));
            }
            else if (CHANNEL.equals(key))
            {
                if (!CHANNELS.contains(raw))
                {
                    throw new RulebookException(source, where + key + " must be one of " +
                        String.join(", ", CHANNELS) + ", got " + quote(raw));
                }
                texts.put(key, raw);
            }
            else
            {
                ints.put(key, integer(key, raw, where, source));
            }
        }
        return new Rule(id(number), number, rawName, kind, ints, flags, texts);
    }

    private static long integer(final String key, final String raw, final String where, final String source)
    {
        final long[] range = RANGES.get(key);
        final long value = parseLong(raw);
        if (value == Long.MIN_VALUE || value < range[0] || value > range[1])
        {
            throw new RulebookException(source, where + key + " must be an integer in " +
                range[0] + ".." + range[1] + ", got " + quote(raw));
        }
        return value;
    }

    /** Plain decimal only (no 0x, no 1e3, no 1.0): what a designer types. Long.MIN_VALUE when not one. */
    private static long parseLong(final String text)
    {
        final int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() == start || text.length() - start > 18)
        {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = start; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!isDigit(c))
            {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return text.charAt(0) == '-' ? -value : value;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static List<String> params(final String[] schema)
    {
        return List.of(schema).subList(2, schema.length);
    }

    private static String quote(final String raw)
    {
        return '"' + RulebookReader.clip(raw) + '"';
    }
}
