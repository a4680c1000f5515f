package io.scoreline.rules;

/*
 * Oracle of EngineDifferentialTest: main's engine as it was at 0a093e0 (long[] records of 19 longs,
 * int index at load <= 0.5), copied under a reference name and not to be changed. Only the class
 * names differ from the original.
 */

/**
 * Per-player state of GAME.md section 2, one fixed-stride record per player in a single
 * {@code long[]}, indexed by a dense handle. ReferencePlayers arrive in random order, so what costs is
 * cache misses: a record spans 2-3 cache lines, where one array per field would cost one miss
 * per field (about 20). Small fields are packed two or more to a long.
 *
 * <p>Record layout (longs): id, total, lastSeq, joinTs, zoneMask, double/shield/freeze window
 * starts, [day|dayPoints], [clueCount|cleanStreak], [treasureCount|quizCorrect],
 * [quizStreak|predictions], [doubleLength|shieldLength], [team|lastCheckpoint|shares|
 * whatsappShares|flags|clueLen|treasureLen], clue history (newest + int offsets), treasure
 * history (newest + int offsets).
 */
final class ReferencePlayers
{
    static final byte JOINED = 1;
    static final byte FINAL_DONE = 2;
    static final byte DAY_FIRST_DONE = 4;
    /** A window that covers nothing: from = MAX so {@code from <= ts} never holds. */
    static final long EMPTY = Long.MAX_VALUE;

    static final int ID = 0;
    static final int TOTAL = 1;
    static final int LAST_SEQ = 2;
    static final int JOIN_TS = 3;
    static final int ZONE_MASK = 4;
    static final int DOUBLE_FROM = 5;
    static final int SHIELD_FROM = 6;
    static final int FREEZE_FROM = 7;
    static final int DAY = 8;
    static final int CLUES = 9;
    static final int TREASURES_QUIZ = 10;
    static final int QUIZ_PREDICTIONS = 11;
    static final int WINDOW_LENGTHS = 12;
    static final int SMALL = 13;
    static final int CLUE_HISTORY = 14;

    // Bit positions inside SMALL.
    static final int TEAM_SHIFT = 0;
    static final int CHECKPOINT_SHIFT = 16;
    static final int SHARES_SHIFT = 24;
    static final int WHATSAPP_SHIFT = 32;
    static final int FLAGS_SHIFT = 40;
    static final int CLUE_LEN_SHIFT = 48;
    static final int TREASURE_LEN_SHIFT = 56;

    final ReferencePlayerIndex index;
    final long[] state;
    final int stride;
    final ReferenceTimeHistory clueTimes;
    final ReferenceTimeHistory treasureTimes;

    ReferencePlayers(final int capacity, final int clueDepth, final int treasureDepth)
    {
        final int treasureHistory = CLUE_HISTORY + ReferenceTimeHistory.longs(clueDepth);
        stride = treasureHistory + ReferenceTimeHistory.longs(treasureDepth);
        state = new long[Math.multiplyExact(capacity, stride)];
        index = new ReferencePlayerIndex(capacity, this);
        clueTimes = new ReferenceTimeHistory(state, CLUE_HISTORY, clueDepth, CLUE_LEN_SHIFT);
        treasureTimes = new ReferenceTimeHistory(state, treasureHistory, treasureDepth, TREASURE_LEN_SHIFT);
        for (int h = 0; h < capacity; h++)
        {
            final int base = h * stride;
            state[base + DOUBLE_FROM] = EMPTY;
            state[base + SHIELD_FROM] = EMPTY;
            state[base + FREEZE_FROM] = EMPTY;
        }
    }

    /** Offset of a player's record in {@link #state}. */
    int base(final int h)
    {
        return h * stride;
    }

    long id(final int h)
    {
        return state[h * stride + ID];
    }

    boolean isFull()
    {
        return index.size() == index.capacity();
    }

    /** Bytes of state per player: the record plus the id index. */
    long bytesPerPlayer()
    {
        return stride * 8L + index.bytesPerPlayer();
    }

    static int hi(final long packed)
    {
        return (int)(packed >>> 32);
    }

    static int lo(final long packed)
    {
        return (int)packed;
    }

    static long pack(final int hi, final int lo)
    {
        return ((long)hi << 32) | (lo & 0xFFFF_FFFFL);
    }

    static int field(final long small, final int shift, final int bits)
    {
        return (int)(small >>> shift) & ((1 << bits) - 1);
    }

    static long withField(final long small, final int shift, final int bits, final int value)
    {
        final long mask = ((1L << bits) - 1) << shift;
        return (small & ~mask) | (((long)value << shift) & mask);
    }
}
