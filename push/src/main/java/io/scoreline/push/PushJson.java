package io.scoreline.push;

import io.netty.buffer.ByteBuf;
import io.scoreline.rules.ResultEncoder;

/** ASCII digits of a long into a buffer (the digits are {@link ResultEncoder#putLong}'s), and ASCII constants. */
final class PushJson
{
    /** Longest decimal long: sign and 19 digits. */
    static final int MAX_LONG_CHARS = 20;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_LONG_CHARS]);

    private PushJson()
    {
    }

    static void writeLong(final ByteBuf out, final long value)
    {
        final byte[] scratch = SCRATCH.get();
        out.writeBytes(scratch, 0, ResultEncoder.putLong(value, scratch, 0));
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
}
