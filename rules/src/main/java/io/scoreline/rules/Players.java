package io.scoreline.rules;

import java.util.Arrays;

/**
 * Per-player state of GAME.md section 2 as parallel primitive arrays indexed by a dense handle:
 * one cache line or two per event instead of an object graph, and nothing for the GC to trace.
 */
final class Players
{
    static final byte JOINED = 1;
    static final byte FINAL_DONE = 2;
    static final byte DAY_FIRST_DONE = 4;
    /** A window that covers nothing: from = MAX so {@code from <= ts} never holds. */
    static final long EMPTY = Long.MAX_VALUE;

    final PlayerIndex index;
    final long[] total;
    final long[] lastSeq;
    final long[] joinTs;
    final long[] zoneMask;
    final char[] team;
    final int[] day;
    final int[] dayPoints;
    final int[] clueCount;
    final int[] cleanStreak;
    final int[] treasureCount;
    final int[] quizCorrect;
    final int[] quizStreak;
    final int[] predictions;
    final byte[] lastCheckpoint;
    final byte[] shares;
    final byte[] whatsappShares;
    final byte[] flags;
    final TimeHistory clueTimes;
    final TimeHistory treasureTimes;
    /** Personal windows [from, from + length). */
    final long[] doubleFrom;
    final int[] doubleLength;
    final long[] shieldFrom;
    final int[] shieldLength;
    /** freeze has a fixed length from the rulebook. */
    final long[] freezeFrom;

    Players(final int capacity, final int clueDepth, final int treasureDepth)
    {
        index = new PlayerIndex(capacity);
        total = new long[capacity];
        lastSeq = new long[capacity];
        joinTs = new long[capacity];
        zoneMask = new long[capacity];
        team = new char[capacity];
        day = new int[capacity];
        dayPoints = new int[capacity];
        clueCount = new int[capacity];
        cleanStreak = new int[capacity];
        treasureCount = new int[capacity];
        quizCorrect = new int[capacity];
        quizStreak = new int[capacity];
        predictions = new int[capacity];
        lastCheckpoint = new byte[capacity];
        shares = new byte[capacity];
        whatsappShares = new byte[capacity];
        flags = new byte[capacity];
        clueTimes = new TimeHistory(capacity, clueDepth);
        treasureTimes = new TimeHistory(capacity, treasureDepth);
        doubleFrom = new long[capacity];
        doubleLength = new int[capacity];
        shieldFrom = new long[capacity];
        shieldLength = new int[capacity];
        freezeFrom = new long[capacity];
        Arrays.fill(doubleFrom, EMPTY);
        Arrays.fill(shieldFrom, EMPTY);
        Arrays.fill(freezeFrom, EMPTY);
    }

    boolean isFull()
    {
        return index.size() == index.capacity();
    }

    boolean has(final int h, final byte flag)
    {
        return (flags[h] & flag) != 0;
    }

    /** Bytes of state per player slot, the id index included. */
    long bytesPerPlayer()
    {
        final long arrays = 8 * 4 + 2 + 4 * 8 + 4 + 8 + 4 + 8 + 4 + 8;
        return arrays + clueTimes.bytesPerPlayer() + treasureTimes.bytesPerPlayer()
            + index.bytes() / Math.max(1, index.capacity());
    }
}
