package io.scoreline.pipeline;

import io.scoreline.leaderboard.Ranking;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** GAME.md section 6 standings CSV: header, one line per entry in rank order, '\n' after each. */
public final class Standings
{
    private Standings()
    {
    }

    /** Writes the whole board; call on the board thread (a {@link BoardQuery}). */
    public static void write(final Ranking board, final String idColumn, final OutputStream out)
    {
        final StringBuilder sb = new StringBuilder(64 + board.size() * 24);
        sb.append("rank,").append(idColumn).append(",score\n");
        board.forEachInRange(0, board.size(), (rank, id, total) ->
            sb.append(rank).append(',').append(id).append(',').append(total).append('\n'));
        try
        {
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
