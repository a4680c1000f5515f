package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packed record: widths from GAME.md and the rulebook, no overlaps, no writes past a field. */
class RecordLayoutTest
{
    @Test
    void shouldGiveEachFieldOfTheShippedRulebookTheBitsItsValuesNeed()
    {
        final RecordLayout l = new RecordLayout(new RuleParams(Rulebook.defaults()));

        assertEquals(63, l.id.width);             // 1..2^63-1
        assertEquals(63, l.lastSeq.width);
        assertEquals(64, l.total.width);
        assertEquals(64, l.zoneMask.width);
        assertEquals(22, l.day.width);            // 253402300799999 / 86400000 = 2932896 < 2^22
        assertEquals(16, l.dayPoints.width);      // 0..50000 (R46)
        assertEquals(3, l.shares.width);          // 0..5 (R35)
        assertEquals(3, l.channelShares.width);   // 0..5 (R36)
        assertEquals(48, l.joinTs.width);         // ts + 1 <= 253402300800000 < 2^48
        assertEquals(48, l.doubleFrom.width);
        assertEquals(20, l.doubleLength.width);   // durationMs <= 600000 < 2^20
        assertEquals(6, l.clueCount.width);       // saturates at 51 (R12's 50 + 1)
        assertEquals(4, l.cleanStreak.width);     // 0..13: exact to R09's 10, then 11..13 (R08's every 3)
        assertEquals(7, l.treasureCount.width);   // saturates at 101
        assertEquals(5, l.quizCorrect.width);     // saturates at 21
        assertEquals(3, l.quizStreak.width);      // 0..4 (R29's every 5)
        assertEquals(3, l.predictions.width);     // saturates at 4
        assertEquals(7, l.lastCheckpoint.width);  // 0..100
        assertEquals(4, l.clueOffsets.length);    // R10 holds 5
        assertEquals(20, l.clueOffsets[0].width); // 2 x 300000 + 3 codes
        assertEquals(2, l.treasureOffsets.length);
        assertEquals(18, l.treasureOffsets[0].width); // 2 x 120000 + 3 codes
        assertEquals(44, l.reachedAt.width);      // ordinals up to 2^44 - 1
        assertEquals(779 + 44, l.usedBits());
        assertEquals(103, l.bytes);               // 823 bits, packed without a gap: 102.9 bytes
    }

    @Test
    void shouldWidenFieldsForARulebookWithLargerNumbers()
    {
        final RecordLayout l = new RecordLayout(new RuleParams(EngineDifferentialTest.rulebook("wide", EngineDifferentialTest.WIDE)));

        assertEquals(20, l.clueCount.width);      // saturates at 1000001
        assertEquals(21, l.cleanStreak.width);    // 0..2000000
        assertEquals(20, l.quizStreak.width);     // 0..999999
        assertEquals(20, l.dayPoints.width);      // 0..1000000
        assertEquals(7, l.shares.width);          // 0..100
        assertEquals(15, l.clueOffsets.length);
        assertEquals(32, l.clueOffsets[0].width); // codes 0..2 + 2 x 2147483646 = 2^32 - 2
        assertEquals(15, l.treasureOffsets.length);
        assertTrue(l.bytes > 200, "bytes " + l.bytes);
    }

    @Test
    void shouldKeepTheShippedRulebookWithin108BytesAPlayerWithTheIndex()
    {
        final ScoringEngine engine = new ScoringEngine(Rulebook.defaults(), 1_000_000, 1_000);

        // 103 since reachedAt joined the record for snapshots (98 before); the README's bound is 128 with the board.
        assertEquals(103 + 4.0 / PlayerIndex.MAX_LOAD, engine.bytesPerPlayer(), 0.01);
        assertTrue(engine.bytesPerPlayer() <= 108);
    }

    @Test
    void shouldPlaceFieldsWithoutOverlapInsideTheRecord()
    {
        for (final String[] edits : new String[][]{ {}, EngineDifferentialTest.WIDE, EngineDifferentialTest.NARROW, EngineDifferentialTest.EDGES })
        {
            final RecordLayout l = new RecordLayout(new RuleParams(EngineDifferentialTest.rulebook("book", edits)));
            final boolean[] used = new boolean[l.bytes * 8];
            for (final BitField f : l.all())
            {
                assertTrue(f.byteOffset >= 0 && f.byteOffset + 8 <= l.bytes, f + " word inside " + l.bytes + " bytes");
                for (int bit = f.byteOffset * 8 + f.shift; bit < f.byteOffset * 8 + f.shift + f.width; bit++)
                {
                    assertFalse(used[bit], f + " overlaps at bit " + bit);
                    used[bit] = true;
                }
            }
            assertTrue(l.id.byteOffset == 0 && l.lastSeq.byteOffset >= 8, "the id's word holds only the id");
        }
    }

    @Test
    void shouldReadBackEveryFieldAfterWritingAllOfThemInAnyOrder()
    {
        final RecordLayout l = new RecordLayout(new RuleParams(EngineDifferentialTest.rulebook("edges", EngineDifferentialTest.EDGES)));
        final BitField[] fields = l.all();
        final SplittableRandom random = new SplittableRandom(5);
        final int records = 3;
        final byte[] bytes = new byte[records * l.bytes];
        final long[][] expected = new long[records][fields.length];
        for (int round = 0; round < 2_000; round++)
        {
            final int record = random.nextInt(records);
            final int i = random.nextInt(fields.length);
            final long value = fields[i].width == 64 ? random.nextLong()
                : random.nextInt(4) == 0 ? fields[i].max() : random.nextLong(fields[i].max()) + (random.nextBoolean() ? 1 : 0);
            fields[i].set(bytes, record * l.bytes, value);
            expected[record][i] = value;
            for (int r = 0; r < records; r++)
            {
                for (int k = 0; k < fields.length; k++)
                {
                    assertEquals(expected[r][k], fields[k].get(bytes, r * l.bytes), fields[k] + " of record " + r);
                }
            }
        }
    }

    @Test
    void shouldCountTheCleanStreakAsR08AndR09SeeIt()
    {
        final RecordLayout l = new RecordLayout(new RuleParams(Rulebook.defaults())); // R08 every 3, R09 count 10
        long stored = 0;
        for (int streak = 1; streak <= 100; streak++)
        {
            stored = l.nextCleanStreak(stored);
            assertEquals(streak % 3 == 0, stored % 3 == 0, "R08 at streak " + streak);
            assertEquals(streak == 10, stored == 10, "R09 at streak " + streak);
            assertTrue(stored > 0 && stored <= 13, "stored " + stored);
        }
    }
}
