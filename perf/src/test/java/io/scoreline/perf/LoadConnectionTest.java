package io.scoreline.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scoreline.testkit.Allocations;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadConnectionTest
{
    private static final String RESULTS =
        "{\"seq\":1,\"player\":7,\"status\":\"ok\",\"delta\":5,\"total\":5,\"rank\":1,\"rules\":[\"R1\"]}\n" +
        "\n" +
        "{\"seq\":1,\"player\":7,\"status\":\"duplicate\"}\n" +
        " \t\r\n" +
        "{\"status\":\"rejected\",\"seq\":null,\"player\":null,\"error\":\"malformed\"}";

    @Test
    void shouldCountEveryResultLineOfATextMessageWithItsStatus()
    {
        final LoadLatency latency = latency();
        final ResultFrames frames = new ResultFrames();
        frames.latency(latency);

        assertEquals(ResultFrames.MORE, frames.read(Unpooled.wrappedBuffer(frame(0x81, RESULTS)), 5_000_000));

        assertEquals(3, latency.measuredAcked(), "blank lines are no results; the last line needs no newline");
        assertEquals(1, latency.duplicates());
        assertEquals(1, latency.rejected());
    }

    @Test
    void shouldReadTheSameWhereverTcpSplitsTheBytes()
    {
        // Three messages: one with a 2-byte extended length, one fragmented with a ping between
        // the fragments, and a short one.
        final String longLine = "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(300) + "\"}\n";
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(frame(0x81, longLine + RESULTS));
        wire.writeBytes(frame(0x01, "{\"seq\":2,\"stat"));
        wire.writeBytes(frame(0x89, "ping"));
        wire.writeBytes(frame(0x80, "us\":\"duplicate\"}\n{\"status\":\"ok\"}"));
        wire.writeBytes(frame(0x81, "{\"status\":\"rejected\"}\n"));
        final byte[] bytes = wire.toByteArray();

        for (int split = 1; split < bytes.length; split++)
        {
            final LoadLatency latency = latency();
            final ResultFrames frames = new ResultFrames();
            frames.latency(latency);
            assertEquals(ResultFrames.MORE, frames.read(Unpooled.wrappedBuffer(bytes, 0, split), 1));
            assertEquals(ResultFrames.MORE, frames.read(Unpooled.wrappedBuffer(bytes, split, bytes.length - split), 1));

            assertEquals(7, latency.measuredAcked(), "split at " + split);
            assertEquals(2, latency.duplicates(), "split at " + split);
            assertEquals(2, latency.rejected(), "split at " + split);
        }
    }

    @Test
    void shouldStopAtAMaskedServerFrameAndReportACloseFrame()
    {
        final byte[] masked = {(byte)0x81, (byte)0x82, 0, 0, 0, 0, 'o', 'k'};
        assertEquals(ResultFrames.PROTOCOL_ERROR, new ResultFrames().read(Unpooled.wrappedBuffer(masked), 1));
        assertEquals(ResultFrames.PROTOCOL_ERROR, new ResultFrames().read(Unpooled.wrappedBuffer(frame(0x82, "bin")), 1));
        assertEquals(ResultFrames.CLOSE, new ResultFrames().read(Unpooled.wrappedBuffer(new byte[]{(byte)0x88, 2, 3, (byte)0xE8}), 1));
    }

    @Test
    void shouldAllocateNothingPerResult()
    {
        final LoadLatency latency = new LoadLatency(new LoadSchedule(0, 1_000_000, 1, Long.MAX_VALUE / 2_000_000_000L, 0), 0);
        final ResultFrames frames = new ResultFrames();
        frames.latency(latency);
        final ByteBuf message = Unpooled.directBuffer().writeBytes(frame(0x81, RESULTS));
        // Eight windows of 100,000 reads (300,000 result lines each); the first three warm up the
        // code. The last five (1.5M result lines) together stay under the shared one-off bound.
        final com.sun.management.ThreadMXBean threads = Allocations.counter();
        final long[] windows = new long[8];
        long counted = 0;
        for (int w = 0; w < windows.length; w++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            readMany(frames, message, 100_000);
            windows[w] = threads.getCurrentThreadAllocatedBytes() - before;
            counted += w >= 3 ? windows[w] : 0;
        }
        Allocations.assertOneOff(counted, "1.5M result lines after warm-up (windows: " + java.util.Arrays.toString(windows) + ")");
        assertEquals(2_400_000, latency.measuredAcked());
    }

    @Test
    void shouldAcceptTheUpgradeOnlyWithTheAcceptValueOfRfc6455()
    {
        // RFC 6455 section 1.3: this key's accept value.
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", LoadConnection.acceptValue("dGhlIHNhbXBsZSBub25jZQ=="));
        final String ok = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n" +
            "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        assertEquals("", LoadConnection.checkUpgrade(ok, "dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("wrong Sec-WebSocket-Accept", LoadConnection.checkUpgrade(ok, "AAAAAAAAAAAAAAAAAAAAAA=="));
        assertEquals("the server answered HTTP/1.1 404 Not Found",
            LoadConnection.checkUpgrade("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n", "x"));
    }

    private static void readMany(final ResultFrames frames, final ByteBuf message, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            frames.read(message.readerIndex(0), 1_000);
        }
    }

    private static LoadLatency latency()
    {
        return new LoadLatency(new LoadSchedule(0, 1000, 1, 100, 0), 0);
    }

    /** An unmasked frame as a server sends it: first byte (FIN, opcode), length (7-bit or 16-bit), payload. */
    private static byte[] frame(final int first, final String payload)
    {
        final byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        if (data.length < 126)
        {
            out.write(data.length);
        }
        else
        {
            out.write(126);
            out.write(data.length >>> 8);
            out.write(data.length & 0xFF);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }
}
