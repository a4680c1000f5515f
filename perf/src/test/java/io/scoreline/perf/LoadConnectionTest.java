package io.scoreline.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadConnectionTest
{
    @Test
    void shouldCountEveryResultLineOfAFrameAndTheirStatuses()
    {
        final LoadLatency latency = new LoadLatency(new LoadSchedule(0, 1000, 1, 10, 0), 0);
        final ByteBuf frame = Unpooled.copiedBuffer(
            "{\"seq\":1,\"player\":7,\"status\":\"ok\",\"delta\":5,\"total\":5,\"rank\":1,\"rules\":[\"R1\"]}\n" +
            "\n" +
            "{\"seq\":1,\"player\":7,\"status\":\"duplicate\"}\n" +
            "{\"seq\":null,\"player\":null,\"status\":\"rejected\",\"error\":\"malformed\"}",
            StandardCharsets.UTF_8);

        assertEquals(3, LoadConnection.onResults(frame, 5_000_000, latency));
        assertEquals(3, latency.measuredAcked());
        assertEquals(1, latency.duplicates());
        assertEquals(1, latency.rejected());
    }

    @Test
    void shouldReadTheStatusWhereverItSitsInTheLine()
    {
        final ByteBuf line = Unpooled.copiedBuffer("{\"status\":\"rejected\",\"seq\":2}", StandardCharsets.US_ASCII);

        assertEquals('r', LoadConnection.statusOf(line, 0, line.writerIndex()));
        assertEquals(0, LoadConnection.statusOf(line, 2, line.writerIndex()), "the key starts at 1");
    }
}
