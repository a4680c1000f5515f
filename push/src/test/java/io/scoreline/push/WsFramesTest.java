package io.scoreline.push;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shard thread's own text frames: RFC 6455's bytes, and what a client's Netty decoder reads from a chunk of them. */
class WsFramesTest
{
    @Test
    void aShortPayloadTakesTheOneByteLengthAsInTheRfcExample()
    {
        // RFC 6455 section 5.7: "A single-frame unmasked text message 0x81 0x05 0x48 0x65 0x6c 0x6c 0x6f".
        final byte[] out = new byte[16];
        System.arraycopy("Hello".getBytes(StandardCharsets.US_ASCII), 0, out, WsFrames.HEADER_ROOM, 5);
        final int end = WsFrames.closeText(out, 0, 5);
        assertEquals(7, end);
        assertArrayEquals(new byte[]{(byte)0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}, Arrays.copyOf(out, end));
    }

    @Test
    void lengthsFrom126TakeTheSixteenBitForm()
    {
        assertArrayEquals(new byte[]{(byte)0x81, 0x7d}, header(125, 2));
        assertArrayEquals(new byte[]{(byte)0x81, 0x7e, 0x00, 0x7e}, header(126, 4));
        assertArrayEquals(new byte[]{(byte)0x81, 0x7e, (byte)0x80, 0x00}, header(32_768, 4));
        assertArrayEquals(new byte[]{(byte)0x81, 0x7e, (byte)0xff, (byte)0xff}, header(65_535, 4));
        assertThrows(IllegalArgumentException.class, () -> header(65_536, 4));
    }

    @Test
    void aClientDecoderReadsEachFrameOfAChunkWithItsPayload()
    {
        final byte[][] payloads = {payload(5, 'a'), payload(125, 'b'), payload(126, 'c'), payload(32_768, 'd'), payload(1, 'e')};
        final byte[] chunk = new byte[payloads.length * (WsFrames.HEADER_ROOM + 32_768)];
        int at = 0;
        for (final byte[] p : payloads)
        {
            System.arraycopy(p, 0, chunk, at + WsFrames.HEADER_ROOM, p.length);
            at = WsFrames.closeText(chunk, at, p.length);
        }
        // 2 + 5, 2 + 125, 4 + 126, 4 + 32768, 2 + 1 bytes.
        assertEquals(7 + 127 + 130 + 32_772 + 3, at);
        // A client's decoder: unmasked frames expected, and the RFC's minimal-length rule enforced.
        final EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(
            WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(65_536).build()));
        client.writeInbound(Unpooled.wrappedBuffer(chunk, 0, at));
        for (final byte[] p : payloads)
        {
            final TextWebSocketFrame frame = client.readInbound();
            final byte[] read = new byte[frame.content().readableBytes()];
            frame.content().readBytes(read);
            frame.release();
            assertArrayEquals(p, read);
        }
        assertNull(client.readInbound());
        assertEquals(true, client.isActive(), "no protocol violation closed it");
    }

    private static byte[] header(final int length, final int headerBytes)
    {
        final byte[] out = new byte[WsFrames.HEADER_ROOM + length];
        final int end = WsFrames.closeText(out, 0, length);
        assertEquals(headerBytes + length, end);
        return Arrays.copyOf(out, headerBytes);
    }

    private static byte[] payload(final int length, final char c)
    {
        final byte[] p = new byte[length];
        Arrays.fill(p, (byte)c);
        return p;
    }
}
