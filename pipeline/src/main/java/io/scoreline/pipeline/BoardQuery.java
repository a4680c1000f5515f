package io.scoreline.pipeline;

/**
 * A read of the boards that travels through the ring and runs on the board stage's thread, the
 * boards' only owner, so no board needs a lock. The score stage, owner of the player index,
 * resolves {@link #playerId()} to a board handle on the way. Queries are not events: they may
 * allocate.
 */
public interface BoardQuery
{
    /** The player this query is about, or 0 for none. */
    default long playerId()
    {
        return 0;
    }

    /**
     * Runs on the board thread; the answer goes wherever the query keeps it.
     *
     * @param playerHandle board handle of {@link #playerId()}, or -1 if that player has no accepted event.
     */
    void answer(Boards boards, int playerHandle);
}
