package io.scoreline.rules;

import java.io.DataInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;

/**
 * Reads an engine image (the bytes {@link EngineCapture#writeEngine} writes) into a fresh
 * engine's parts: records, finders, teams, the match state, the match feed and the void overrides.
 * Start-up only; it allocates freely.
 */
final class EngineImage
{
    private static final int RESTORE_CHUNK = 1 << 20;
    /** Bytes of one team entry: id (short), total (long), reachedAt (long). */
    private static final int TEAM_BYTES = 18;

    private final Players players;
    private final RecordLayout layout;
    private final TreasureFinders finders;
    private final long[] teamTotal;
    private final boolean[] teamSeen;
    private final long[] teamReachedAt;
    private final MatchState match;
    private final MatchFeed feed;
    private final VoidOverrides overrides;

    EngineImage(
        final Players players, final RecordLayout layout, final TreasureFinders finders, final long[] teamTotal,
        final boolean[] teamSeen, final long[] teamReachedAt, final MatchState match, final MatchFeed feed,
        final VoidOverrides overrides)
    {
        this.players = players;
        this.layout = layout;
        this.finders = finders;
        this.teamTotal = teamTotal;
        this.teamSeen = teamSeen;
        this.teamReachedAt = teamReachedAt;
        this.match = match;
        this.feed = feed;
        this.overrides = overrides;
    }

    /**
     * @return the number of player records read (the id index is rebuilt from them apart).
     * @throws IOException if the data is short or does not fit this engine.
     */
    int read(final DataInput in) throws IOException
    {
        final int stride = in.readInt();
        final int count = in.readInt();
        if (stride != layout.bytes || count < 0 || count > players.index.capacity())
        {
            throw new IOException("engine image of " + count + " players x " + stride +
                " bytes does not fit " + players.index.capacity() + " x " + layout.bytes);
        }
        final int length = count * stride;
        for (int at = 0; at < length; at += RESTORE_CHUNK)
        {
            // In chunks: a FileInputStream under one huge read would malloc and first-touch a native buffer as large.
            in.readFully(players.records, at, Math.min(RESTORE_CHUNK, length - at));
        }
        readFinders(in);
        readTeams(in);
        match.read(in);
        final int feedSize = in.readInt();
        if (feedSize < 0)
        {
            throw new IOException("engine image: " + feedSize + " match events");
        }
        for (int i = 0; i < feedSize; i++)
        {
            feed.add(in.readLong(), in.readLong(), in.readByte(), Long.MIN_VALUE);
        }
        final int overrideCount = in.readInt();
        if (overrideCount < 0)
        {
            throw new IOException("engine image: " + overrideCount + " void overrides");
        }
        for (int i = 0; i < overrideCount; i++)
        {
            overrides.add(in.readLong(), in.readByte());
        }
        return count;
    }

    private void readFinders(final DataInput in) throws IOException
    {
        final int slots = in.readInt();
        if (slots != finders.finders.length)
        {
            throw new IOException("engine image has " + slots + " finder slots, this engine " + finders.finders.length);
        }
        final int nonEmpty = in.readInt();
        if (nonEmpty < 0 || nonEmpty > slots)
        {
            throw new IOException("engine image: " + nonEmpty + " finder entries for " + slots + " slots");
        }
        final IntBuffer entries = readInts(in, 2 * nonEmpty); // in bulk: ~1M entries after 10M events
        for (int i = 0; i < nonEmpty; i++)
        {
            final int at = entries.get();
            if (at < 0 || at >= slots)
            {
                throw new IOException("engine image: finder slot " + at + " out of range");
            }
            finders.finders[at] = entries.get();
        }
    }

    private void readTeams(final DataInput in) throws IOException
    {
        final int teams = in.readInt();
        if (teams < 0 || teams > teamTotal.length)
        {
            throw new IOException("engine image: " + teams + " teams");
        }
        final ByteBuffer teamBytes = ByteBuffer.allocate(teams * TEAM_BYTES);
        in.readFully(teamBytes.array());
        for (int i = 0; i < teams; i++)
        {
            final int team = teamBytes.getShort() & 0xFFFF;
            teamSeen[team] = true;
            teamTotal[team] = teamBytes.getLong();
            teamReachedAt[team] = teamBytes.getLong();
        }
    }

    private static IntBuffer readInts(final DataInput in, final int count) throws IOException
    {
        final byte[] bytes = new byte[count * Integer.BYTES];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes).asIntBuffer();
    }
}
