package io.scoreline.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.scoreline.ingest.PushSubscriptionTest.clue;
import static io.scoreline.ingest.PushSubscriptionTest.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SERVICE.md "Push": a subscriber that cannot keep up is closed, and nobody else notices. */
class PushSlowSubscriberTest
{
    private static final int PLAYERS = 200;

    @TempDir
    Path journal;

    @Test
    void aSubscriberThatNeverReadsIsClosedWith1008WhileScoringAndOtherSubscribersGoOn() throws Exception
    {
        final ServerConfig config = Servers.config(journal).pushLagMillis(300).pushSendBufferBytes(4096);
        try (ScorerServer server = Servers.started(config);
             PushSubscriptionTest.Subscriber healthy = PushSubscriptionTest.Subscriber.connect(server);
             Socket stalled = new Socket();
             RawWebSocket events = RawWebSocket.connect(server.port()))
        {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            stalled.setSoTimeout(10_000);
            final OutputStream out = stalled.getOutputStream();
            final DataInputStream in = new DataInputStream(stalled.getInputStream());
            handshake(server.port(), out, in);
            sendText(out, "{\"subscribe\":\"top\",\"limit\":100}");
            for (int player = 1; player <= PLAYERS; player++)
            {
                sendText(out, "{\"subscribe\":\"player\",\"player\":" + player + "}");
            }
            healthy.send("{\"subscribe\":\"player\",\"player\":1}");
            healthy.barrier();

            final StringBuilder joins = new StringBuilder();
            for (int player = 1; player <= PLAYERS; player++)
            {
                joins.append(join(player, 1, player % 7)).append('\n');
            }
            events.sendText(joins.toString().getBytes(StandardCharsets.UTF_8));
            events.readLines(PLAYERS);

            // Keep every subscribed player moving until the stalled subscriber is dropped.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long seq = 2;
            while (server.pushClosedLagging() == 0 && System.nanoTime() < deadline)
            {
                final StringBuilder batch = new StringBuilder();
                for (int player = 1; player <= PLAYERS; player++)
                {
                    batch.append(clue(player, seq, player % 7, (int)((player * 31 + seq * 17) % 60_000))).append('\n');
                }
                events.sendText(batch.toString().getBytes(StandardCharsets.UTF_8));
                events.readLines(PLAYERS); // scoring answers all along
                seq++;
            }
            assertEquals(1, server.pushClosedLagging(), "the stalled subscriber was not closed within 10 s");
            assertEquals(1008, awaitCloseCode(in), "close code");

            // The healthy subscriber still gets its pushes, and events are still scored.
            assertEquals(-1, healthy.closeCode, "the healthy subscriber was closed");
            healthy.lines.clear();
            // A cheat flag: -500, never capped, so the total changes however long the loop ran
            // (clues alone reach the daily cap of 50,000 after a few hundred rounds).
            final String cheat = "{\"type\":\"cheat_flag\",\"seq\":" + (seq + 1) + ",\"ts\":" + (PushSubscriptionTest.TS + (seq + 1) * 1000) +
                ",\"player\":1,\"team\":1,\"severity\":1}";
            events.sendText(cheat.getBytes(StandardCharsets.UTF_8));
            final String result = new String(events.readLines(1), StandardCharsets.UTF_8);
            assertTrue(result.contains("\"status\":\"ok\""), result);
            final String total = result.substring(result.indexOf("\"total\":") + 8, result.indexOf(",\"rank\""));
            final String rank = result.substring(result.indexOf("\"rank\":") + 7, result.indexOf(",\"rules\""));
            // Pushes of the loop above may still be on their way: skip to the first with this event's
            // total, which must carry the rank its result carried.
            final String prefix = "{\"push\":\"player\",\"player\":1,\"total\":" + total + ",";
            assertEquals("{\"push\":\"player\",\"player\":1,\"total\":" + total + ",\"rank\":" + rank + "}",
                healthy.next(line -> line.text.startsWith(prefix)).text);
        }
    }

    static void handshake(final int port, final OutputStream out, final DataInputStream in) throws IOException
    {
        out.write(("GET /push HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            head.append((char)in.readUnsignedByte());
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    static void sendText(final OutputStream out, final String text) throws IOException
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length); // control messages here are < 126 bytes
        final byte[] mask = {1, 2, 3, 4};
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++)
        {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads (and drops) frames until the close frame; its status code, or -1 on a bare EOF. */
    static int awaitCloseCode(final DataInputStream in) throws IOException
    {
        try
        {
            while (true)
            {
                final int b0 = in.readUnsignedByte();
                long length = in.readUnsignedByte() & 0x7F;
                if (length == 126)
                {
                    length = in.readUnsignedShort();
                }
                else if (length == 127)
                {
                    length = in.readLong();
                }
                final byte[] payload = new byte[(int)length];
                in.readFully(payload);
                if ((b0 & 0x0F) == 0x8)
                {
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        }
        catch (final EOFException e)
        {
            return -1;
        }
    }
}
