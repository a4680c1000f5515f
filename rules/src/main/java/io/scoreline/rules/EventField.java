package io.scoreline.rules;

/** The top-level keys GAME.md 1.1 gives meaning to, as dense ids (bits of a presence mask) and their wire names. */
final class EventField
{
    static final int TYPE = 0;
    static final int SEQ = 1;
    static final int TS = 2;
    static final int PLAYER = 3;
    static final int TEAM = 4;
    static final int CLUE = 5;
    static final int SOLVE_MS = 6;
    static final int HINTS = 7;
    static final int TREASURE = 8;
    static final int RARITY = 9;
    static final int ZONE = 10;
    static final int CHECKPOINT = 11;
    static final int QUIZ = 12;
    static final int CORRECT = 13;
    static final int ANSWER_MS = 14;
    static final int STAKE = 15;
    static final int ODDS = 16;
    static final int CHANNEL = 17;
    static final int KIND = 18;
    static final int DURATION_MS = 19;
    static final int SEVERITY = 20;
    static final int VOIDS = 21;
    static final int COUNT = 22;

    /** Indexed by field id. */
    private static final NameTable NAMES = new NameTable(
        "type", "seq", "ts", "player", "team", "clue", "solveMs", "hints", "treasure", "rarity", "zone",
        "checkpoint", "quiz", "correct", "answerMs", "stake", "odds", "channel", "kind", "durationMs", "severity", "voids");

    // Names with their closing quote as little-endian words (names of 8 letters and more: their first 8).
    private static final long TYPE_KEY = word("type\"");
    private static final long SEQ_KEY = word("seq\"");
    private static final long TS_KEY = word("ts\"");
    private static final long PLAYER_KEY = word("player\"");
    private static final long TEAM_KEY = word("team\"");
    private static final long CLUE_KEY = word("clue\"");
    private static final long SOLVE_MS_KEY = word("solveMs\"");
    private static final long HINTS_KEY = word("hints\"");
    private static final long TREASURE_KEY = word("treasure");
    private static final long RARITY_KEY = word("rarity\"");
    private static final long ZONE_KEY = word("zone\"");
    private static final long CHECKPOINT_KEY = word("checkpoi");
    private static final long QUIZ_KEY = word("quiz\"");
    private static final long CORRECT_KEY = word("correct\"");
    private static final long ANSWER_MS_KEY = word("answerMs");
    private static final long STAKE_KEY = word("stake\"");
    private static final long ODDS_KEY = word("odds\"");
    private static final long CHANNEL_KEY = word("channel\"");
    private static final long KIND_KEY = word("kind\"");
    private static final long DURATION_MS_KEY = word("duration");
    private static final long SEVERITY_KEY = word("severity");
    private static final long VOIDS_KEY = word("voids\"");

    private EventField()
    {
    }

    /**
     * @return the field named by these unescaped key bytes, or -1 for a key the game ignores. {@code key} must hold
     * {@link NameTable#READ_PADDING} bytes from {@code offset}.
     */
    static int lookup(final byte[] key, final int offset, final int length)
    {
        return NAMES.lookup(key, offset, length);
    }

    /**
     * Matches a known field's name written plainly at the start of a key, closing quote included, by constant
     * compares picked by its first byte. Every outcome is a constant, so a parser that advances by the returned
     * length never waits on the line's bytes: the CPU predicts the branch and runs on while the compare resolves
     * (a SWAR count of the key's length would put a load and a dozen dependent operations on that path instead).
     *
     * @param word the 8 bytes from {@code at}, little-endian.
     * @param at   the position just after the key's opening quote, with {@code at + 8 <= end}.
     * @return the field | its name's length << 8, or -1 for any other key, which the general path then handles.
     */
    static int matchPlain(final long word, final byte[] b, final int at, final int end)
    {
        // Split by first letter into small methods, each within the JIT's inlining limit, so that the ones a
        // stream actually uses inline into the parser's member loop.
        switch ((int)word & 0xFF)
        {
            case 't':
                return matchT(word, b, at, end);
            case 's':
                return matchS(word, b, at, end);
            case 'p':
                return isShort(word, PLAYER_KEY, 7) ? known(PLAYER, 6) : -1;
            case 'c':
                return matchC(word, b, at, end);
            case 'a':
                return word == ANSWER_MS_KEY && quoteAt(b, at + 8, end) ? known(ANSWER_MS, 8) : -1;
            case 'd':
                return word == DURATION_MS_KEY && tailAt(b, at + 8, end, 'M', 's') ? known(DURATION_MS, 10) : -1;
            default:
                return matchOtherShortNames(word);
        }
    }

    private static int matchOtherShortNames(final long word)
    {
        switch ((int)word & 0xFF)
        {
            case 'h':
                return isShort(word, HINTS_KEY, 6) ? known(HINTS, 5) : -1;
            case 'r':
                return isShort(word, RARITY_KEY, 7) ? known(RARITY, 6) : -1;
            case 'z':
                return isShort(word, ZONE_KEY, 5) ? known(ZONE, 4) : -1;
            case 'q':
                return isShort(word, QUIZ_KEY, 5) ? known(QUIZ, 4) : -1;
            case 'o':
                return isShort(word, ODDS_KEY, 5) ? known(ODDS, 4) : -1;
            case 'k':
                return isShort(word, KIND_KEY, 5) ? known(KIND, 4) : -1;
            case 'v':
                return isShort(word, VOIDS_KEY, 6) ? known(VOIDS, 5) : -1;
            default:
                return -1;
        }
    }

    private static int matchT(final long word, final byte[] b, final int at, final int end)
    {
        if (isShort(word, TYPE_KEY, 5))
        {
            return known(TYPE, 4);
        }
        if (isShort(word, TS_KEY, 3))
        {
            return known(TS, 2);
        }
        if (isShort(word, TEAM_KEY, 5))
        {
            return known(TEAM, 4);
        }
        return word == TREASURE_KEY && quoteAt(b, at + 8, end) ? known(TREASURE, 8) : -1;
    }

    private static int matchS(final long word, final byte[] b, final int at, final int end)
    {
        if (isShort(word, SEQ_KEY, 4))
        {
            return known(SEQ, 3);
        }
        if (word == SOLVE_MS_KEY)
        {
            return known(SOLVE_MS, 7);
        }
        if (isShort(word, STAKE_KEY, 6))
        {
            return known(STAKE, 5);
        }
        return word == SEVERITY_KEY && quoteAt(b, at + 8, end) ? known(SEVERITY, 8) : -1;
    }

    private static int matchC(final long word, final byte[] b, final int at, final int end)
    {
        if (isShort(word, CLUE_KEY, 5))
        {
            return known(CLUE, 4);
        }
        if (word == CORRECT_KEY)
        {
            return known(CORRECT, 7);
        }
        if (word == CHANNEL_KEY)
        {
            return known(CHANNEL, 7);
        }
        return word == CHECKPOINT_KEY && tailAt(b, at + 8, end, 'n', 't') ? known(CHECKPOINT, 10) : -1;
    }

    private static boolean isShort(final long word, final long quotedName, final int quotedLength)
    {
        return (word & NameTable.lowBytes(quotedLength)) == quotedName;
    }

    private static boolean quoteAt(final byte[] b, final int pos, final int end)
    {
        return pos < end && b[pos] == '"';
    }

    /** Two more letters of a 10-letter name and its closing quote at {@code pos}. */
    private static boolean tailAt(final byte[] b, final int pos, final int end, final char c1, final char c2)
    {
        return pos + 3 <= end && b[pos] == c1 && b[pos + 1] == c2 && b[pos + 2] == '"';
    }

    private static int known(final int field, final int nameLength)
    {
        return field | nameLength << 8;
    }

    /** Up to 8 ASCII characters as a little-endian word, zero-padded. */
    private static long word(final String text)
    {
        long word = 0;
        for (int i = text.length() - 1; i >= 0; i--)
        {
            word = word << 8 | text.charAt(i);
        }
        return word;
    }
}
