package io.scoreline.rules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One unsigned field of a bit-packed record in a {@code byte[]}: {@link #width} bits at bit
 * {@link #shift} of the little-endian 8-byte word at {@link #byteOffset} of the record. A get is
 * one (possibly unaligned) 8-byte load, a shift and a mask; a set is a load, a merge and a store.
 * {@link RecordLayout} places every word inside its record, so a write never touches a neighbour.
 */
final class BitField
{
    /** Plain get/set of a byte[] view allow unaligned access (x86 loads them as one instruction). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final String name;
    final int byteOffset;
    final int shift;
    final int width;
    final long mask;

    BitField(final String name, final int byteOffset, final int shift, final int width)
    {
        if (width < 1 || width > 64 || shift < 0 || shift + width > 64)
        {
            throw new IllegalArgumentException(name + ": " + width + " bits at bit " + shift + " do not fit a word");
        }
        this.name = name;
        this.byteOffset = byteOffset;
        this.shift = shift;
        this.width = width;
        this.mask = width == 64 ? -1L : (1L << width) - 1;
    }

    /** Largest value the field holds. */
    long max()
    {
        return mask == -1L ? Long.MAX_VALUE : mask;
    }

    long get(final byte[] records, final int base)
    {
        return ((long)LONGS.get(records, base + byteOffset) >>> shift) & mask;
    }

    /** {@code value} must be in 0..{@link #max()} (64-bit fields take any long). */
    void set(final byte[] records, final int base, final long value)
    {
        final int at = base + byteOffset;
        final long word = (long)LONGS.get(records, at);
        LONGS.set(records, at, (word & ~(mask << shift)) | ((value & mask) << shift));
    }

    /** Loads the word holding this field (a prefetch touch); @return it, for a sink. */
    static long touch(final byte[] records, final int at)
    {
        return (long)LONGS.get(records, at);
    }

    @Override
    public String toString()
    {
        return name + "[" + width + " bits at byte " + byteOffset + " bit " + shift + "]";
    }
}
