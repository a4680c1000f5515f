package io.scoreline.pipeline;

import io.scoreline.rules.Score;

import java.nio.charset.StandardCharsets;

/**
 * {@code replay --player ID}: after the player's own result lines, one line at each void that
 * changed the player's total (GAME.md section 7), where the void stands in the stream:
 *
 * <pre>
 *   {"correction":S,"voided":V,"player":P,"before":T0,"after":T1,"rank":K}
 * </pre>
 *
 * S is the void's seq, V the seq it voided; T0 the player's total before the void (the last of
 * its results, or of the correction lines; null if it had none), T1 after it and K its rank
 * then (null, null when the correction left the player with no accepted event). Results after
 * the line carry the corrected totals.
 */
final class PlayerAudit
{
    private final long player;
    private boolean known;
    private long total;

    PlayerAudit(final long player)
    {
        this.player = player;
    }

    /** Follows the player's totals from its own results. */
    void onResult(final EventSlot slot)
    {
        if (slot.score.status == Score.OK)
        {
            known = true;
            total = slot.score.total;
        }
    }

    /** @return the correction line for an applied void, or null when it did not change this player's total. */
    byte[] onVoid(final EventSlot slot)
    {
        final BoardImage image = slot.rebuild;
        int place = -1;
        for (int i = 0; i < image.ids.length && place < 0; i++)
        {
            place = image.ids[i] == player ? i : -1;
        }
        if (image.partial && place < 0 && !contains(image.removedIds, player))
        {
            return null; // neither put back nor taken off: the void did not change this player
        }
        final boolean after = place >= 0;
        final long afterTotal = after ? image.totals[place] : 0;
        final int rank = !after ? 0 : image.partial ? image.board.rank(image.handles[place]) : place + 1;
        if (after == known && (!after || afterTotal == total))
        {
            return null;
        }
        final String line = "{\"correction\":" + slot.event.seq + ",\"voided\":" + slot.event.voids + ",\"player\":" + player +
            ",\"before\":" + (known ? Long.toString(total) : "null") + ",\"after\":" + (after ? Long.toString(afterTotal) : "null") +
            ",\"rank\":" + (after ? Integer.toString(rank) : "null") + "}";
        known = after;
        total = afterTotal;
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean contains(final long[] ids, final long id)
    {
        for (final long i : ids)
        {
            if (i == id)
            {
                return true;
            }
        }
        return false;
    }
}
