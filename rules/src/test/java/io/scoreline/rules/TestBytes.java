package io.scoreline.rules;

import java.nio.charset.StandardCharsets;

/** Building event lines byte by byte, for parser tests that need bytes no Java string can hold. */
final class TestBytes
{
    private TestBytes()
    {
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final byte[] all = new byte[length];
        int at = 0;
        for (final byte[] part : parts)
        {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
