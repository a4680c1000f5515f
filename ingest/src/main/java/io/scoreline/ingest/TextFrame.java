package io.scoreline.ingest;

import io.netty.buffer.ByteBuf;

/**
 * The header of a server's WebSocket text frame (RFC 6455 section 5.2: FIN, opcode 1, no mask),
 * written in front of the payload in the same buffer. Netty's encoder passes a ByteBuf through
 * untouched, so the output path writes whole frames with no frame object and no second buffer.
 */
final class TextFrame
{
    /** FIN, opcode 1 and a 64-bit length. */
    static final int MAX_HEADER_BYTES = 10;

    private static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private TextFrame()
    {
    }

    /** Writes the header of a text frame of {@code payloadLength} bytes. */
    static void writeHeader(final ByteBuf out, final int payloadLength)
    {
        out.writeByte(FIN_TEXT);
        if (payloadLength < LENGTH_16)
        {
            out.writeByte(payloadLength);
        }
        else if (payloadLength <= 0xFFFF)
        {
            out.writeByte(LENGTH_16);
            out.writeShort(payloadLength);
        }
        else
        {
            out.writeByte(LENGTH_64);
            out.writeLong(payloadLength);
        }
    }
}
