package io.scoreline.rules;

import java.nio.charset.StandardCharsets;

/**
 * Writes one result object of GAME.md section 5 as compact JSON bytes, keys in the specified
 * order, straight into a caller's array: no String, no allocation.
 */
public final class ResultEncoder
{
    /** Longest possible result: 2 x 20-digit ids, 2 x 20-digit amounts, rank, all 47 rule ids. */
    public static final int MAX_RESULT_BYTES = 512;

    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] PLAYER = ascii(",\"player\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] OK = ascii(",\"status\":\"ok\",\"delta\":");
    private static final byte[] TOTAL = ascii(",\"total\":");
    private static final byte[] RANK = ascii(",\"rank\":");
    private static final byte[] RULES = ascii(",\"rules\":[");
    private static final byte[] VOIDED = ascii(",\"voided\":");
    private static final byte[] CHANGED = ascii(",\"changed\":");
    private static final byte[] DUPLICATE = ascii(",\"status\":\"duplicate\"}");
    private static final byte[] REJECTED = ascii(",\"status\":\"rejected\",\"error\":\"");
    private static final byte[] INTERNAL = ascii("{\"seq\":null,\"player\":null,\"status\":\"rejected\",\"error\":\"internal\"}");
    private static final byte[] MIN_LONG = ascii(Long.toString(Long.MIN_VALUE));

    private ResultEncoder()
    {
    }

    /** @return the offset after the encoded result (no trailing newline). */
    public static int encode(final GameEvent e, final Score s, final long rank, final byte[] out, final int offset)
    {
        int i = putSeqAndPlayer(e, out, offset);
        switch (s.status)
        {
            case Score.OK:
                i = put(OK, out, i);
                i = putLong(s.delta, out, i);
                if (e.type != EventType.MATCH_EVENT)
                {
                    i = put(TOTAL, out, i);
                    i = putLong(s.total, out, i);
                    i = put(RANK, out, i);
                    i = putLong(rank, out, i);
                }
                i = put(RULES, out, i);
                i = putRules(s.rules, out, i);
                out[i++] = ']';
                if (e.type == EventType.MATCH_EVENT && e.kind == GameEvent.MatchKind.VOID)
                {
                    i = put(VOIDED, out, i);
                    i = putLong(s.voided, out, i);
                    i = put(CHANGED, out, i);
                    i = putLong(s.changed, out, i);
                }
                out[i++] = '}';
                return i;
            case Score.DUPLICATE:
                return put(DUPLICATE, out, i);
            default:
                return putRejected(ErrorCode.bytes(s.error), out, i);
        }
    }

    /**
     * A parsed event rejected with a code of the service's own, not GAME.md's (e.g.
     * {@code rate_limited}: the service did not take it): the rejected result's form and fields.
     */
    public static int encodeRejected(final GameEvent e, final byte[] error, final byte[] out, final int offset)
    {
        return putRejected(error, out, putSeqAndPlayer(e, out, offset));
    }

    private static int putSeqAndPlayer(final GameEvent e, final byte[] out, final int offset)
    {
        int i = put(SEQ, out, offset);
        i = e.seqKnown ? putLong(e.seq, out, i) : put(NULL, out, i);
        i = put(PLAYER, out, i);
        return e.playerKnown ? putLong(e.player, out, i) : put(NULL, out, i);
    }

    private static int putRejected(final byte[] error, final byte[] out, final int offset)
    {
        int i = put(REJECTED, out, offset);
        i = put(error, out, i);
        out[i++] = '"';
        out[i++] = '}';
        return i;
    }

    /**
     * The answer for an event a stage failed on (a bug, counted and logged): the service still
     * answers every event, in order. Not a GAME.md code; see README "Failure policy".
     */
    public static int encodeInternalError(final byte[] out, final int offset)
    {
        return put(INTERNAL, out, offset);
    }

    private static int putRules(final long rules, final byte[] out, final int offset)
    {
        int i = offset;
        long remaining = rules;
        while (remaining != 0)
        {
            final int rule = Long.numberOfTrailingZeros(remaining) + 1;
            remaining &= remaining - 1;
            if (i != offset)
            {
                out[i++] = ',';
            }
            out[i++] = '"';
            out[i++] = 'R';
            out[i++] = (byte)('0' + rule / 10);
            out[i++] = (byte)('0' + rule % 10);
            out[i++] = '"';
        }
        return i;
    }

    /** Decimal ASCII of {@code value}; @return the offset after it. */
    public static int putLong(final long value, final byte[] out, final int offset)
    {
        if (value == Long.MIN_VALUE)
        {
            return put(MIN_LONG, out, offset);
        }
        int i = offset;
        long v = value;
        if (v < 0)
        {
            out[i++] = '-';
            v = -v;
        }
        final int digits = digits(v);
        int end = i + digits;
        for (int k = end - 1; k >= i; k--)
        {
            out[k] = (byte)('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    private static int digits(final long v)
    {
        long limit = 10;
        for (int d = 1; d < 19; d++)
        {
            if (v < limit)
            {
                return d;
            }
            limit *= 10;
        }
        return 19;
    }

    private static int put(final byte[] bytes, final byte[] out, final int offset)
    {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return offset + bytes.length;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
