package io.scoreline.leaderboard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TeamBoardTest
{
    private final TeamBoard board = new TeamBoard(65_536);

    @Test
    void shouldOrderByTotalDescendingThenReachedAtThenId()
    {
        board.update(7, 500, 10);
        board.update(3, 900, 11);
        board.update(9, 500, 4);   // same total as team 7, reached earlier: ahead of it
        board.update(65_535, -95, 12);
        board.update(1, 500, 4);   // same total and reachedAt as team 9: lower id first

        assertEquals(List.of("1,3,900", "2,1,500", "3,9,500", "4,7,500", "5,65535,-95"), page(0, 10));
        assertEquals(5, board.size());
    }

    @Test
    void shouldResortAfterAnUpdateAndKeepEachTeamOnce()
    {
        board.update(1, 100, 1);
        board.update(2, 200, 2);
        assertEquals(List.of("1,2,200", "2,1,100"), page(0, 10));

        board.update(1, 300, 3);
        assertEquals(List.of("1,1,300", "2,2,200"), page(0, 10));
        assertEquals(2, board.size());
    }

    @Test
    void shouldPageByOffsetAndLimit()
    {
        for (int team = 0; team < 10; team++)
        {
            board.update(team, team * 10, team);
        }
        assertEquals(List.of("3,7,70", "4,6,60"), page(2, 2));
        assertEquals(List.of(), page(10, 5));
        assertEquals(List.of(), page(0, 0));
    }

    private List<String> page(final int offset, final int limit)
    {
        final List<String> rows = new ArrayList<>();
        final int visited = board.forEachInRange(offset, limit, (rank, id, total) -> rows.add(rank + "," + id + "," + total));
        assertEquals(rows.size(), visited);
        return rows;
    }
}
