package io.scoreline.perf;

import io.netty.buffer.ByteBuf;

/**
 * The service's WebSocket frames to the load generator (RFC 6455 section 5.2: server frames are
 * unmasked), read as the bytes arrive, in whatever pieces TCP delivers them: the result lines of
 * each text message go to {@link LoadLatency} with their status letter. Holds a few fields of
 * state and allocates nothing, so the load generator's event loop makes no garbage per result.
 *
 * <p>A result line ends at {@code '\n'} or at the end of its message; lines of only spaces, tabs
 * and {@code '\r'} are skipped. The status is the first byte after the line's first
 * {@code "status":"}.
 */
final class ResultFrames
{
    /** What {@link #read} found besides results. */
    static final int MORE = 0;
    static final int CLOSE = 1;
    static final int PROTOCOL_ERROR = 2;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final byte[] STATUS_KEY = {'"', 's', 't', 'a', 't', 'u', 's', '"', ':', '"'};
    /** KMP failure function of {@link #STATUS_KEY}: after matching j bytes and failing, continue from FAILURE[j]. */
    private static final int[] FAILURE = failure(STATUS_KEY);

    private LoadLatency latency;

    // frame header, read byte by byte: 2 bytes, then 0, 2 or 8 bytes of extended length
    private int headerRead;
    private int headerNeeded = 2;
    private int opcode;
    private boolean fin;
    private long length;
    private long payloadLeft = -1; // -1: in a header
    private boolean textPayload;

    // the current line of the current text message
    private boolean lineHasText;
    private int keyMatched;
    private boolean statusNext;
    private byte status;
    private boolean inText;

    void latency(final LoadLatency latency)
    {
        this.latency = latency;
    }

    /**
     * Reads every readable byte of {@code in} (advancing its reader index).
     *
     * @return {@link #MORE}, {@link #CLOSE} if the server sent a close frame, or {@link #PROTOCOL_ERROR}
     */
    int read(final ByteBuf in, final long nowNanos)
    {
        while (in.isReadable())
        {
            if (payloadLeft < 0)
            {
                final int result = readHeaderByte(in.readByte(), nowNanos);
                if (result != MORE)
                {
                    return result;
                }
                continue;
            }
            final int n = (int)Math.min(payloadLeft, in.readableBytes());
            if (textPayload)
            {
                final int end = in.readerIndex() + n;
                for (int i = in.readerIndex(); i < end; i++)
                {
                    onTextByte(in.getByte(i), nowNanos);
                }
            }
            in.skipBytes(n);
            payloadLeft -= n;
            if (payloadLeft == 0)
            {
                final int result = endOfPayload(nowNanos);
                if (result != MORE)
                {
                    return result;
                }
            }
        }
        return MORE;
    }

    private int readHeaderByte(final byte b, final long nowNanos)
    {
        if (headerRead == 0)
        {
            if ((b & 0x70) != 0)
            {
                return PROTOCOL_ERROR; // reserved bits: no extension was negotiated
            }
            fin = (b & 0x80) != 0;
            opcode = b & 0x0F;
        }
        else if (headerRead == 1)
        {
            if ((b & 0x80) != 0)
            {
                return PROTOCOL_ERROR; // a server must not mask
            }
            final int len = b & 0x7F;
            length = len < 126 ? len : 0;
            headerNeeded = len < 126 ? 2 : len == 126 ? 4 : 10;
        }
        else
        {
            length = length << 8 | (b & 0xFF);
        }
        headerRead++;
        if (headerRead < headerNeeded)
        {
            return MORE;
        }
        headerRead = 0;
        headerNeeded = 2;
        if (length < 0)
        {
            return PROTOCOL_ERROR;
        }
        textPayload = opcode == OP_TEXT || opcode == OP_CONTINUATION && inText;
        if (textPayload)
        {
            inText = true;
        }
        else if (opcode == OP_CONTINUATION || opcode == OP_BINARY || opcode > OP_CLOSE + 2 || opcode > OP_BINARY && opcode < OP_CLOSE)
        {
            return PROTOCOL_ERROR; // the service sends text only; continuation without a start; unknown opcodes
        }
        payloadLeft = length;
        return length == 0 ? endOfPayload(nowNanos) : MORE;
    }

    private int endOfPayload(final long nowNanos)
    {
        payloadLeft = -1;
        if (opcode == OP_CLOSE)
        {
            return CLOSE;
        }
        if (textPayload && fin)
        {
            endOfLine(nowNanos); // the end of a message ends its last line
            inText = false;
        }
        return MORE; // pings and pongs carry nothing for us
    }

    private void onTextByte(final byte b, final long nowNanos)
    {
        if (b == '\n')
        {
            endOfLine(nowNanos);
            return;
        }
        if (b != ' ' && b != '\t' && b != '\r')
        {
            lineHasText = true;
        }
        if (statusNext)
        {
            status = b;
            statusNext = false;
            return;
        }
        if (status != 0)
        {
            return;
        }
        int j = keyMatched;
        while (j > 0 && STATUS_KEY[j] != b)
        {
            j = FAILURE[j];
        }
        if (STATUS_KEY[j] == b)
        {
            j++;
        }
        if (j == STATUS_KEY.length)
        {
            statusNext = true;
            j = 0;
        }
        keyMatched = j;
    }

    private void endOfLine(final long nowNanos)
    {
        if (lineHasText && latency != null)
        {
            latency.onResult(nowNanos, status);
        }
        lineHasText = false;
        keyMatched = 0;
        statusNext = false;
        status = 0;
    }

    private static int[] failure(final byte[] key)
    {
        final int[] failure = new int[key.length + 1];
        int k = 0;
        for (int j = 1; j < key.length; j++)
        {
            while (k > 0 && key[j] != key[k])
            {
                k = failure[k];
            }
            if (key[j] == key[k])
            {
                k++;
            }
            failure[j + 1] = k;
        }
        return failure;
    }
}
