package io.scoreline.rules;

import static io.scoreline.rules.TestBytes.bytes;
import static io.scoreline.rules.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class EventParserTest
{
    private static final String HEAD = "{\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3,";
    private static final String JOIN = "{\"type\":\"join\",\"seq\":7,\"ts\":1000,\"player\":42,\"team\":3";

    private final EventParser parser = new EventParser();
    private final GameEvent event = new GameEvent();

    // ---- accepted events, every type, fields mapped ----

    @Test
    void shouldParseJoinWithCommonFields()
    {
        parse(JOIN + "}");
        assertAccepted(EventType.JOIN);
        assertEquals(7, event.seq);
        assertEquals(1000, event.ts);
        assertEquals(42, event.player);
        assertEquals(3, event.team);
    }

    @Test
    void shouldParseEveryPlayerTypeOwnFields()
    {
        parse(HEAD + "\"type\":\"clue_solved\",\"clue\":2147483647,\"solveMs\":86400000,\"hints\":10}");
        assertAccepted(EventType.CLUE_SOLVED);
        assertEquals(Integer.MAX_VALUE, event.clue);
        assertEquals(86_400_000, event.solveMs);
        assertEquals(10, event.hints);

        parse(HEAD + "\"type\":\"hint_used\",\"clue\":1}");
        assertAccepted(EventType.HINT_USED);
        assertEquals(1, event.clue);

        parse(HEAD + "\"type\":\"treasure_found\",\"treasure\":1000000,\"rarity\":5,\"zone\":64}");
        assertAccepted(EventType.TREASURE_FOUND);
        assertEquals(1_000_000, event.treasure);
        assertEquals(5, event.rarity);
        assertEquals(64, event.zone);

        parse(HEAD + "\"type\":\"checkpoint\",\"checkpoint\":100}");
        assertAccepted(EventType.CHECKPOINT);
        assertEquals(100, event.checkpoint);

        parse(HEAD + "\"type\":\"quiz_answer\",\"quiz\":9,\"correct\":true,\"answerMs\":60000}");
        assertAccepted(EventType.QUIZ_ANSWER);
        assertEquals(9, event.quiz);
        assertTrue(event.correct);
        assertEquals(60_000, event.answerMs);

        parse(HEAD + "\"type\":\"quiz_answer\",\"quiz\":9,\"correct\":false,\"answerMs\":0}");
        assertAccepted(EventType.QUIZ_ANSWER);
        assertFalse(event.correct);

        parse(HEAD + "\"type\":\"prediction_won\",\"stake\":1000000000000000,\"odds\":100000}");
        assertAccepted(EventType.PREDICTION_WON);
        assertEquals(1_000_000_000_000_000L, event.stake);
        assertEquals(100_000, event.odds);

        parse(HEAD + "\"type\":\"cheat_flag\",\"severity\":3}");
        assertAccepted(EventType.CHEAT_FLAG);
        assertEquals(3, event.severity);

        parse(HEAD + "\"type\":\"powerup\",\"kind\":\"shield\",\"durationMs\":1000}");
        assertAccepted(EventType.POWERUP);
        assertEquals(GameEvent.PowerupKind.SHIELD, event.kind);
        assertEquals(1000, event.durationMs);
    }

    @Test
    void shouldMapEveryShareChannel()
    {
        final String[] names = {"x", "facebook", "whatsapp", "instagram", "other"};
        final byte[] channels = {
            GameEvent.Channel.X, GameEvent.Channel.FACEBOOK, GameEvent.Channel.WHATSAPP, GameEvent.Channel.INSTAGRAM,
            GameEvent.Channel.OTHER};
        for (int i = 0; i < names.length; i++)
        {
            parse(HEAD + "\"type\":\"share\",\"channel\":\"" + names[i] + "\"}");
            assertAccepted(EventType.SHARE);
            assertEquals(channels[i], event.channel, names[i]);
        }
    }

    @Test
    void shouldMapEveryMatchKindAndIgnoreTeam()
    {
        final String[] names = {"goal", "penalty_saved", "half_time", "full_time"};
        final byte[] kinds = {
            GameEvent.MatchKind.GOAL, GameEvent.MatchKind.PENALTY_SAVED, GameEvent.MatchKind.HALF_TIME,
            GameEvent.MatchKind.FULL_TIME};
        for (int i = 0; i < names.length; i++)
        {
            parse("{\"type\":\"match_event\",\"seq\":1,\"ts\":5,\"player\":0,\"team\":[null],\"kind\":\"" +
                names[i] + "\"}");
            assertAccepted(EventType.MATCH_EVENT);
            assertEquals(kinds[i], event.kind, names[i]);
            assertEquals(0, event.player);
            assertTrue(event.playerKnown);
        }
    }

    @Test
    void shouldParseAVoidsTargetAfterItsKindAndOnlyForAVoid()
    {
        parse("{\"voids\":9223372036854775807,\"type\":\"match_event\",\"seq\":3,\"ts\":5,\"player\":0,\"kind\":\"void\"}");
        assertAccepted(EventType.MATCH_EVENT);
        assertEquals(GameEvent.MatchKind.VOID, event.kind);
        assertEquals(Long.MAX_VALUE, event.voids);

        // Keys and strings after unescaping; voids is no field of the other kinds (any value, absent too).
        parse("{\"type\":\"match_event\",\"seq\":3,\"ts\":5,\"player\":0,\"kind\":\"v\\u006fid\",\"v\\u006fids\":1}");
        assertAccepted(EventType.MATCH_EVENT);
        assertEquals(1, event.voids);
        parse("{\"type\":\"match_event\",\"seq\":3,\"ts\":5,\"player\":0,\"kind\":\"goal\",\"voids\":null}");
        assertAccepted(EventType.MATCH_EVENT);
        assertEquals(0, event.voids);

        final String head = "{\"type\":\"match_event\",\"seq\":3,\"ts\":5,\"player\":0,";
        assertRejected(head + "\"kind\":\"void\"}", ErrorCode.MISSING_FIELD, 3L, 0L);
        assertRejected(head + "\"kind\":\"void\",\"voids\":null}", ErrorCode.BAD_TYPE, 3L, 0L);
        assertRejected(head + "\"kind\":\"void\",\"voids\":\"1\"}", ErrorCode.BAD_TYPE, 3L, 0L);
        assertRejected(head + "\"kind\":\"void\",\"voids\":1e0}", ErrorCode.BAD_TYPE, 3L, 0L);
        assertRejected(head + "\"kind\":\"void\",\"voids\":-0}", ErrorCode.OUT_OF_RANGE, 3L, 0L);
        assertRejected(head + "\"kind\":\"void\",\"voids\":-1}", ErrorCode.OUT_OF_RANGE, 3L, 0L);
        assertRejected(head + "\"kind\":\"void\",\"voids\":9223372036854775808}", ErrorCode.OUT_OF_RANGE, 3L, 0L);
        // kind first: a bad kind wins over a bad voids; an unknown kind is out_of_range.
        assertRejected(head + "\"kind\":\"Void\",\"voids\":\"x\"}", ErrorCode.OUT_OF_RANGE, 3L, 0L);
        assertRejected(head + "\"kind\":5,\"voids\":\"x\"}", ErrorCode.BAD_TYPE, 3L, 0L);
        // The common fields before both.
        assertRejected("{\"type\":\"match_event\",\"seq\":3,\"ts\":5,\"player\":1,\"kind\":\"void\"}", ErrorCode.OUT_OF_RANGE, 3L, null);
    }

    @Test
    void shouldAcceptFieldsInAnyOrderWithWhitespaceAndTrailingCarriageReturn()
    {
        parse(" \t{ \"team\" : 3 ,\r\n\"player\":42,\"ts\":1000,\"seq\":7,\"type\":\"join\" }\t\r");
        assertAccepted(EventType.JOIN);
        assertEquals(42, event.player);
    }

    @Test
    void shouldTreatMinusZeroAsZero()
    {
        parse("{\"type\":\"join\",\"seq\":7,\"ts\":-0,\"player\":42,\"team\":-0}");
        assertAccepted(EventType.JOIN);
        assertEquals(0, event.ts);
        assertEquals(0, event.team);

        parse("{\"type\":\"match_event\",\"seq\":7,\"ts\":1,\"player\":-0,\"kind\":\"goal\"}");
        assertAccepted(EventType.MATCH_EVENT);
    }

    @Test
    void shouldOverwriteEveryFieldLeftByThePreviousEvent()
    {
        parse(HEAD + "\"type\":\"quiz_answer\",\"quiz\":9,\"correct\":true,\"answerMs\":60000}");
        parse("[]");
        assertEquals(ErrorCode.MALFORMED, event.error);
        assertEquals(EventType.NONE, event.type);
        assertFalse(event.seqKnown);
        assertFalse(event.playerKnown);
        assertEquals(0, event.quiz);
        assertFalse(event.correct);
        assertEquals(0, event.answerMs);
    }

    // ---- unescaping ----

    @Test
    void shouldCompareKeysAndStringsAfterUnescaping()
    {
        parse("{\"typ\\u0065\":\"\\u0073h\\u0061re\",\"\\u0073eq\":7,\"ts\":1,\"player\":2,\"team\":3," +
            "\"channel\":\"wh\\u0061tsapp\"}");
        assertAccepted(EventType.SHARE);
        assertEquals(GameEvent.Channel.WHATSAPP, event.channel);
        assertEquals(7, event.seq);
    }

    @Test
    void shouldRejectKeysRepeatedAfterUnescaping()
    {
        assertRejected(JOIN + ",\"t\\u0073\":1}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"pad\":1,\"p\\u0061d\":2}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"\\ud83d\\ude00\":1,\"\uD83D\uDE00\":2}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"\\ud800\":1,\"\\uD800\":2}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"\":1,\"\":2}", ErrorCode.MALFORMED, null, null);
    }

    @Test
    void shouldAcceptDistinctKeysAndNestedRepeats()
    {
        parse(JOIN + ",\"pad\":1,\"Pad\":2,\"\\ud800\":1,\"\\ud800\\u0041\":2,\"\":{\"a\":1,\"a\":1},\"t\":[{\"x\":0,\"x\":0}]}");
        assertAccepted(EventType.JOIN);
    }

    @Test
    void shouldAcceptEverySimpleEscapeAndLoneSurrogateEscapes()
    {
        // The golden validation file accepts "\ud800": RFC 8259 grammar allows lone surrogate escapes.
        parse(JOIN + ",\"e\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD834\\uDD1E\\udc00\\ud800x\\ud800\"}");
        assertAccepted(EventType.JOIN);
    }

    @Test
    void shouldRejectBadEscapesAsMalformed()
    {
        assertRejected(JOIN + ",\"e\":\"\\x\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\\u12G4\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\\u123\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\\ud800\\u12\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\\'\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\\", ErrorCode.MALFORMED, null, null);
    }

    @Test
    void shouldRejectControlCharactersInStrings()
    {
        assertRejected(JOIN + ",\"e\":\"a\tb\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\u0000\"}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"e\":\"\u001f\"}", ErrorCode.MALFORMED, null, null);
        parse(JOIN + ",\"e\":\"\u007f \"}");
        assertAccepted(EventType.JOIN);
    }

    // ---- UTF-8 ----

    @Test
    void shouldAcceptWellFormedUtf8AtEveryBoundary()
    {
        parse(withStringBytes(0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80,
            0xEF, 0xBF, 0xBF, 0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF));
        assertAccepted(EventType.JOIN);
    }

    @Test
    void shouldRejectInvalidUtf8()
    {
        final int[][] invalid = {
            {0x80},                   // lone continuation byte
            {0xC0, 0xAF},             // overlong '/'
            {0xC1, 0xBF},             // overlong
            {0xE0, 0x9F, 0xBF},       // overlong 3-byte
            {0xF0, 0x8F, 0xBF, 0xBF}, // overlong 4-byte
            {0xED, 0xA0, 0x80},       // UTF-8 encoded surrogate U+D800
            {0xED, 0xBF, 0xBF},       // UTF-8 encoded surrogate U+DFFF
            {0xF4, 0x90, 0x80, 0x80}, // U+110000
            {0xF5, 0x80, 0x80, 0x80}, // lead byte beyond U+10FFFF
            {0xFF},
            {0xC3},                   // truncated 2-byte, then the closing quote
            {0xE2, 0x82},             // truncated 3-byte
            {0xF0, 0x9F, 0x98},       // truncated 4-byte
            {0xC3, 0x28},             // continuation replaced by ASCII
        };
        for (final int[] bytes : invalid)
        {
            assertRejected(withStringBytes(bytes), ErrorCode.MALFORMED, null, null, Arrays.toString(bytes));
        }
    }

    @Test
    void shouldRejectNonAsciiOutsideStringsAndALeadingByteOrderMark()
    {
        final byte[] bom = concat(new byte[]{(byte)0xEF, (byte)0xBB, (byte)0xBF}, bytes(JOIN + "}"));
        assertRejected(bom, ErrorCode.MALFORMED, null, null, "BOM");
        final byte[] nbsp = concat(new byte[]{(byte)0xC2, (byte)0xA0}, bytes(JOIN + "}"));
        assertRejected(nbsp, ErrorCode.MALFORMED, null, null, "no-break space");
    }

    // ---- JSON grammar ----

    @Test
    void shouldRejectWhatIsNotOneJsonObject()
    {
        final String[] malformed = {
            "", "\f", "[]", "[{\"type\":\"join\"}]", "\"join\"", "1", "null", "{", "}", "{}}", "{}{}", JOIN,
            JOIN + "}x", JOIN + "},", JOIN + "}\f", JOIN + ",}", JOIN + ",,\"a\":1}", "{,\"type\":\"join\"}",
            "{type:\"join\"}", "{'type':'join'}", JOIN + ",\"a\"}", JOIN + ",\"a\":}", JOIN + ",\"a\" 1}",
            JOIN + ",\"a\":1 2}", JOIN + " \"a\":1}", JOIN + ",\"a\":[1,]}", JOIN + ",\"a\":[,1]}",
            JOIN + ",\"a\":{\"b\"}}", JOIN + ",\"a\":{\"b\":1,}}", JOIN + ",\"a\":{1:2}}", JOIN + ",\"a\":[}",
            JOIN + ",\"a\":{]}", JOIN + ",\"a\":[[]]]}", JOIN + ",\"a\":[1 2]}", JOIN + ",\"a\":\"x}",
            JOIN + ",\"a\":[", JOIN + ",\"a\":{\"b\":",
        };
        for (final String line : malformed)
        {
            assertRejected(line, ErrorCode.MALFORMED, null, null, line);
        }
    }

    @Test
    void shouldAcceptAnEmptyObjectAsJsonThenMissTheType()
    {
        assertRejected("{}", ErrorCode.MISSING_FIELD, null, null);
        assertRejected(" { } ", ErrorCode.MISSING_FIELD, null, null);
    }

    @Test
    void shouldRejectNumbersOutsideTheJsonGrammar()
    {
        final String[] numbers = {
            "NaN", "Infinity", "-Infinity", "+1", "01", "-01", "00", "1.", ".5", "-", "--1", "1e", "1e+", "1E-",
            "0x10", "1.e3", "-.5", "1_000", "١",
        };
        for (final String number : numbers)
        {
            assertRejected(JOIN + ",\"n\":" + number + "}", ErrorCode.MALFORMED, null, null, number);
            assertRejected(HEAD + "\"type\":\"join\",\"n\":[" + number + "]}", ErrorCode.MALFORMED, null, null,
                number);
        }
    }

    @Test
    void shouldAcceptEveryNumberFormInIgnoredFields()
    {
        parse(JOIN + ",\"n\":[0,-0,1.5,-0.0,1e3,1E+3,1e-300,1.5e300,123456789012345678901234567890,-1e999]}");
        assertAccepted(EventType.JOIN);
    }

    @Test
    void shouldRejectLiteralsThatAreNotExactlyTrueFalseOrNull()
    {
        final String[] literals = {"True", "tru", "truee", "nul", "NULL", "fals", "falsey", "undefined"};
        for (final String literal : literals)
        {
            assertRejected(JOIN + ",\"v\":" + literal + "}", ErrorCode.MALFORMED, null, null, literal);
        }
    }

    @Test
    void shouldAcceptDeepNestingInAnIgnoredField()
    {
        final String line = JOIN + ",\"d\":" + "[{\"\":".repeat(450) + "[]" + "}]".repeat(450) + "}";
        assertTrue(line.length() <= GameEvent.MAX_LINE_BYTES);
        parse(line);
        assertAccepted(EventType.JOIN);

        final String arrays = JOIN + ",\"d\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertTrue(arrays.length() <= GameEvent.MAX_LINE_BYTES);
        parse(arrays);
        assertAccepted(EventType.JOIN);

        assertRejected(JOIN + ",\"d\":" + "[".repeat(2000) + "]".repeat(1999) + "}", ErrorCode.MALFORMED, null, null);
    }

    @Test
    void shouldRejectUnbalancedNestingAtFullLineLength()
    {
        final String line = "[".repeat(GameEvent.MAX_LINE_BYTES);
        assertRejected(line, ErrorCode.MALFORMED, null, null);
        final String object = "{\"a\":" + "[".repeat(GameEvent.MAX_LINE_BYTES - 5);
        assertRejected(object, ErrorCode.MALFORMED, null, null);
    }

    // ---- too_large ----

    @Test
    void shouldRejectLinesOverTheLimitAsTooLargeEvenIfMalformed()
    {
        final byte[] slot = new byte[GameEvent.MAX_LINE_BYTES + 1];
        Arrays.fill(slot, (byte)0xFF);
        parser.parse(slot, 0, 1_000_000, event);
        assertEquals(ErrorCode.TOO_LARGE, event.error);
        assertFalse(event.seqKnown);
        assertFalse(event.playerKnown);
    }

    @Test
    void shouldCountATrailingCarriageReturnTowardsTheLimit()
    {
        final String prefix = JOIN + ",\"pad\":\"";
        final String exact = prefix + "p".repeat(GameEvent.MAX_LINE_BYTES - prefix.length() - 2) + "\"}";
        assertEquals(GameEvent.MAX_LINE_BYTES, exact.length());
        parse(exact);
        assertAccepted(EventType.JOIN);
        assertRejected(exact + "\r", ErrorCode.TOO_LARGE, null, null);
        assertRejected(exact + " ", ErrorCode.TOO_LARGE, null, null);
    }

    // ---- field checks and their order ----

    @Test
    void shouldRejectMalformedBeforeAnyFieldCheck()
    {
        assertRejected("{\"seq\":7,\"x\":NaN}", ErrorCode.MALFORMED, null, null);
        assertRejected(JOIN + ",\"seq\":8}", ErrorCode.MALFORMED, null, null);
    }

    @Test
    void shouldCheckTypeFirst()
    {
        assertRejected("{\"seq\":0,\"ts\":-1,\"player\":42}", ErrorCode.MISSING_FIELD, null, 42L);
        assertRejected("{\"type\":null,\"seq\":7}", ErrorCode.BAD_TYPE, 7L, null);
        assertRejected("{\"type\":[\"join\"],\"seq\":7,\"player\":1}", ErrorCode.BAD_TYPE, 7L, 1L);
        assertRejected("{\"type\":1,\"seq\":\"7\",\"player\":0}", ErrorCode.BAD_TYPE, null, null);
        assertRejected("{\"type\":\"JOIN\",\"seq\":7}", ErrorCode.UNKNOWN_TYPE, 7L, null);
        assertRejected("{\"type\":\"\",\"player\":5}", ErrorCode.UNKNOWN_TYPE, null, 5L);
        assertRejected("{\"type\":\"join \",\"seq\":7}", ErrorCode.UNKNOWN_TYPE, 7L, null);
        assertRejected("{\"type\":\"joi\",\"seq\":7}", ErrorCode.UNKNOWN_TYPE, 7L, null);
    }

    @Test
    void shouldCheckCommonFieldsInOrder()
    {
        assertRejected("{\"type\":\"join\",\"ts\":-1,\"player\":0}", ErrorCode.MISSING_FIELD, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":1.5,\"ts\":-1}", ErrorCode.BAD_TYPE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":0,\"ts\":\"x\"}", ErrorCode.OUT_OF_RANGE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"player\":null}", ErrorCode.MISSING_FIELD, 1L, null);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":null}", ErrorCode.BAD_TYPE, 1L, null);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":253402300800000,\"player\":2}",
            ErrorCode.OUT_OF_RANGE, 1L, 2L);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"team\":0}", ErrorCode.MISSING_FIELD, 1L, null);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":0,\"team\":\"0\"}",
            ErrorCode.OUT_OF_RANGE, 1L, null);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2}", ErrorCode.MISSING_FIELD, 1L, 2L);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":null}", ErrorCode.BAD_TYPE, 1L, 2L);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":-1}", ErrorCode.OUT_OF_RANGE, 1L, 2L);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":65536}",
            ErrorCode.OUT_OF_RANGE, 1L, 2L);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":1e0}", ErrorCode.BAD_TYPE, 1L, 2L);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":{}}", ErrorCode.BAD_TYPE, 1L, 2L);
    }

    @Test
    void shouldRejectUnknownTypeBeforeLaterFields()
    {
        assertRejected("{\"type\":\"hint\",\"seq\":\"x\",\"ts\":null}", ErrorCode.UNKNOWN_TYPE, null, null);
    }

    @Test
    void shouldCheckTheMatchFeedPlayerAndIgnoreItsTeam()
    {
        assertRejected("{\"type\":\"match_event\",\"seq\":2,\"ts\":5,\"player\":1,\"kind\":\"goal\"}",
            ErrorCode.OUT_OF_RANGE, 2L, null);
        assertRejected("{\"type\":\"match_event\",\"seq\":2,\"ts\":5,\"kind\":\"goal\"}",
            ErrorCode.MISSING_FIELD, 2L, null);
        assertRejected("{\"type\":\"match_event\",\"seq\":2,\"ts\":5,\"player\":0,\"kind\":\"Goal\"}",
            ErrorCode.OUT_OF_RANGE, 2L, 0L);
        assertRejected("{\"type\":\"match_event\",\"seq\":2,\"ts\":5,\"player\":0,\"kind\":null}",
            ErrorCode.BAD_TYPE, 2L, 0L);
        assertRejected("{\"type\":\"match_event\",\"seq\":2,\"ts\":5,\"player\":0,\"kind\":\"double\"}",
            ErrorCode.OUT_OF_RANGE, 2L, 0L);
        assertRejected("{\"type\":\"match_event\",\"seq\":2,\"ts\":5,\"player\":0}", ErrorCode.MISSING_FIELD, 2L, 0L);
        // A player event's player 0 is not echoed, a match feed's is.
        assertRejected("{\"type\":\"join\",\"seq\":2,\"ts\":5,\"player\":0}", ErrorCode.OUT_OF_RANGE, 2L, null);
    }

    @Test
    void shouldCheckEachTypeOwnFieldsInTheListedOrder()
    {
        assertOwnFieldRejected("clue_solved", "\"hints\":11,\"solveMs\":-1", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("clue_solved", "\"clue\":1,\"hints\":true,\"solveMs\":86400001", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("clue_solved", "\"clue\":1,\"solveMs\":0,\"hints\":true", ErrorCode.BAD_TYPE);
        assertOwnFieldRejected("clue_solved", "\"clue\":2147483648,\"solveMs\":null", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("hint_used", "\"clue\":0", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("hint_used", "\"hints\":1", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("treasure_found", "\"treasure\":1000001,\"rarity\":\"x\"", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("treasure_found", "\"treasure\":1,\"rarity\":6,\"zone\":null", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("treasure_found", "\"treasure\":1,\"rarity\":1,\"zone\":65", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("treasure_found", "\"treasure\":1,\"rarity\":1", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("checkpoint", "\"checkpoint\":101", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("checkpoint", "\"checkpoint\":[1]", ErrorCode.BAD_TYPE);
        assertOwnFieldRejected("quiz_answer", "\"quiz\":1,\"correct\":1,\"answerMs\":-1", ErrorCode.BAD_TYPE);
        assertOwnFieldRejected("quiz_answer", "\"quiz\":1,\"correct\":\"true\"", ErrorCode.BAD_TYPE);
        assertOwnFieldRejected("quiz_answer", "\"quiz\":1,\"answerMs\":1", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("quiz_answer", "\"quiz\":1,\"correct\":null,\"answerMs\":1", ErrorCode.BAD_TYPE);
        assertOwnFieldRejected("quiz_answer", "\"quiz\":1,\"correct\":false,\"answerMs\":60001", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("prediction_won", "\"stake\":1000000000000001,\"odds\":\"x\"", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("prediction_won", "\"stake\":0", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("prediction_won", "\"stake\":1,\"odds\":99", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("prediction_won", "\"stake\":1,\"odds\":100001", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("prediction_won", "\"stake\":1", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("share", "\"channel\":\"WhatsApp\"", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("share", "\"channel\":1", ErrorCode.BAD_TYPE);
        assertOwnFieldRejected("share", "\"kind\":\"x\"", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("powerup", "\"kind\":\"triple\",\"durationMs\":5", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("powerup", "\"durationMs\":5", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("powerup", "\"kind\":\"triple\"", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("powerup", "\"kind\":\"goal\",\"durationMs\":1000", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("powerup", "\"kind\":\"double\",\"durationMs\":999", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("powerup", "\"kind\":\"double\",\"durationMs\":600001", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("powerup", "\"kind\":\"double\"", ErrorCode.MISSING_FIELD);
        assertOwnFieldRejected("cheat_flag", "\"severity\":0", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("cheat_flag", "\"severity\":4", ErrorCode.OUT_OF_RANGE);
        assertOwnFieldRejected("cheat_flag", "\"severity\":3.0", ErrorCode.BAD_TYPE);
    }

    @Test
    void shouldRejectIntegersBeyondSixtyFourBitsAsOutOfRange()
    {
        assertRejected("{\"type\":\"join\",\"seq\":9223372036854775808}", ErrorCode.OUT_OF_RANGE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":-9223372036854775809}", ErrorCode.OUT_OF_RANGE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":-9223372036854775808}", ErrorCode.OUT_OF_RANGE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":18446744073709551617}", ErrorCode.OUT_OF_RANGE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":" + "9".repeat(100) + "}", ErrorCode.OUT_OF_RANGE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":1,\"ts\":0,\"player\":2,\"team\":-" + "1".repeat(100) + "}",
            ErrorCode.OUT_OF_RANGE, 1L, 2L);
        // Not an integer whatever its size: bad_type, not out_of_range.
        assertRejected("{\"type\":\"join\",\"seq\":" + "9".repeat(100) + ".0}", ErrorCode.BAD_TYPE, null, null);
        assertRejected("{\"type\":\"join\",\"seq\":1e400}", ErrorCode.BAD_TYPE, null, null);
        parse("{\"type\":\"join\",\"seq\":9223372036854775807,\"ts\":0,\"player\":9223372036854775807,\"team\":0}");
        assertAccepted(EventType.JOIN);
        assertEquals(Long.MAX_VALUE, event.seq);
        assertEquals(Long.MAX_VALUE, event.player);
    }

    @Test
    void shouldEchoSeqAndPlayerWhateverFieldFailed()
    {
        assertRejected("{\"seq\":3}", ErrorCode.MISSING_FIELD, 3L, null);
        assertRejected("{\"type\":5,\"seq\":3,\"player\":1}", ErrorCode.BAD_TYPE, 3L, 1L);
        // The type is unusable, so player is checked as a player event's: 0 is not echoed.
        assertRejected("{\"type\":\"goal\",\"seq\":3,\"player\":0}", ErrorCode.UNKNOWN_TYPE, 3L, null);
        assertRejected("{\"type\":\"join\",\"seq\":-0,\"player\":1}", ErrorCode.OUT_OF_RANGE, null, 1L);
        assertRejected("{\"type\":\"join\",\"seq\":3,\"player\":\"1\"}", ErrorCode.MISSING_FIELD, 3L, null);
        assertRejected("{\"type\":\"join\",\"seq\":3,\"player\":1.0}", ErrorCode.MISSING_FIELD, 3L, null);
        assertRejected("{\"type\":\"join\",\"seq\":3,\"ts\":1,\"player\":5,\"team\":0,\"x\":1,\"x\":2}",
            ErrorCode.MALFORMED, null, null);
    }

    @Test
    void shouldIgnoreUnknownFieldsOfAnyShape()
    {
        parse(JOIN + ",\"extra\":[1,{\"b\":[true,null,1.5e300,\"s\"]}],\"typ\\u0065x\":1,\"o\":{},\"a\":[],\"n\":null," +
            "\"f\":false,\"clue\":\"ignored for join\",\"kind\":{}}");
        assertAccepted(EventType.JOIN);
    }

    @Test
    void shouldRecognizeBlankLines()
    {
        assertTrue(EventParser.isBlank(bytes(""), 0, 0));
        assertTrue(EventParser.isBlank(bytes(" \t\r \r"), 0, 5));
        assertFalse(EventParser.isBlank(bytes(" \f "), 0, 3));
        assertFalse(EventParser.isBlank(bytes(" \n "), 0, 3));
        assertFalse(EventParser.isBlank(bytes("x {}"), 2, 2));
        assertTrue(EventParser.isBlank(bytes("x  {}"), 1, 2));
    }

    @Test
    void shouldReadOnlyTheGivenRangeOfTheBuffer()
    {
        final byte[] line = bytes("xx" + JOIN + "}yy");
        parser.parse(line, 2, line.length - 4, event);
        assertAccepted(EventType.JOIN);
    }

    // ---- helpers ----

    private void assertOwnFieldRejected(final String type, final String fields, final byte error)
    {
        final String line = HEAD + "\"type\":\"" + type + "\"," + fields + "}";
        assertRejected(line, error, 7L, 42L, line);
    }

    private void parse(final String line)
    {
        parse(bytes(line));
    }

    private void parse(final byte[] line)
    {
        parser.parse(line, 0, line.length, event);
    }

    private void assertAccepted(final byte type)
    {
        assertEquals(ErrorCode.name(ErrorCode.NONE), ErrorCode.name(event.error));
        assertEquals(EventType.name(type), EventType.name(event.type));
        assertTrue(event.seqKnown);
        assertTrue(event.playerKnown);
    }

    private void assertRejected(final String line, final byte error, final Long seq, final Long player)
    {
        assertRejected(bytes(line), error, seq, player, line);
    }

    private void assertRejected(final String line, final byte error, final Long seq, final Long player,
        final String message)
    {
        assertRejected(bytes(line), error, seq, player, message);
    }

    private void assertRejected(final byte[] line, final byte error, final Long seq, final Long player,
        final String message)
    {
        parser.parse(line, 0, line.length, event);
        assertEquals(ErrorCode.name(error), ErrorCode.name(event.error), message);
        assertEquals(seq, event.seqKnown ? Long.valueOf(event.seq) : null, message);
        assertEquals(player, event.playerKnown ? Long.valueOf(event.player) : null, message);
    }

    private static byte[] withStringBytes(final int... raw)
    {
        final byte[] inner = new byte[raw.length];
        for (int i = 0; i < raw.length; i++)
        {
            inner[i] = (byte)raw[i];
        }
        return concat(bytes(JOIN + ",\"s\":\""), inner, bytes("\"}"));
    }
}
