package io.scoreline.leaderboard;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-worked cases of GAME.md section 6: total descending, reachedAt ascending, id ascending. */
class LeaderboardEdgeCaseTest
{
    private final List<String> visited = new ArrayList<>();
    private final Leaderboard.EntryConsumer collect = (rank, id, total) -> visited.add(rank + ":" + id + ":" + total);

    @Test
    void shouldReportNothingForAnEmptyBoard()
    {
        final Leaderboard board = new Leaderboard(16);

        assertEquals(0, board.size());
        assertFalse(board.contains(3));
        assertEquals(0, board.rank(3));
        assertEquals(0, board.total(3));
        assertEquals(0, board.forEachInRange(0, 10, collect));
        assertEquals(0, board.forEachAround(3, 5, 5, collect));
        assertTrue(visited.isEmpty());
    }

    @Test
    void shouldRankASingleEntryFirst()
    {
        final Leaderboard board = new Leaderboard(16);
        board.update(7, 1007, 250, 1);

        assertEquals(1, board.size());
        assertTrue(board.contains(7));
        assertEquals(1, board.rank(7));
        assertEquals(250, board.total(7));
        assertEquals(1007, board.id(7));
        assertEquals(1, board.forEachInRange(0, 10, collect));
        assertEquals(1, board.forEachAround(7, 3, 3, collect));
        assertEquals(List.of("1:1007:250", "1:1007:250"), visited);
    }

    /**
     * A void's board changes (GAME.md section 7) on an arrival-order board: ids 1..4 reached 100
     * at ordinals 10..13, id 6 reached 70 at 14. After the void id 4 has no accepted event, id 3's
     * event at 12 gives it 70 (reached before id 6), and id 5 (new) reached 100 at 15.
     * Taken off: 4 and 3; put in at their ranks in ascending order: 5 at 3 (behind 1 and 2), 3 at
     * 4 (ahead of 6).
     */
    @Test
    void shouldInsertAtAGivenRankAmongEqualTotalsAndTakeOff()
    {
        final Leaderboard board = Leaderboard.inArrivalOrder(16);
        board.update(1, 1, 100, 10);
        board.update(2, 2, 100, 11);
        board.update(3, 3, 100, 12);
        board.update(4, 4, 100, 13);
        board.update(6, 6, 70, 14);

        board.remove(4);
        board.remove(3);
        board.insertAtRank(5, 5, 100, 3);
        board.insertAtRank(3, 3, 70, 4);

        assertEquals(5, board.size());
        assertFalse(board.contains(4));
        assertEquals(0, board.rank(4));
        assertEquals(3, board.rank(5));
        assertEquals(4, board.rank(3));
        assertEquals(5, board.rank(6));
        board.forEachInRange(0, 10, collect);
        assertEquals(List.of("1:1:100", "2:2:100", "3:5:100", "4:3:70", "5:6:70"), visited);
        board.update(7, 7, 100, 15); // later events still append
        assertEquals(4, board.rank(7));
    }

    @Test
    void shouldBreakEqualTotalsByEarlierReachedAtThenLowerId()
    {
        final Leaderboard board = new Leaderboard(16);
        board.update(0, 30, 100, 5);   // same total, latest reachedAt: last of the 100s
        board.update(1, 20, 100, 2);   // reachedAt 2, id 20
        board.update(2, 10, 100, 2);   // reachedAt 2, id 10: ahead of id 20
        board.update(3, 40, 200, 9);   // highest total first whatever its reachedAt
        board.update(4, 5, 50, 1);     // lowest total last whatever its reachedAt

        assertEquals(1, board.rank(3));
        assertEquals(2, board.rank(2));
        assertEquals(3, board.rank(1));
        assertEquals(4, board.rank(0));
        assertEquals(5, board.rank(4));
        board.forEachInRange(0, 5, collect);
        assertEquals(List.of("1:40:200", "2:10:100", "3:20:100", "4:30:100", "5:5:50"), visited);
    }

    @Test
    void shouldPutAPlayerWhoseTotalChangesLastAmongEqualTotals()
    {
        final Leaderboard board = new Leaderboard(16);
        board.update(0, 1, 10, 1);
        board.update(1, 2, 20, 2);
        board.update(1, 2, 10, 3);     // falls to 10 at ordinal 3: behind player 1, who reached 10 at ordinal 1

        assertEquals(1, board.rank(0));
        assertEquals(2, board.rank(1));
        assertEquals(10, board.total(1));
    }

    @Test
    void shouldKeepRankOnAnUpdateThatChangesNothing()
    {
        final Leaderboard board = new Leaderboard(16);
        board.update(0, 1, 10, 1);
        board.update(1, 2, 10, 2);
        board.update(2, 3, 10, 3);
        board.update(0, 1, 10, 1);     // delta 0: reachedAt stays 1

        assertEquals(1, board.rank(0));
        assertEquals(2, board.rank(1));
        assertEquals(3, board.rank(2));
        assertEquals(3, board.size());
    }

    @Test
    void shouldRankNegativeAndExtremeTotals()
    {
        final Leaderboard board = new Leaderboard(16);
        board.update(0, 1, Long.MIN_VALUE, 1);
        board.update(1, 2, -700, 2);
        board.update(2, 3, 0, 3);
        board.update(3, 4, Long.MAX_VALUE, 4);
        board.update(4, 5, Long.MIN_VALUE, 5);

        board.forEachInRange(0, 10, collect);
        assertEquals(List.of(
            "1:4:" + Long.MAX_VALUE, "2:3:0", "3:2:-700", "4:1:" + Long.MIN_VALUE, "5:5:" + Long.MIN_VALUE), visited);
        assertEquals(4, board.rank(0));
        assertEquals(5, board.rank(4));
    }

    @Test
    void shouldVisitNothingFromAnOffsetAtOrBeyondTheSize()
    {
        final Leaderboard board = boardOfTen();

        assertEquals(0, board.forEachInRange(10, 5, collect));
        assertEquals(0, board.forEachInRange(Integer.MAX_VALUE, Integer.MAX_VALUE, collect));
        assertEquals(0, board.forEachInRange(3, 0, collect));
        assertEquals(1, board.forEachInRange(9, Integer.MAX_VALUE, collect));
        assertEquals(List.of("10:109:10"), visited);
    }

    @Test
    void shouldVisitAPageInRankOrder()
    {
        final Leaderboard board = boardOfTen();

        assertEquals(3, board.forEachInRange(2, 3, collect));
        assertEquals(List.of("3:100:100", "4:101:90", "5:102:80"), visited);
    }

    @Test
    void shouldClipTheNeighbourhoodAtTheTopAndTheBottom()
    {
        final Leaderboard board = boardOfTen();

        assertEquals(3, board.forEachAround(8, 2, 2, collect));     // rank 1: nothing ahead
        assertEquals(3, board.forEachAround(9, 2, 5, collect));     // rank 10: nothing behind
        assertEquals(List.of("1:108:120", "2:10:110", "3:100:100", "8:105:40", "9:106:30", "10:109:10"), visited);
    }

    @Test
    void shouldEmptyTheBoardOnClear()
    {
        final Leaderboard board = boardOfTen();
        board.clear();

        assertEquals(0, board.size());
        assertFalse(board.contains(0));
        assertEquals(0, board.forEachInRange(0, 10, collect));
        board.update(5, 55, 1, 1);
        assertEquals(1, board.rank(5));
    }

    @Test
    void shouldRankEveryPlayerOfAFullBoardWithDistinctTotals()
    {
        final int capacity = 100_000;
        final Leaderboard board = new Leaderboard(capacity);
        for (int handle = 0; handle < capacity; handle++)
        {
            final int scrambled = (int)((handle * 48_271L) % capacity);     // inserts out of order
            board.update(scrambled, scrambled, scrambled, handle);
        }
        BoardInvariants.verify(board);

        final int[] ranks = new int[capacity];
        final int[] expected = new int[capacity];
        for (int handle = 0; handle < capacity; handle++)
        {
            ranks[handle] = board.rank(handle);
            expected[handle] = capacity - handle;                             // total = handle, highest first
        }
        assertArrayEquals(expected, ranks);
    }

    /** Totals 120, 110, 100, 90, 80, 70, 60, 40, 30, 10 at ranks 1..10; handle 7 has id 10: ids are reported. */
    private static Leaderboard boardOfTen()
    {
        final Leaderboard board = new Leaderboard(16);
        board.update(0, 100, 100, 1);
        board.update(1, 101, 90, 2);
        board.update(2, 102, 80, 3);
        board.update(3, 103, 70, 4);
        board.update(4, 104, 60, 5);
        board.update(5, 105, 40, 6);
        board.update(6, 106, 30, 7);
        board.update(7, 10, 110, 8);
        board.update(8, 108, 120, 9);
        board.update(9, 109, 10, 10);
        return board;
    }
}
