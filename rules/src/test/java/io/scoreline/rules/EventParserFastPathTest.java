package io.scoreline.rules;

import static io.scoreline.rules.TestBytes.bytes;
import static io.scoreline.rules.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Edge cases of the parser's fast paths (word-at-a-time strings, known keys matched from one word, integers parsed
 * in place): whatever the alignment, escaping or length, they must give what GAME.md 1.1/1.2 and RFC 8259 say.
 */
class EventParserFastPathTest
{
    /** One accepted line per type, together naming all 21 known fields; each key is required by its type. */
    private static final String[] EVERY_FIELD = {
        "{\"type\":\"clue_solved\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"clue\":5,\"solveMs\":60," +
            "\"hints\":2}",
        "{\"type\":\"treasure_found\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"treasure\":9,\"rarity\":5," +
            "\"zone\":64}",
        "{\"type\":\"checkpoint\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"checkpoint\":100}",
        "{\"type\":\"quiz_answer\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"quiz\":9,\"correct\":true," +
            "\"answerMs\":0}",
        "{\"type\":\"prediction_won\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"stake\":1,\"odds\":100}",
        "{\"type\":\"share\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"channel\":\"x\"}",
        "{\"type\":\"powerup\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"kind\":\"double\"," +
            "\"durationMs\":1000}",
        "{\"type\":\"cheat_flag\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,\"severity\":3}",
    };
    private static final byte[] TYPES = {
        EventType.CLUE_SOLVED, EventType.TREASURE_FOUND, EventType.CHECKPOINT, EventType.QUIZ_ANSWER,
        EventType.PREDICTION_WON, EventType.SHARE, EventType.POWERUP, EventType.CHEAT_FLAG,
    };
    private static final String JOIN = "{\"type\":\"join\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3";

    private final EventParser parser = new EventParser();
    private final GameEvent event = new GameEvent();

    @Test
    void shouldMatchEveryKnownKeyAtEveryOffsetModuloEight()
    {
        for (int line = 0; line < EVERY_FIELD.length; line++)
        {
            for (int pad = 0; pad < 16; pad++)
            {
                // Whitespace after '{' and every ',' shifts each key by pad bytes; inside strings it is untouched
                // because no value here holds a comma or a brace.
                final String spaces = " ".repeat(pad);
                final String shifted = EVERY_FIELD[line].replace("{", "{" + spaces).replace(",", "," + spaces);
                parse(shifted);
                assertAccepted(TYPES[line], shifted);
            }
        }
    }

    @Test
    void shouldMatchKnownKeysWithAnyOneCharacterEscaped()
    {
        for (int line = 0; line < EVERY_FIELD.length; line++)
        {
            for (final String key : keysOf(EVERY_FIELD[line]))
            {
                for (int i = 0; i < key.length(); i++)
                {
                    final String escaped = key.substring(0, i) + String.format("\\u%04x", (int)key.charAt(i)) +
                        key.substring(i + 1);
                    final String text = EVERY_FIELD[line].replace("\"" + key + "\":", "\"" + escaped + "\":");
                    parse(text);
                    assertAccepted(TYPES[line], text);
                }
            }
        }
    }

    @Test
    void shouldTreatNearMissesOfKnownKeysAsOtherKeys()
    {
        for (int line = 0; line < EVERY_FIELD.length; line++)
        {
            for (final String key : keysOf(EVERY_FIELD[line]))
            {
                final String upperFirst = Character.toUpperCase(key.charAt(0)) + key.substring(1);
                final String[] nearMisses = {
                    key + "x", key.substring(0, key.length() - 1), upperFirst, key + "\\u0000", key + "\u00e9",
                    " " + key, key + " ",
                };
                for (final String nearMiss : nearMisses)
                {
                    // The real field is then absent: GAME.md 1.2 check 3 reports it missing.
                    final String text = EVERY_FIELD[line].replace("\"" + key + "\":", "\"" + nearMiss + "\":");
                    parse(text);
                    assertEquals(ErrorCode.name(ErrorCode.MISSING_FIELD), ErrorCode.name(event.error), text);
                }
            }
        }
    }

    @Test
    void shouldRejectAKnownKeyRepeatedPlainlyAndEscaped()
    {
        for (int line = 0; line < EVERY_FIELD.length; line++)
        {
            for (final String key : keysOf(EVERY_FIELD[line]))
            {
                final String escaped = String.format("\\u%04x", (int)key.charAt(0)) + key.substring(1);
                final String text = EVERY_FIELD[line].replace("}", ",\"" + escaped + "\":1}");
                parse(text);
                assertEquals(ErrorCode.name(ErrorCode.MALFORMED), ErrorCode.name(event.error), text);
            }
        }
    }

    @Test
    void shouldAcceptEveryRequiredKeyAsTheLastMember()
    {
        // The last key sits just before the line's end, where a whole word can no longer be read.
        for (int line = 0; line < EVERY_FIELD.length; line++)
        {
            final String text = EVERY_FIELD[line];
            final String body = text.substring(1, text.length() - 1);
            final String[] members = body.split(",");
            for (int last = 0; last < members.length; last++)
            {
                final StringBuilder reordered = new StringBuilder("{");
                for (int i = 0; i < members.length; i++)
                {
                    if (i != last)
                    {
                        reordered.append(members[i]).append(',');
                    }
                }
                reordered.append(members[last]).append('}');
                parse(reordered.toString());
                assertAccepted(TYPES[line], reordered.toString());
            }
        }
    }

    @Test
    void shouldParseIntegersOfEveryLengthUpToTheSixtyFourBitLimit()
    {
        final String digits = "12345678901234567890";
        for (int length = 1; length <= 19; length++)
        {
            final long expected = Long.parseLong(digits.substring(0, length));
            for (final String tail : new String[] {"}", " }", ",\"x\":1}"})
            {
                final String text = "{\"type\":\"join\",\"ts\":1000,\"player\":42,\"team\":3,\"seq\":" +
                    digits.substring(0, length) + tail;
                parse(text);
                assertAccepted(EventType.JOIN, text);
                assertEquals(expected, event.seq, text);
            }
        }
        parse(JOIN.replace("\"seq\":7", "\"seq\":" + digits) + "}");
        assertEquals(ErrorCode.name(ErrorCode.OUT_OF_RANGE), ErrorCode.name(event.error));
        parse(JOIN.replace("\"seq\":7", "\"seq\":9223372036854775807") + "}");
        assertAccepted(EventType.JOIN, "Long.MAX_VALUE");
        assertEquals(Long.MAX_VALUE, event.seq);
        parse(JOIN.replace("\"seq\":7", "\"seq\":9223372036854775808") + "}");
        assertEquals(ErrorCode.name(ErrorCode.OUT_OF_RANGE), ErrorCode.name(event.error));
        parse(JOIN.replace("\"seq\":7", "\"seq\":000") + "}");
        assertEquals(ErrorCode.name(ErrorCode.MALFORMED), ErrorCode.name(event.error));
    }

    @Test
    void shouldTreatEveryLengthOfNonIntegerNumberAsTheWrongType()
    {
        final String digits = "12345678901234567890";
        for (int length = 1; length <= 20; length++)
        {
            for (final String fraction : new String[] {".0", "e0", "E+1", ".5e-3"})
            {
                final String text = JOIN.replace("\"team\":3", "\"team\":" + digits.substring(0, length) + fraction) +
                    "}";
                parse(text);
                assertEquals(ErrorCode.name(ErrorCode.BAD_TYPE), ErrorCode.name(event.error), text);
            }
            for (final String broken : new String[] {".", "e", "E+", ".e1", "-"})
            {
                final String text = JOIN.replace("\"team\":3", "\"team\":" + digits.substring(0, length) + broken) +
                    "}";
                parse(text);
                assertEquals(ErrorCode.name(ErrorCode.MALFORMED), ErrorCode.name(event.error), text);
            }
        }
    }

    @Test
    void shouldAcceptValidSpecialsAtEveryPositionOfAString()
    {
        final String[] specials = {"\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\u00e9", "\u20ac",
            "\ud83d\ude00", "\u007f", "'"};
        for (final String special : specials)
        {
            for (int at = 0; at <= 24; at++)
            {
                for (final int after : new int[] {0, 1, 7, 8, 9})
                {
                    final String value = "a".repeat(at) + special + "b".repeat(after);
                    final String text = JOIN + ",\"note\":\"" + value + "\"}";
                    parse(text);
                    assertAccepted(EventType.JOIN, text);
                }
            }
        }
    }

    @Test
    void shouldRejectInvalidBytesAtEveryPositionOfAStringAsMalformed()
    {
        final int[][] invalid = {{0x00}, {0x01}, {0x0A}, {0x1F}, {0x80}, {0xBF}, {0xC0, 0x80}, {0xC3}, {0xE2, 0x82},
            {0xED, 0xA0, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {'\\', 'x'}, {'\\', 'u', '1', 'g'}};
        for (final int[] raw : invalid)
        {
            for (int at = 0; at <= 24; at++)
            {
                for (final int after : new int[] {0, 1, 7, 8, 9})
                {
                    final byte[] text = concat(
                        bytes(JOIN + ",\"note\":\"" + "a".repeat(at)), raw(raw), bytes("b".repeat(after) + "\"}"));
                    parse(text);
                    assertEquals(ErrorCode.name(ErrorCode.MALFORMED), ErrorCode.name(event.error),
                        new String(text, StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    @Test
    void shouldRecognizeStringValuesWithAnyOneCharacterEscaped()
    {
        final String[] types = {"join", "clue_solved", "treasure_found", "prediction_won", "match_event"};
        for (final String type : types)
        {
            for (int i = 0; i < type.length(); i++)
            {
                final String escaped = type.substring(0, i) + String.format("\\u%04X", (int)type.charAt(i)) +
                    type.substring(i + 1);
                parse("{\"type\":\"" + escaped + "\"}");
                // Recognised, so the first failing check is the missing seq, not an unknown type.
                assertEquals(ErrorCode.name(ErrorCode.MISSING_FIELD), ErrorCode.name(event.error), escaped);
                assertFalse(event.type == EventType.NONE, escaped);
            }
        }
        parse("{\"type\":\"joi\"}");
        assertEquals(ErrorCode.name(ErrorCode.UNKNOWN_TYPE), ErrorCode.name(event.error));
        parse("{\"type\":\"joinx\"}");
        assertEquals(ErrorCode.name(ErrorCode.UNKNOWN_TYPE), ErrorCode.name(event.error));
        parse("{\"type\":\"treasure_found_\"}");
        assertEquals(ErrorCode.name(ErrorCode.UNKNOWN_TYPE), ErrorCode.name(event.error));
    }

    @Test
    void shouldAcceptALineOfExactlyTheLimitWhateverEndsItsLongestString()
    {
        for (final String last : new String[] {"a", "\\n", "\u00e9", "\ud83d\ude00"})
        {
            final String head = JOIN + ",\"pad\":\"";
            final String tail = last + "\"}";
            final int fill = GameEvent.MAX_LINE_BYTES - bytes(head).length - bytes(tail).length;
            final byte[] text = bytes(head + "z".repeat(fill) + tail);
            assertEquals(GameEvent.MAX_LINE_BYTES, text.length);
            parse(text);
            assertAccepted(EventType.JOIN, last);

            final byte[] unclosed = bytes(head + "z".repeat(fill + 1) + last + "\"");
            assertEquals(GameEvent.MAX_LINE_BYTES, unclosed.length);
            parse(unclosed);
            assertEquals(ErrorCode.name(ErrorCode.MALFORMED), ErrorCode.name(event.error), last);

            final byte[] tooLarge = bytes(head + "z".repeat(fill + 1) + tail);
            parse(tooLarge);
            assertEquals(ErrorCode.name(ErrorCode.TOO_LARGE), ErrorCode.name(event.error), last);
        }
    }

    @Test
    void shouldNeverReadPastTheGivenLengthWhenTheRestOfTheLineFollowsInTheBuffer()
    {
        for (final String line : EVERY_FIELD)
        {
            final byte[] buffer = bytes("##" + line);
            for (int length = 1; length < buffer.length - 2; length++)
            {
                // Every proper prefix of a compact object is incomplete JSON, whatever bytes follow it in memory.
                parser.parse(buffer, 2, length, event);
                assertEquals(ErrorCode.name(ErrorCode.MALFORMED), ErrorCode.name(event.error),
                    line.substring(0, length));
            }
            parser.parse(buffer, 2, buffer.length - 2, event);
            assertEquals(ErrorCode.name(ErrorCode.NONE), ErrorCode.name(event.error), line);
        }
    }

    // ---- helpers ----

    /** The keys of a compact line: each string directly followed by ':'. */
    private static String[] keysOf(final String line)
    {
        final String body = line.substring(1, line.length() - 1);
        final String[] members = body.split(",");
        final String[] keys = new String[members.length];
        for (int i = 0; i < members.length; i++)
        {
            keys[i] = members[i].substring(1, members[i].indexOf("\":"));
        }
        return keys;
    }

    private void parse(final String line)
    {
        parse(bytes(line));
    }

    private void parse(final byte[] line)
    {
        parser.parse(line, 0, line.length, event);
    }

    private void assertAccepted(final byte type, final String message)
    {
        assertEquals(ErrorCode.name(ErrorCode.NONE), ErrorCode.name(event.error), message);
        assertEquals(EventType.name(type), EventType.name(event.type), message);
    }

    private static byte[] raw(final int[] values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }
}
