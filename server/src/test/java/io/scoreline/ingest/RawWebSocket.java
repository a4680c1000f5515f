package io.scoreline.ingest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A minimal RFC 6455 client over a plain socket, so tests control every byte: invalid UTF-8 in
 * a text frame, binary frames, oversized frames, a client that never reads.
 */
final class RawWebSocket implements AutoCloseable
{
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The unfinished line of the last text frame, and complete lines not yet taken. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private int closeCode = -1;

    private RawWebSocket(final Socket socket) throws IOException
    {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static RawWebSocket connect(final int port) throws IOException
    {
        final RawWebSocket ws = sendHandshake(port);
        ws.awaitHandshake();
        return ws;
    }

    /**
     * Connects with a receive buffer of {@code receiveBufferBytes} (set before connecting, so the
     * kernel does not grow it): a client that never reads then holds little of what the server sends.
     */
    static RawWebSocket connectWithReceiveBuffer(final int port, final int receiveBufferBytes) throws IOException
    {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        final RawWebSocket ws = new RawWebSocket(socket);
        ws.out.write(handshakeRequest(port));
        ws.out.flush();
        ws.awaitHandshake();
        return ws;
    }

    /** Connects and sends the upgrade request without waiting for the answer. */
    static RawWebSocket sendHandshake(final int port) throws IOException
    {
        final RawWebSocket ws = new RawWebSocket(new Socket("127.0.0.1", port));
        ws.out.write(handshakeRequest(port));
        ws.out.flush();
        return ws;
    }

    /** The upgrade request every client here sends, byte for byte. */
    static byte[] handshakeRequest(final int port)
    {
        return ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes on the wire of a masked client frame (RFC 6455 5.2): header, length, 4-byte mask, payload. */
    static long frameBytes(final long payloadLength)
    {
        final int lengthBytes = payloadLength < 126 ? 0 : payloadLength < 65_536 ? 2 : 8;
        return 2 + lengthBytes + 4 + payloadLength;
    }

    /** Sets how long a read may block before it fails with {@link java.net.SocketTimeoutException}. */
    void readTimeout(final int millis) throws IOException
    {
        socket.setSoTimeout(millis);
    }

    void awaitHandshake() throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("closed during handshake: " + head);
            }
            head.append((char)b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101"))
        {
            throw new IOException("handshake refused: " + head);
        }
    }

    void sendText(final byte[] payload) throws IOException
    {
        sendFrame(TEXT, payload, true);
    }

    void sendFrame(final int opcode, final byte[] payload, final boolean fin) throws IOException
    {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126)
        {
            frame.write(0x80 | payload.length);
        }
        else if (payload.length < 65_536)
        {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        }
        else
        {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                frame.write((int)((long)payload.length >>> shift));
            }
        }
        final byte[] mask = {0x12, 0x34, 0x56, 0x78};
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++)
        {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends only a frame header announcing {@code length} payload bytes (a frame too big to send whole). */
    void sendHeaderOnly(final int opcode, final long length) throws IOException
    {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream(14);
        frame.write(0x80 | opcode);
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            frame.write((int)(length >>> shift));
        }
        frame.write(new byte[]{1, 2, 3, 4}, 0, 4);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads text frames until {@code lines} result lines have arrived; returns exactly those bytes. */
    byte[] readLines(final int lines) throws IOException
    {
        while (ready.size() < lines)
        {
            final ByteArrayOutputStream frame = new ByteArrayOutputStream();
            readFrameInto(frame);
            for (final byte b : frame.toByteArray())
            {
                pending.write(b);
                if (b == '\n')
                {
                    ready.add(pending.toByteArray());
                    pending.reset();
                }
            }
        }
        final ByteArrayOutputStream result = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++)
        {
            final byte[] line = ready.poll();
            result.write(line, 0, line.length);
        }
        return result.toByteArray();
    }

    /**
     * Reads whole text frames, keeping none of them, until at least {@code lines} result lines
     * have arrived (call it with no line pending from {@link #readLines}). Returns the frames
     * read, the lines read and how many of them contain {@code marker}.
     */
    long[] drainLines(final long lines, final byte[] marker) throws IOException
    {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream(256 * 1024);
        long frames = 0;
        long read = 0;
        long marked = 0;
        while (read < lines)
        {
            frame.reset();
            readFrameInto(frame);
            frames++;
            final byte[] payload = frame.toByteArray();
            int lineStart = 0;
            for (int i = 0; i < payload.length; i++)
            {
                if (payload[i] == '\n')
                {
                    read++;
                    marked += contains(payload, lineStart, i, marker) ? 1 : 0;
                    lineStart = i + 1;
                }
            }
            if (lineStart != payload.length)
            {
                throw new IOException("a frame ended inside a line");
            }
        }
        return new long[]{frames, read, marked};
    }

    private static boolean contains(final byte[] bytes, final int from, final int to, final byte[] marker)
    {
        for (int i = from; i + marker.length <= to; i++)
        {
            int j = 0;
            while (j < marker.length && bytes[i + j] == marker[j])
            {
                j++;
            }
            if (j == marker.length)
            {
                return true;
            }
        }
        return false;
    }

    /** Reads until the server's close frame; returns its status code. */
    int awaitCloseCode() throws IOException
    {
        try
        {
            while (closeCode < 0)
            {
                readFrameInto(new ByteArrayOutputStream());
            }
        }
        catch (final EOFException | SocketTimeoutException e)
        {
            return closeCode;
        }
        return closeCode;
    }

    private void readFrameInto(final ByteArrayOutputStream sink) throws IOException
    {
        final int b0 = in.readUnsignedByte();
        final int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
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
        final int opcode = b0 & 0x0F;
        if (opcode == CLOSE)
        {
            closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            throw new EOFException("server closed with " + closeCode);
        }
        if (opcode == TEXT || opcode == 0)
        {
            sink.write(payload, 0, payload.length);
        }
    }

    int closeCode()
    {
        return closeCode;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
