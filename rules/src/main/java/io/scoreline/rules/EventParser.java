package io.scoreline.rules;

import static io.scoreline.rules.EventField.ANSWER_MS;
import static io.scoreline.rules.EventField.CHANNEL;
import static io.scoreline.rules.EventField.CHECKPOINT;
import static io.scoreline.rules.EventField.CLUE;
import static io.scoreline.rules.EventField.CORRECT;
import static io.scoreline.rules.EventField.DURATION_MS;
import static io.scoreline.rules.EventField.HINTS;
import static io.scoreline.rules.EventField.KIND;
import static io.scoreline.rules.EventField.ODDS;
import static io.scoreline.rules.EventField.PLAYER;
import static io.scoreline.rules.EventField.QUIZ;
import static io.scoreline.rules.EventField.RARITY;
import static io.scoreline.rules.EventField.SEQ;
import static io.scoreline.rules.EventField.SEVERITY;
import static io.scoreline.rules.EventField.SOLVE_MS;
import static io.scoreline.rules.EventField.STAKE;
import static io.scoreline.rules.EventField.TEAM;
import static io.scoreline.rules.EventField.TREASURE;
import static io.scoreline.rules.EventField.TS;
import static io.scoreline.rules.EventField.TYPE;
import static io.scoreline.rules.EventField.VOIDS;
import static io.scoreline.rules.EventField.ZONE;

/**
 * Parses one event line into a {@link GameEvent} and applies GAME.md 1.2 checks 1-3, allocation-free.
 * <p>
 * Pass 1 validates the whole line as JSON and captures the top-level values of the known fields; pass 2 checks the
 * captured fields in the order of GAME.md 1.1, so validation never depends on field order. Not thread-safe: one
 * parser per thread.
 * <p>
 * Pass 1 has fast paths for the common shapes (a known key written plainly, a small positive integer, plain ASCII
 * strings 8 bytes at a time); anything else falls back to the general scanner, which reaches the same verdict.
 */
public final class EventParser
{
    private static final long MAX_TS = 253_402_300_799_999L;
    private static final long MAX_STAKE = 1_000_000_000_000_000L;

    /** Indexed by {@link EventType} code - 1. */
    private static final NameTable TYPE_NAMES = new NameTable(
        "join", "clue_solved", "hint_used", "treasure_found", "checkpoint", "quiz_answer", "prediction_won", "share",
        "powerup", "cheat_flag", "match_event");
    /** Indexed by {@link GameEvent.Channel} constant - 1, and so on for the kinds. */
    private static final NameTable CHANNELS = new NameTable("x", "facebook", "whatsapp", "instagram", "other");
    private static final NameTable POWERUP_KINDS = new NameTable("double", "shield");
    private static final NameTable MATCH_KINDS = new NameTable("goal", "penalty_saved", "half_time", "full_time", "void");

    private final JsonScanner scanner = new JsonScanner(GameEvent.MAX_LINE_BYTES);
    private final TopLevelKeys otherKeys = new TopLevelKeys();

    /** Known fields seen at top level: bit i for {@link EventField} i. */
    private int present;
    private final byte[] kinds = new byte[EventField.COUNT];
    private final long[] values = new long[EventField.COUNT];
    private final boolean[] outOfInt64 = new boolean[EventField.COUNT];
    private final int[] stringStarts = new int[EventField.COUNT];
    private final int[] stringLengths = new int[EventField.COUNT];

    public EventParser()
    {
    }

    /**
     * Parses one event line (the bytes between NDJSON separators, blank lines already skipped by the caller).
     * {@code length} is the line's true length and may exceed the bytes provided: a ring slot keeps only the first
     * {@link GameEvent#MAX_LINE_BYTES} + 1 bytes, and a longer line is too_large without being read.
     * Overwrites every field of {@code out}.
     */
    public void parse(final byte[] buffer, final int offset, final int length, final GameEvent out)
    {
        out.clear();
        if (length > GameEvent.MAX_LINE_BYTES)
        {
            out.error = ErrorCode.TOO_LARGE;
            return;
        }
        if (!scanObject(buffer, offset, offset + length))
        {
            out.error = ErrorCode.MALFORMED;
            return;
        }
        checkFields(out);
    }

    /** True if the line is blank per GAME.md 1: zero or more spaces, tabs or {@code \r}. All bytes must be given. */
    public static boolean isBlank(final byte[] buffer, final int offset, final int length)
    {
        for (int i = offset, end = offset + length; i < end; i++)
        {
            if (!isBlankByte(buffer[i]))
            {
                return false;
            }
        }
        return true;
    }

    /** A byte a blank line may hold (GAME.md 1): space, tab or {@code \r}. The one definition, for every line splitter. */
    public static boolean isBlankByte(final byte c)
    {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** Pass 1: the line must be exactly one JSON object, surrounded by whitespace only, with no repeated key. */
    private boolean scanObject(final byte[] b, final int offset, final int end)
    {
        final JsonScanner scanner = this.scanner;
        scanner.reset();
        otherKeys.clear();
        present = 0;

        int pos = JsonScanner.skipWhitespace(b, offset, end);
        if (pos >= end || b[pos] != '{')
        {
            return false;
        }
        pos = JsonScanner.skipWhitespace(b, pos + 1, end);
        if (pos >= end)
        {
            return false;
        }
        if (b[pos] != '}')
        {
            while (true)
            {
                if (b[pos] != '"')
                {
                    return false;
                }
                // Nearly every key is a known name written plainly: matched from one word of the line with no copy
                // into scratch. Anything else (escapes, other keys, a key among the line's last bytes) is scanned.
                final int plainKey = pos + 9 <= end ?
                    EventField.matchPlain((long)JsonScanner.LONGS.get(b, pos + 1), b, pos + 1, end) : -1;
                final int field;
                if (plainKey >= 0)
                {
                    field = plainKey & 0xFF;
                    pos += 2 + (plainKey >>> 8);
                }
                else if ((pos = scanner.scanString(b, pos, end)) == JsonScanner.FAIL)
                {
                    return false;
                }
                else
                {
                    field = EventField.lookup(scanner.scratch, scanner.stringStart, scanner.stringLength);
                }
                if (field >= 0)
                {
                    final int bit = 1 << field;
                    if ((present & bit) != 0)
                    {
                        return false;
                    }
                    present |= bit;
                }
                else
                {
                    // Known and other keys can never be equal, so only the others need the set.
                    if (!otherKeys.add(scanner.scratch, scanner.stringStart, scanner.stringLength))
                    {
                        return false;
                    }
                    scanner.keepString();
                }

                pos = JsonScanner.skipWhitespace(b, pos, end);
                if (pos >= end || b[pos] != ':')
                {
                    return false;
                }
                pos = JsonScanner.skipWhitespace(b, pos + 1, end);
                if (pos >= end)
                {
                    return false;
                }
                if (field >= 0)
                {
                    // Most known values are small positive integers, parsed and captured without the scanner.
                    final int integerEnd = scanPlainInteger(field, b, pos, end);
                    pos = integerEnd != JsonScanner.FAIL ? integerEnd : scanKnownValue(field, b, pos, end);
                }
                else
                {
                    pos = scanValue(b, pos, end);
                }
                if (pos == JsonScanner.FAIL)
                {
                    return false;
                }

                pos = JsonScanner.skipWhitespace(b, pos, end);
                if (pos >= end)
                {
                    return false;
                }
                if (b[pos] == '}')
                {
                    break;
                }
                if (b[pos] != ',')
                {
                    return false;
                }
                pos = JsonScanner.skipWhitespace(b, pos + 1, end);
                if (pos >= end)
                {
                    return false;
                }
            }
        }
        return JsonScanner.skipWhitespace(b, pos + 1, end) == end;
    }

    /**
     * A member's value: strings and numbers, nearly every value of an event, are dispatched here so that their fast
     * paths inline into the member loop; the scanner's general switch takes the rest.
     */
    private int scanValue(final byte[] b, final int pos, final int end)
    {
        final JsonScanner scanner = this.scanner;
        final byte c = b[pos];
        if (c == '"')
        {
            scanner.valueKind = JsonScanner.STRING;
            return scanner.scanString(b, pos, end);
        }
        if ((c >= '0' && c <= '9') || c == '-')
        {
            return scanner.scanNumber(b, pos, end);
        }
        return scanner.scanValue(b, pos, end);
    }

    /** A known field's value other than a plain integer, captured for pass 2. */
    private int scanKnownValue(final int field, final byte[] b, final int pos, final int end)
    {
        final int valueEnd = scanValue(b, pos, end);
        if (valueEnd != JsonScanner.FAIL)
        {
            capture(field);
        }
        return valueEnd;
    }

    /**
     * The common number: a positive integer of up to 18 digits (never beyond a long), parsed and captured in place.
     * @return the position after it, or FAIL for any other value, which the general path then scans.
     */
    private int scanPlainInteger(final int field, final byte[] b, final int pos, final int end)
    {
        final int first = b[pos] - '0';
        if (first < 1 || first > 9)
        {
            return JsonScanner.FAIL;
        }
        long value = first;
        int p = pos + 1;
        int digit;
        while (p < end && (digit = b[p] - '0') >= 0 && digit <= 9)
        {
            value = value * 10 + digit;
            p++;
        }
        if (p - pos > JsonScanner.MAX_SAFE_DIGITS || (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')))
        {
            return JsonScanner.FAIL;
        }
        kinds[field] = JsonScanner.INTEGER;
        values[field] = value;
        outOfInt64[field] = false;
        return p;
    }

    private void capture(final int field)
    {
        final JsonScanner scanner = this.scanner;
        final byte kind = scanner.valueKind;
        kinds[field] = kind;
        if (kind == JsonScanner.INTEGER)
        {
            values[field] = scanner.integerValue;
            outOfInt64[field] = scanner.integerOutOfRange;
        }
        else if (kind == JsonScanner.STRING)
        {
            stringStarts[field] = scanner.stringStart;
            stringLengths[field] = scanner.stringLength;
            scanner.keepString();
        }
    }

    /** Pass 2: GAME.md 1.2 check 3 field by field, and the seq/player echo of GAME.md 5. */
    private void checkFields(final GameEvent out)
    {
        byte error = ErrorCode.NONE;
        byte type = EventType.NONE;
        if (!isPresent(TYPE))
        {
            error = ErrorCode.MISSING_FIELD;
        }
        else if (kinds[TYPE] != JsonScanner.STRING)
        {
            error = ErrorCode.BAD_TYPE;
        }
        else
        {
            type = (byte)(1 + TYPE_NAMES.lookup(scanner.scratch, stringStarts[TYPE], stringLengths[TYPE]));
            if (type == EventType.NONE)
            {
                error = ErrorCode.UNKNOWN_TYPE;
            }
        }
        out.type = type;

        // A match_event's player is 0; any other or unusable type is checked as a player event.
        final boolean matchFeed = type == EventType.MATCH_EVENT;
        final long minPlayer = matchFeed ? 0 : 1;
        final long maxPlayer = matchFeed ? 0 : Long.MAX_VALUE;
        final byte seqError = checkInteger(SEQ, 1, Long.MAX_VALUE);
        if (seqError == ErrorCode.NONE)
        {
            out.seqKnown = true;
            out.seq = values[SEQ];
        }
        final byte playerError = checkInteger(PLAYER, minPlayer, maxPlayer);
        if (playerError == ErrorCode.NONE)
        {
            out.playerKnown = true;
            out.player = values[PLAYER];
        }

        if (error == ErrorCode.NONE)
        {
            error = seqError;
        }
        if (error == ErrorCode.NONE)
        {
            error = checkInteger(TS, 0, MAX_TS);
        }
        if (error == ErrorCode.NONE)
        {
            error = playerError;
        }
        if (error == ErrorCode.NONE && !matchFeed)
        {
            error = checkInteger(TEAM, 0, 65535);
        }
        if (error == ErrorCode.NONE)
        {
            error = checkOwnFields(type, out);
        }
        if (error == ErrorCode.NONE)
        {
            out.ts = values[TS];
            out.team = matchFeed ? 0 : (int)values[TEAM];
        }
        out.error = error;
    }

    /** The type's own fields in GAME.md 1.1 order; on success they are copied into {@code out}. */
    private byte checkOwnFields(final byte type, final GameEvent out)
    {
        byte error;
        switch (type)
        {
            case EventType.CLUE_SOLVED:
                if ((error = checkInteger(CLUE, 1, Integer.MAX_VALUE)) != ErrorCode.NONE ||
                    (error = checkInteger(SOLVE_MS, 0, 86_400_000)) != ErrorCode.NONE ||
                    (error = checkInteger(HINTS, 0, 10)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.clue = (int)values[CLUE];
                out.solveMs = (int)values[SOLVE_MS];
                out.hints = (int)values[HINTS];
                return ErrorCode.NONE;
            case EventType.HINT_USED:
                if ((error = checkInteger(CLUE, 1, Integer.MAX_VALUE)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.clue = (int)values[CLUE];
                return ErrorCode.NONE;
            case EventType.TREASURE_FOUND:
                if ((error = checkInteger(TREASURE, 1, 1_000_000)) != ErrorCode.NONE ||
                    (error = checkInteger(RARITY, 1, 5)) != ErrorCode.NONE ||
                    (error = checkInteger(ZONE, 1, 64)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.treasure = (int)values[TREASURE];
                out.rarity = (int)values[RARITY];
                out.zone = (int)values[ZONE];
                return ErrorCode.NONE;
            case EventType.CHECKPOINT:
                if ((error = checkInteger(CHECKPOINT, 1, 100)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.checkpoint = (int)values[CHECKPOINT];
                return ErrorCode.NONE;
            case EventType.QUIZ_ANSWER:
                if ((error = checkInteger(QUIZ, 1, Integer.MAX_VALUE)) != ErrorCode.NONE ||
                    (error = checkBoolean(CORRECT)) != ErrorCode.NONE ||
                    (error = checkInteger(ANSWER_MS, 0, 60_000)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.quiz = (int)values[QUIZ];
                out.correct = kinds[CORRECT] == JsonScanner.TRUE;
                out.answerMs = (int)values[ANSWER_MS];
                return ErrorCode.NONE;
            case EventType.PREDICTION_WON:
                if ((error = checkInteger(STAKE, 1, MAX_STAKE)) != ErrorCode.NONE ||
                    (error = checkInteger(ODDS, 100, 100_000)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.stake = values[STAKE];
                out.odds = (int)values[ODDS];
                return ErrorCode.NONE;
            case EventType.SHARE:
                if ((error = checkString(CHANNEL)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.channel = oneOf(CHANNELS, CHANNEL);
                return out.channel == 0 ? ErrorCode.OUT_OF_RANGE : ErrorCode.NONE;
            case EventType.POWERUP:
                if ((error = checkString(KIND)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.kind = oneOf(POWERUP_KINDS, KIND);
                if (out.kind == 0)
                {
                    return ErrorCode.OUT_OF_RANGE;
                }
                if ((error = checkInteger(DURATION_MS, 1000, 600_000)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.durationMs = (int)values[DURATION_MS];
                return ErrorCode.NONE;
            case EventType.CHEAT_FLAG:
                if ((error = checkInteger(SEVERITY, 1, 3)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.severity = (int)values[SEVERITY];
                return ErrorCode.NONE;
            case EventType.MATCH_EVENT:
                if ((error = checkString(KIND)) != ErrorCode.NONE)
                {
                    return error;
                }
                out.kind = oneOf(MATCH_KINDS, KIND);
                if (out.kind == 0)
                {
                    return ErrorCode.OUT_OF_RANGE;
                }
                if (out.kind == GameEvent.MatchKind.VOID)
                {
                    // GAME.md 1.1: a void's target, checked after kind and only for a void.
                    if ((error = checkInteger(VOIDS, 1, Long.MAX_VALUE)) != ErrorCode.NONE)
                    {
                        return error;
                    }
                    out.voids = values[VOIDS];
                }
                return ErrorCode.NONE;
            default:
                return ErrorCode.NONE;
        }
    }

    private boolean isPresent(final int field)
    {
        return (present & (1 << field)) != 0;
    }

    /** Absent, wrong JSON type (null and non-integer numbers included), then range (beyond 64 bits included). */
    private byte checkInteger(final int field, final long min, final long max)
    {
        if (!isPresent(field))
        {
            return ErrorCode.MISSING_FIELD;
        }
        if (kinds[field] != JsonScanner.INTEGER)
        {
            return ErrorCode.BAD_TYPE;
        }
        final long value = values[field];
        return outOfInt64[field] || value < min || value > max ? ErrorCode.OUT_OF_RANGE : ErrorCode.NONE;
    }

    private byte checkBoolean(final int field)
    {
        if (!isPresent(field))
        {
            return ErrorCode.MISSING_FIELD;
        }
        final byte kind = kinds[field];
        return kind == JsonScanner.TRUE || kind == JsonScanner.FALSE ? ErrorCode.NONE : ErrorCode.BAD_TYPE;
    }

    private byte checkString(final int field)
    {
        if (!isPresent(field))
        {
            return ErrorCode.MISSING_FIELD;
        }
        return kinds[field] == JsonScanner.STRING ? ErrorCode.NONE : ErrorCode.BAD_TYPE;
    }

    /** @return the 1-based constant of the field's unescaped string in {@code names}, or 0 when it is none of them. */
    private byte oneOf(final NameTable names, final int field)
    {
        return (byte)(1 + names.lookup(scanner.scratch, stringStarts[field], stringLengths[field]));
    }
}
