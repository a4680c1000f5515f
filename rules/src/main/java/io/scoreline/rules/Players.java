package io.scoreline.rules;

/**
 * Per-player state of GAME.md section 2: one bit-packed record of {@link RecordLayout#bytes} bytes
 * per player (98 with the default rulebook) in a single {@code byte[]}, indexed by a dense handle,
 * plus the id index. Players arrive in random order, so what costs is cache misses: one record
 * spans 2 or 3 cache lines, where one array per field would cost a miss per field. A zeroed
 * record reads as a fresh player, so nothing is initialised up front.
 */
final class Players
{
    /** Bytes between prefetch touches: under a line, so every line of a record gets one. */
    private static final int TOUCH_STEP = 56;

    final RecordLayout layout;
    final byte[] records;
    final int stride;
    final PlayerIndex index;

    Players(final int capacity, final RecordLayout layout)
    {
        this.layout = layout;
        this.stride = layout.bytes;
        final long length = (long)capacity * stride;
        if (capacity < 1 || length > Integer.MAX_VALUE - 16)
        {
            throw new IllegalArgumentException("player capacity must be in 1.." + (Integer.MAX_VALUE - 16) / stride +
                " at " + stride + " bytes a player, got " + capacity);
        }
        records = new byte[(int)length];
        index = new PlayerIndex(capacity, this);
    }

    /** Offset of a player's record in {@link #records}. */
    int base(final int h)
    {
        return h * stride;
    }

    long id(final int h)
    {
        return layout.id.get(records, h * stride);
    }

    /** Gives {@code id} the next handle and writes it into its record; the caller checked {@link #isFull}. */
    int create(final long id)
    {
        final int h = index.add(id);
        layout.id.set(records, base(h), id);
        return h;
    }

    boolean isFull()
    {
        return index.size() == index.capacity();
    }

    /** Loads a word in every cache line of a player's record (a prefetch); @return a value for a sink. */
    long touch(final int h)
    {
        final int base = h * stride;
        final int last = base + stride - 8;
        long sink = 0;
        for (int at = base; at < last; at += TOUCH_STEP)
        {
            sink += BitField.touch(records, at);
        }
        return sink + BitField.touch(records, last);
    }

    /** Bytes of state per player: the record plus the id index. */
    double bytesPerPlayer()
    {
        return stride + index.bytesPerPlayer();
    }
}
