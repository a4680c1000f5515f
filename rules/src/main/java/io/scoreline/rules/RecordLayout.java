package io.scoreline.rules;

/**
 * Where each field of GAME.md section 2 sits in a player's record, and how wide it is. The widths
 * come from GAME.md's ranges and from the rulebook's numbers: a field holds exactly the values its
 * rules can tell apart, so a larger milestone, streak or span in a custom rulebook makes a wider
 * field (and a longer record), never a wrong answer. Fields are packed bit by bit; the record is
 * {@link #bytes} long, with no alignment padding beyond what {@link BitField} needs.
 *
 * <p>What each field stores (default rulebook widths in brackets):
 * <ul>
 * <li>{@code id} [63], written once when the player is created; its word holds nothing else, so
 *     other threads may read it ({@link ScoringEngine#playerId}).
 * <li>{@code lastSeq} [63] and {@code total} [64]: exact.
 * <li>{@code zoneMask} [64]: exact (R17 tests a bit, R18 counts them).
 * <li>The day block: {@code day} [22] (days up to year 9999), {@code dayPoints} [bits of the daily
 *     cap: R46 keeps it in 0..cap], {@code dayFirstDone} [1], {@code shares} and
 *     {@code channelShares} [bits of their limits: R35/R36 stop counting at the limit].
 * <li>Timestamps ({@code joinTs}, window starts, history newest) [48]: ts + 1, so 0 means none
 *     (not joined, window empty, history empty) and a zeroed record is a fresh player.
 * <li>Window lengths [20]: {@code durationMs} is at most 600000 (GAME.md 1.1).
 * <li>Milestone counters ({@code clueCount}, {@code treasureCount}, {@code quizCorrect},
 *     {@code predictions}) [6, 7, 5, 3]: only ever compared with {@code ==} to their targets, so
 *     they saturate at the largest target + 1.
 * <li>{@code cleanStreak} [4]: exact up to R09's {@code count}, then kept in the {@code every}
 *     values above it with its residue modulo R08's {@code every} (see {@link #nextCleanStreak}).
 * <li>{@code quizStreak} [3]: only used modulo R29's {@code every}, so stored modulo it.
 * <li>{@code lastCheckpoint} [7] (checkpoints are 1..100), {@code finalDone} [1];
 *     {@code joined} is {@code joinTs != 0}.
 * <li>Histories: see {@link TimeHistory} [48 + 4 x 20 for clues, 48 + 2 x 18 for treasures].
 * <li>{@code reachedAt} [44]: GAME.md section 6, the ordinal of the player's latest total change
 *     (or first event). The board keeps its order without it; a snapshot needs it to rebuild that
 *     order (ties among equal totals) from the records alone. 44 bits hold 17.6 trillion ordinals.
 * </ul>
 * The player's {@code team} is not stored: nothing reads it (the service shows a player's total,
 * rank and neighbours; team totals are kept per team).
 */
final class RecordLayout
{
    /** GAME.md 1.1: the largest ts. */
    static final long MAX_TS = 253_402_300_799_999L;
    static final long DAY_MS = 86_400_000L;
    /** GAME.md 1.1: powerup {@code durationMs} is at most this. */
    static final long MAX_DURATION_MS = 600_000L;
    static final long MAX_CHECKPOINT = 100;
    static final int TS_BITS = bitsFor(MAX_TS + 1);
    static final int REACHED_AT_BITS = 44;

    final BitField id;
    final BitField lastSeq;
    final BitField finalDone;
    final BitField total;
    final BitField zoneMask;
    final BitField day;
    final BitField dayPoints;
    final BitField dayFirstDone;
    final BitField shares;
    final BitField channelShares;
    final BitField freezeFrom;
    final BitField doubleFrom;
    final BitField doubleLength;
    final BitField shieldFrom;
    final BitField shieldLength;
    final BitField clueCount;
    final BitField cleanStreak;
    final BitField treasureCount;
    final BitField quizCorrect;
    final BitField quizStreak;
    final BitField predictions;
    final BitField lastCheckpoint;
    final BitField joinTs;
    final BitField clueNewest;
    final BitField[] clueOffsets;
    final BitField treasureNewest;
    final BitField[] treasureOffsets;
    final BitField reachedAt;

    /** Record length in bytes. */
    final int bytes;
    /** Saturation values of the milestone counters: the largest target + 1. */
    final long clueCountCap;
    final long treasureCountCap;
    final long quizCorrectCap;
    final long predictionsCap;
    private final long streakReach;
    private final long streakEvery;
    private final long quizEvery;

    RecordLayout(final RuleParams r)
    {
        clueCountCap = Math.max(r.clueMilestone1, r.clueMilestone2) + 1L;
        treasureCountCap = Math.max(r.treasureMilestone1, r.treasureMilestone2) + 1L;
        quizCorrectCap = r.quizMilestone + 1L;
        predictionsCap = r.hatTrickCount + 1L;
        streakReach = r.cleanStreakReach;
        streakEvery = r.cleanStreakEvery;
        quizEvery = r.quizStreakEvery;

        final Placer p = new Placer();
        p.place("id", 63);
        p.skipToWord(); // the id's word holds nothing that changes
        p.place("lastSeq", 63);
        p.place("finalDone", 1);
        p.place("total", 64);
        p.place("zoneMask", 64);
        p.place("day", bitsFor(MAX_TS / DAY_MS));
        p.place("dayPoints", bitsFor(r.dailyCap));
        p.place("dayFirstDone", 1);
        p.place("shares", bitsFor(r.shareLimit));
        p.place("channelShares", bitsFor(r.shareChannelLimit));
        p.place("freezeFrom", TS_BITS);
        p.place("doubleFrom", TS_BITS);
        p.place("doubleLength", bitsFor(MAX_DURATION_MS));
        p.place("shieldFrom", TS_BITS);
        p.place("shieldLength", bitsFor(MAX_DURATION_MS));
        p.place("clueCount", bitsFor(clueCountCap));
        p.place("cleanStreak", bitsFor(streakReach + streakEvery));
        p.place("treasureCount", bitsFor(treasureCountCap));
        p.place("quizCorrect", bitsFor(quizCorrectCap));
        p.place("quizStreak", bitsFor(quizEvery - 1));
        p.place("predictions", bitsFor(predictionsCap));
        p.place("lastCheckpoint", bitsFor(MAX_CHECKPOINT));
        p.place("joinTs", TS_BITS);
        p.place("clueNewest", TS_BITS);
        for (int i = 0; i < r.clueRapidCount - 1; i++)
        {
            p.place("clueOffset" + i, TimeHistory.codeBits(r.clueRapidSpanMs));
        }
        p.place("treasureNewest", TS_BITS);
        for (int i = 0; i < r.treasureComboCount - 1; i++)
        {
            p.place("treasureOffset" + i, TimeHistory.codeBits(r.treasureComboSpanMs));
        }
        p.place("reachedAt", REACHED_AT_BITS);
        bytes = p.bytes();

        id = p.field("id");
        lastSeq = p.field("lastSeq");
        finalDone = p.field("finalDone");
        total = p.field("total");
        zoneMask = p.field("zoneMask");
        day = p.field("day");
        dayPoints = p.field("dayPoints");
        dayFirstDone = p.field("dayFirstDone");
        shares = p.field("shares");
        channelShares = p.field("channelShares");
        freezeFrom = p.field("freezeFrom");
        doubleFrom = p.field("doubleFrom");
        doubleLength = p.field("doubleLength");
        shieldFrom = p.field("shieldFrom");
        shieldLength = p.field("shieldLength");
        clueCount = p.field("clueCount");
        cleanStreak = p.field("cleanStreak");
        treasureCount = p.field("treasureCount");
        quizCorrect = p.field("quizCorrect");
        quizStreak = p.field("quizStreak");
        predictions = p.field("predictions");
        lastCheckpoint = p.field("lastCheckpoint");
        joinTs = p.field("joinTs");
        clueNewest = p.field("clueNewest");
        clueOffsets = p.fields("clueOffset", r.clueRapidCount - 1);
        treasureNewest = p.field("treasureNewest");
        treasureOffsets = p.fields("treasureOffset", r.treasureComboCount - 1);
        reachedAt = p.field("reachedAt");
    }

    /** A milestone counter after one more event: counts up to {@code cap} and stays there. */
    static long saturatingIncrement(final long stored, final long cap)
    {
        return stored < cap ? stored + 1 : cap;
    }

    /**
     * The stored clean streak after one more clean solve. Stored = the streak while it is at most
     * R09's count ("reach"); above it, reach + 1 + (streak - reach - 1) mod every. So the stored
     * value is positive when the streak is, equals reach exactly when the streak does, and is
     * congruent to it modulo R08's every: R08 and R09 read it as they would the streak.
     */
    long nextCleanStreak(final long stored)
    {
        final long next = stored + 1;
        return next > streakReach + streakEvery ? next - streakEvery : next;
    }

    /** The stored quiz streak (the streak modulo R29's every) after one more correct answer. */
    long nextQuizStreak(final long stored)
    {
        final long next = stored + 1;
        return next == quizEvery ? 0 : next;
    }

    /** Bits of an unsigned field that holds 0..max (at least 1). */
    static int bitsFor(final long max)
    {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    }

    /** Total bits the fields use (the rest of {@link #bytes} is padding). */
    int usedBits()
    {
        int bits = 0;
        for (final BitField f : all())
        {
            bits += f.width;
        }
        return bits;
    }

    BitField[] all()
    {
        final BitField[] fixed = {
            id, lastSeq, finalDone, total, zoneMask, day, dayPoints, dayFirstDone, shares, channelShares,
            freezeFrom, doubleFrom, doubleLength, shieldFrom, shieldLength, clueCount, cleanStreak, treasureCount,
            quizCorrect, quizStreak, predictions, lastCheckpoint, joinTs, clueNewest, treasureNewest, reachedAt
        };
        final BitField[] all = new BitField[fixed.length + clueOffsets.length + treasureOffsets.length];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(clueOffsets, 0, all, fixed.length, clueOffsets.length);
        System.arraycopy(treasureOffsets, 0, all, fixed.length + clueOffsets.length, treasureOffsets.length);
        return all;
    }

    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder().append(bytes).append(" bytes, ").append(usedBits()).append(" bits used:");
        for (final BitField f : all())
        {
            s.append(' ').append(f.name).append('=').append(f.width);
        }
        return s.toString();
    }

    /**
     * Places fields one after another by bit. A field whose bits would leave the 8-byte word read
     * from its first byte starts at the next byte instead. Once the record's length is known, a
     * word that would run past the record's end is read from 8 bytes before the end, so no access
     * touches a neighbouring record.
     */
    private static final class Placer
    {
        private final java.util.Map<String, int[]> placed = new java.util.LinkedHashMap<>();
        private int position;
        private int bytes = -1;

        void place(final String name, final int width)
        {
            if ((position & 7) + width > 64)
            {
                position = (position + 7) & ~7;
            }
            placed.put(name, new int[]{ position, width });
            position += width;
        }

        void skipToWord()
        {
            position = (position + 63) & ~63;
        }

        int bytes()
        {
            bytes = Math.max(8, (position + 7) >>> 3);
            return bytes;
        }

        BitField field(final String name)
        {
            final int[] at = placed.get(name);
            final int byteOffset = Math.min(at[0] >>> 3, bytes - 8);
            return new BitField(name, byteOffset, at[0] - byteOffset * 8, at[1]);
        }

        BitField[] fields(final String prefix, final int count)
        {
            final BitField[] fields = new BitField[count];
            for (int i = 0; i < count; i++)
            {
                fields[i] = field(prefix + i);
            }
            return fields;
        }
    }
}
