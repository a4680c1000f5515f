package io.scoreline.push;

import io.netty.buffer.ByteBuf;

/** ASCII digits of a long into a byte array or a buffer, without a String on the way. */
final class PushJson
{
    /** Longest decimal long: sign and 19 digits. */
    static final int MAX_LONG_CHARS = 20;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_LONG_CHARS]);

    private PushJson()
    {
    }

    /** Writes {@code value} at {@code at}; returns the index after it. The array must have room. */
    static int putLong(final byte[] dst, final int at, final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            final byte[] min = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, dst, at, min.length);
            return at + min.length;
        }
        int i = at;
        long v = value;
        if (v < 0)
        {
            dst[i++] = '-';
            v = -v;
        }
        final int digits = digits(v);
        int end = i + digits;
        for (int p = end - 1; p >= i; p--)
        {
            dst[p] = (byte)('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    static void writeLong(final ByteBuf out, final long value)
    {
        final byte[] scratch = SCRATCH.get();
        out.writeBytes(scratch, 0, putLong(scratch, 0, value));
    }

    static int putAscii(final byte[] dst, final int at, final byte[] ascii)
    {
        System.arraycopy(ascii, 0, dst, at, ascii.length);
        return at + ascii.length;
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int digits(final long v)
    {
        int n = 1;
        for (long x = v; x >= 10; x /= 10)
        {
            n++;
        }
        return n;
    }
}
