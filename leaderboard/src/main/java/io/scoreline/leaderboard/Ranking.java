package io.scoreline.leaderboard;

/** A board read in GAME.md order (total descending, then reachedAt, then id): what queries and standings need. */
public interface Ranking
{
    int size();

    /** Visits entries at ranks offset+1 .. offset+limit in order; returns the number visited. */
    int forEachInRange(int offset, int limit, Leaderboard.EntryConsumer consumer);
}
