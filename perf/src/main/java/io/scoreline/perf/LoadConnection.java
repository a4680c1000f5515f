package io.scoreline.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket of the load generator, speaking RFC 6455 itself rather than through Netty's
 * WebSocket codec, so that it makes no garbage per event: its event loop writes each frame's
 * bytes (header, a zero mask, the events) into one pooled buffer ({@link LoopSender}) and reads
 * result frames with {@link ResultFrames}. The upgrade handshake, once per
 * connection, is plain HTTP/1.1 with the accept key checked.
 */
final class LoadConnection
{
    /** Longest synthetic event plus its newline; SyntheticEvents stays far below this. */
    static final int MAX_EVENT_BYTES = 512;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HANDSHAKE_BYTES = 8192;
    /** FIN + text opcode; FIN + close opcode. */
    private static final int TEXT_FRAME = 0x81;
    private static final int CLOSE_FRAME = 0x88;
    private static final int MASKED = 0x80;

    private final int index;
    private final SyntheticEvents events;
    private final ResultFrames results = new ResultFrames();
    private final Handler handler = new Handler();
    private final byte[] response = new byte[MAX_HANDSHAKE_BYTES];
    private int responseLength;
    private String key;
    private URI uri;
    /** An {@code Authorization} header value for the upgrade request, or null. */
    private String authorization;
    /** Set by {@link #begin} before the first frame is written, read by the event loop. */
    private volatile LoadLatency latency;
    private Channel channel;
    private ChannelPromise handshake;
    private boolean upgraded;
    /** Written on the event loop, read by the sender and the report. */
    private volatile long sent;

    LoadConnection(final int index, final SyntheticEvents events)
    {
        this.index = index;
        this.events = events;
    }

    /** The WebSocket to open once the TCP connection is up; call before connecting. */
    void target(final URI uri)
    {
        this.uri = uri;
    }

    /** {@code Bearer TOKEN} for a service with auth on (sent once, in the upgrade request); call before connecting. */
    void authorization(final String authorization)
    {
        this.authorization = authorization;
    }

    /** Binds the timetable, known only once every socket is open; call before the first frame. */
    void begin(final LoadSchedule schedule)
    {
        final LoadLatency latency = new LoadLatency(schedule, index);
        this.latency = latency;
        channel.eventLoop().execute(() -> results.latency(latency));
    }

    int index()
    {
        return index;
    }

    LoadLatency latency()
    {
        return latency;
    }

    /** The only handler of this connection's pipeline. */
    ChannelInboundHandlerAdapter handler()
    {
        return handler;
    }

    /** Completes when the WebSocket upgrade is done (or fails with the reason). */
    ChannelPromise handshake()
    {
        return handshake;
    }

    Channel channel()
    {
        return channel;
    }

    /** Events written so far. */
    long sent()
    {
        return sent;
    }

    /**
     * Writes {@code count} events as one text frame, newline-separated, without flushing.
     * Called on the channel's event loop only; {@code payload} is scratch space of at least
     * {@code count * MAX_EVENT_BYTES} bytes.
     */
    void writeFrame(final int count, final byte[] payload)
    {
        int length = 0;
        for (int i = 0; i < count; i++)
        {
            length += events.next(payload, length);
            payload[length++] = '\n';
        }
        final int lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
        final ByteBuf buf = channel.alloc().directBuffer(2 + lengthBytes + 4 + length);
        buf.writeByte(TEXT_FRAME);
        if (lengthBytes == 0)
        {
            buf.writeByte(MASKED | length);
        }
        else if (lengthBytes == 2)
        {
            buf.writeByte(MASKED | 126).writeShort(length);
        }
        else
        {
            buf.writeByte(MASKED | 127).writeLong(length);
        }
        // A client must mask (RFC 6455 5.3); a zero key leaves the bytes as they are, which the
        // server unmasks to the same. Unpredictable keys guard browsers against proxy cache
        // poisoning, not a load generator on loopback.
        buf.writeInt(0);
        buf.writeBytes(payload, 0, length);
        sent += count;
        channel.write(buf, channel.voidPromise());
    }

    /** A close frame with status 1000, then the TCP close. Any thread. */
    void close()
    {
        if (channel != null && channel.isActive())
        {
            final ByteBuf frame = Unpooled.buffer(8).writeByte(CLOSE_FRAME).writeByte(MASKED | 2).writeInt(0).writeShort(1000);
            channel.writeAndFlush(frame).addListener(f -> channel.close());
        }
    }

    /** The upgrade request with a fresh random key. */
    private ByteBuf upgradeRequest()
    {
        final byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        key = Base64.getEncoder().encodeToString(nonce);
        final String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) +
            (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        final String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return Unpooled.copiedBuffer("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n" +
            "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n" +
            (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n",
            StandardCharsets.US_ASCII);
    }

    /**
     * Takes response bytes until the end of the head; @return null while more are needed, "" when
     * the upgrade is accepted, else why not.
     */
    private String readUpgradeResponse(final ByteBuf in)
    {
        while (in.isReadable())
        {
            if (responseLength == response.length)
            {
                return "response head longer than " + MAX_HANDSHAKE_BYTES + " bytes";
            }
            response[responseLength++] = in.readByte();
            if (responseLength >= 4 && response[responseLength - 4] == '\r' && response[responseLength - 3] == '\n' &&
                response[responseLength - 2] == '\r' && response[responseLength - 1] == '\n')
            {
                return checkUpgrade(new String(response, 0, responseLength, StandardCharsets.ISO_8859_1), key);
            }
        }
        return null;
    }

    /** "" if {@code head} accepts the upgrade of {@code key} (status 101, the right accept value), else why not. */
    static String checkUpgrade(final String head, final String key)
    {
        final String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101"))
        {
            return "the server answered " + lines[0];
        }
        final String expected = acceptValue(key);
        for (final String line : lines)
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept"))
            {
                return line.substring(colon + 1).trim().equals(expected) ? "" : "wrong Sec-WebSocket-Accept";
            }
        }
        return "no Sec-WebSocket-Accept in the answer";
    }

    /** RFC 6455 4.2.2: base64 of the SHA-1 of the key and the protocol's GUID. */
    static String acceptValue(final String key)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("no SHA-1 in this JVM", ex);
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter
    {
        @Override
        public void handlerAdded(final ChannelHandlerContext ctx)
        {
            channel = ctx.channel();
            handshake = ctx.newPromise();
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx) throws Exception
        {
            ctx.writeAndFlush(upgradeRequest());
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf in = (ByteBuf)msg;
            try
            {
                if (!upgraded)
                {
                    final String refused = readUpgradeResponse(in);
                    if (refused == null)
                    {
                        return;
                    }
                    if (!refused.isEmpty())
                    {
                        handshake.tryFailure(new IllegalStateException(refused));
                        ctx.close();
                        return;
                    }
                    upgraded = true;
                    handshake.trySuccess();
                }
                final int outcome = results.read(in, System.nanoTime());
                if (outcome == ResultFrames.PROTOCOL_ERROR)
                {
                    ctx.close();
                }
                else if (outcome == ResultFrames.CLOSE)
                {
                    close();
                }
            }
            finally
            {
                in.release();
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            handshake.tryFailure(new IllegalStateException("connection closed by the server"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            // A load generator has no one to hand a broken socket to: fail the handshake if it is
            // still pending (so run() reports it) and close; the run reports the missing acks.
            handshake.tryFailure(cause);
            ctx.close();
        }
    }
}
