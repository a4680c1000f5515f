package io.scoreline.rules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed set of short ASCII names (at most {@link #MAX_NAME} bytes), looked up by a key's bytes with one hash and
 * two long compares instead of a byte loop per candidate. The hash only picks the single candidate slot: a hit is
 * still an exact compare of length and all bytes, so any key, however crafted, resolves correctly.
 */
final class NameTable
{
    static final int MAX_NAME = 16;
    /** {@link #lookup} reads this many bytes from the key's offset whatever its length: callers pad their arrays. */
    static final int READ_PADDING = MAX_NAME;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BITS = 7;
    private static final int SLOTS = 1 << BITS;

    private final long multiplier;
    private final long[] firsts = new long[SLOTS];
    private final long[] seconds = new long[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final int[] indexes = new int[SLOTS];

    NameTable(final String... names)
    {
        final byte[][] bytes = new byte[names.length][];
        final long[] firstWords = new long[names.length];
        final long[] secondWords = new long[names.length];
        for (int i = 0; i < names.length; i++)
        {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            if (bytes[i].length == 0 || bytes[i].length > MAX_NAME)
            {
                throw new IllegalArgumentException("name must be 1.." + MAX_NAME + " bytes: " + names[i]);
            }
            final byte[] padded = new byte[READ_PADDING];
            System.arraycopy(bytes[i], 0, padded, 0, bytes[i].length);
            firstWords[i] = first(padded, 0, bytes[i].length);
            secondWords[i] = second(padded, 0, bytes[i].length);
        }
        multiplier = perfectMultiplier(firstWords, secondWords, bytes);
        Arrays.fill(lengths, -1);
        for (int i = 0; i < names.length; i++)
        {
            final int slot = slot(multiplier, firstWords[i], secondWords[i], bytes[i].length);
            firsts[slot] = firstWords[i];
            seconds[slot] = secondWords[i];
            lengths[slot] = bytes[i].length;
            indexes[slot] = i;
        }
    }

    /**
     * @return the index of the name equal to {@code key[offset, offset + length)}, or -1. {@code key} must hold
     * {@link #READ_PADDING} bytes from {@code offset} even when the key is shorter; the bytes past it are ignored.
     */
    int lookup(final byte[] key, final int offset, final int length)
    {
        if (length > MAX_NAME)
        {
            return -1;
        }
        return lookup(first(key, offset, length), length > 8 ? second(key, offset, length) : 0, length);
    }

    /**
     * @return the index of the name of {@code length} bytes whose bytes 0..7 and 8..15, little-endian and zero past
     * the length, are {@code first} and {@code second}; or -1.
     */
    private int lookup(final long first, final long second, final int length)
    {
        final int slot = slot(multiplier, first, second, length);
        return lengths[slot] == length && firsts[slot] == first && seconds[slot] == second ? indexes[slot] : -1;
    }

    /** Bytes 0..7 of the key, zero beyond its length. */
    private static long first(final byte[] key, final int offset, final int length)
    {
        return (long)LONGS.get(key, offset) & lowBytes(length);
    }

    /** Bytes 8..15 of the key, zero beyond its length. */
    private static long second(final byte[] key, final int offset, final int length)
    {
        return (long)LONGS.get(key, offset + 8) & lowBytes(length - 8);
    }

    /** A mask of the low {@code n} bytes, n clamped to 0..8. */
    static long lowBytes(final int n)
    {
        if (n <= 0)
        {
            return 0;
        }
        return n >= 8 ? -1L : (1L << (n << 3)) - 1;
    }

    private static int slot(final long multiplier, final long first, final long second, final int length)
    {
        return (int)(((first + second * 31 + length) * multiplier) >>> (64 - BITS));
    }

    /** The first odd multiplier, from a fixed sequence, that gives every name its own slot. */
    private static long perfectMultiplier(final long[] firsts, final long[] seconds, final byte[][] names)
    {
        long candidate = 0x9E3779B97F4A7C15L;
        for (int attempt = 0; attempt < 1_000_000; attempt++)
        {
            candidate = candidate * 6364136223846793005L + 1442695040888963407L;
            final long multiplier = candidate | 1;
            final boolean[] used = new boolean[SLOTS];
            boolean collision = false;
            for (int i = 0; i < names.length && !collision; i++)
            {
                final int slot = slot(multiplier, firsts[i], seconds[i], names[i].length);
                collision = used[slot];
                used[slot] = true;
            }
            if (!collision)
            {
                return multiplier;
            }
        }
        throw new IllegalStateException("no perfect hash for " + names.length + " names");
    }
}
