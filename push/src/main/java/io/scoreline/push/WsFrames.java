package io.scoreline.push;

/**
 * Server-to-client WebSocket text frames (RFC 6455 section 5.2: FIN, opcode 1, unmasked) laid out
 * by the shard thread itself, so that several frames go to Netty as one buffer: one write, one
 * task and one outbound entry per chunk instead of a {@code TextWebSocketFrame}, an encoder
 * header buffer and a promise per frame (perf/PUSH.md, issue 25 fourth session). The frames a
 * gateway reads are the same as before.
 */
final class WsFrames
{
    /** Room left before a payload: the longest header for a payload under 64 KiB. */
    static final int HEADER_ROOM = 4;
    /** Payloads this header form can carry (a 16-bit length). */
    static final int MAX_PAYLOAD = 0xFFFF;
    private static final byte FIN_TEXT = (byte)0x81;
    private static final int LENGTH_16 = 126;

    private WsFrames()
    {
    }

    /**
     * Closes a frame whose payload of {@code length} bytes was written at {@code start + HEADER_ROOM}:
     * writes its header at {@code start}, moving a short payload down so that the length takes the
     * fewest bytes (the RFC requires it; Netty's decoder closes the connection otherwise).
     *
     * @return where the frame ends.
     */
    static int closeText(final byte[] out, final int start, final int length)
    {
        if (length < 0 || length > MAX_PAYLOAD)
        {
            throw new IllegalArgumentException("payload of " + length + " bytes");
        }
        out[start] = FIN_TEXT;
        if (length < LENGTH_16)
        {
            out[start + 1] = (byte)length;
            System.arraycopy(out, start + HEADER_ROOM, out, start + 2, length);
            return start + 2 + length;
        }
        out[start + 1] = LENGTH_16;
        out[start + 2] = (byte)(length >>> 8);
        out[start + 3] = (byte)length;
        return start + HEADER_ROOM + length;
    }
}
