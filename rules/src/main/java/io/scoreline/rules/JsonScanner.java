package io.scoreline.rules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Allocation-free RFC 8259 scanner over the bytes of one line. Every method takes the position of a token's first
 * byte and returns the position just after it, or {@link #FAIL} when the bytes are not JSON. Nesting is walked with
 * an explicit stack, never recursion, so a 4096-byte line nested 2000 deep cannot overflow the thread stack.
 * <p>
 * Strings are UTF-8 checked and unescaped into {@link #scratch}; the last one is at
 * [{@link #stringStart}, {@link #stringStart} + {@link #stringLength}) and stays there only if {@link #keepString()}
 * is called, otherwise the next string overwrites it. Unescaped text is never longer than its JSON form, so one
 * line's worth of scratch always suffices.
 * <p>
 * Over 600 lines: one scanner, whose string, number and container walks share the scratch, the stack and the
 * word-at-a-time tricks; a split would only scatter the hot methods the JIT inlines into the parser.
 */
final class JsonScanner
{
    static final int FAIL = -1;

    static final byte STRING = 1;
    static final byte INTEGER = 2;
    /** A number with a fraction or an exponent. */
    static final byte NUMBER = 3;
    static final byte TRUE = 4;
    static final byte FALSE = 5;
    static final byte NULL = 6;
    static final byte CONTAINER = 7;

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Any integer of up to 18 digits fits a long. */
    static final int MAX_SAFE_DIGITS = 18;
    private static final long NEGATIVE_MULT_MIN = Long.MIN_VALUE / 10;
    private static final long POSITIVE_MULT_MIN = -Long.MAX_VALUE / 10;

    final byte[] scratch;
    int scratchLength;
    int stringStart;
    int stringLength;

    /** Kind of the last value scanned by {@link #scanValue}. */
    byte valueKind;
    /** The last number's value when it is an {@link #INTEGER} that fits 64 bits. */
    long integerValue;
    /** The last {@link #INTEGER} lies outside the signed 64-bit range. */
    boolean integerOutOfRange;

    /** Open containers of {@link #skipContainer}: '{' or '['; depth can never exceed the line length. */
    private final byte[] containers;

    JsonScanner(final int maxLineBytes)
    {
        // Padded so that name lookups may read whole words past a string's end.
        scratch = new byte[maxLineBytes + NameTable.READ_PADDING];
        containers = new byte[maxLineBytes];
    }

    void reset()
    {
        scratchLength = 0;
    }

    void keepString()
    {
        scratchLength = stringStart + stringLength;
    }

    static boolean isWhitespace(final byte c)
    {
        // One compare for the usual case: every structural or value byte is above the space.
        return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    }

    static int skipWhitespace(final byte[] b, final int from, final int end)
    {
        int pos = from;
        while (pos < end && isWhitespace(b[pos]))
        {
            pos++;
        }
        return pos;
    }

    /** Any JSON value starting at {@code pos} (which must be before {@code end}); sets {@link #valueKind}. */
    int scanValue(final byte[] b, final int pos, final int end)
    {
        final byte c = b[pos];
        switch (c)
        {
            case '"':
                valueKind = STRING;
                return scanString(b, pos, end);
            case '{':
            case '[':
                valueKind = CONTAINER;
                return skipContainer(b, pos, end);
            case 't':
                valueKind = TRUE;
                return literal(b, pos, end, 'r', 'u', 'e', '\0');
            case 'f':
                valueKind = FALSE;
                return literal(b, pos, end, 'a', 'l', 's', 'e');
            case 'n':
                valueKind = NULL;
                return literal(b, pos, end, 'u', 'l', 'l', '\0');
            default:
                return scanNumber(b, pos, end);
        }
    }

    /**
     * A string starting at the quote at {@code start}, unescaped into scratch at {@link #scratchLength}. Kept small
     * so that the JIT inlines it: plain ASCII 8 bytes at a time up to the closing quote, anything else out of line.
     */
    int scanString(final byte[] b, final int start, final int end)
    {
        final byte[] out = scratch;
        int o = scratchLength;
        int pos = start + 1;
        while (pos + 8 <= end)
        {
            // Each word is stored whole: scratch is never shorter than the line read so far, and at least 8 bytes
            // remain here; the tail past a special byte is overwritten later.
            final long word = (long)LONGS.get(b, pos);
            LONGS.set(out, o, word);
            final long special = specialBytes(word);
            if (special != 0)
            {
                final int plain = Long.numberOfTrailingZeros(special) >>> 3;
                pos += plain;
                o += plain;
                if (b[pos] == '"')
                {
                    stringStart = scratchLength;
                    stringLength = o - scratchLength;
                    return pos + 1;
                }
                break;
            }
            pos += 8;
            o += 8;
        }
        return scanStringSlowly(b, pos, end, o);
    }

    /** The rest of a string from {@code from}, written at {@code outFrom}: escapes, UTF-8 and the line's last bytes. */
    private int scanStringSlowly(final byte[] b, final int from, final int end, final int outFrom)
    {
        final byte[] out = scratch;
        int o = outFrom;
        int pos = from;
        while (true)
        {
            while (pos + 8 <= end)
            {
                final long word = (long)LONGS.get(b, pos);
                LONGS.set(out, o, word);
                final long special = specialBytes(word);
                if (special != 0)
                {
                    final int plain = Long.numberOfTrailingZeros(special) >>> 3;
                    pos += plain;
                    o += plain;
                    break;
                }
                pos += 8;
                o += 8;
            }
            if (pos >= end)
            {
                return FAIL;
            }

            // One byte, escape or UTF-8 sequence: a special byte, or any byte of the last (under 8 bytes) stretch.
            final int c = b[pos] & 0xFF;
            if (c == '"')
            {
                stringStart = scratchLength;
                stringLength = o - scratchLength;
                return pos + 1;
            }
            if (c == '\\')
            {
                if (pos + 1 >= end)
                {
                    return FAIL;
                }
                final byte e = b[pos + 1];
                if (e == 'u')
                {
                    int codePoint = hex4(b, pos + 2, end);
                    if (codePoint < 0)
                    {
                        return FAIL;
                    }
                    pos += 6;
                    if (codePoint >= 0xD800 && codePoint <= 0xDBFF && pos + 1 < end && b[pos] == '\\' && b[pos + 1] == 'u')
                    {
                        final int low = hex4(b, pos + 2, end);
                        if (low >= 0xDC00 && low <= 0xDFFF)
                        {
                            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
                            pos += 6;
                        }
                    }
                    // A lone surrogate is valid JSON (RFC 8259 8.2; the golden file accepts "\ud800"): it is kept as a
                    // 3-byte sequence that no valid UTF-8 text equals, so key comparison stays exact.
                    o = putCodePoint(out, o, codePoint);
                    continue;
                }
                final byte unescaped = unescape(e);
                if (unescaped == 0)
                {
                    return FAIL;
                }
                out[o++] = unescaped;
                pos += 2;
            }
            else if (c < 0x20)
            {
                return FAIL;
            }
            else if (c < 0x80)
            {
                out[o++] = (byte)c;
                pos++;
            }
            else
            {
                final int n = utf8SequenceLength(b, pos, end);
                if (n == FAIL)
                {
                    return FAIL;
                }
                for (int i = 0; i < n; i++)
                {
                    out[o++] = b[pos + i];
                }
                pos += n;
            }
        }
    }

    /**
     * The high bit of each byte of a little-endian word that a string cannot copy as is: '"', '\\', a control byte
     * (< 0x20) or a non-ASCII byte. Only the lowest flag is exact (a borrow can flag bytes above it), which is all
     * the caller uses.
     */
    static long specialBytes(final long word)
    {
        final long quotes = word ^ (ONES * '"');
        final long backslashes = word ^ (ONES * '\\');
        return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - ONES * 0x20) | word) & HIGHS;
    }

    /** A number per the JSON grammar; integers are also parsed, with int64 overflow detection. */
    int scanNumber(final byte[] b, final int start, final int end)
    {
        int pos = start;
        final boolean negative = b[pos] == '-';
        if (negative && ++pos >= end)
        {
            return FAIL;
        }
        final byte first = b[pos];
        long magnitude = 0;
        if (first == '0')
        {
            pos++;
        }
        else if (first >= '1' && first <= '9')
        {
            // 18 digits never overflow a long, so the common case accumulates with no per-digit range check.
            final int digitsStart = pos;
            int digit;
            while (pos < end && (digit = b[pos] - '0') >= 0 && digit <= 9)
            {
                magnitude = magnitude * 10 + digit;
                pos++;
            }
            if (pos - digitsStart > MAX_SAFE_DIGITS)
            {
                return scanLongInteger(b, digitsStart, end, negative);
            }
        }
        else
        {
            return FAIL;
        }
        integerOutOfRange = false;
        integerValue = negative ? -magnitude : magnitude;
        if (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E'))
        {
            return scanFractionAndExponent(b, pos, end);
        }
        valueKind = INTEGER;
        return pos;
    }

    /**
     * The rare number whose integer part has over 18 digits, whose int64 overflow needs checking digit by digit.
     * {@code digitsStart} is its first digit, known to be 1-9.
     */
    private int scanLongInteger(final byte[] b, final int digitsStart, final int end, final boolean negative)
    {
        final int digitsEnd = digits(b, digitsStart, end);
        // Accumulate negatively so that Long.MIN_VALUE is reachable, as Long.parseLong does.
        final long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        final long multMin = negative ? NEGATIVE_MULT_MIN : POSITIVE_MULT_MIN;
        long acc = 0;
        boolean outOfRange = false;
        for (int pos = digitsStart; pos < digitsEnd; pos++)
        {
            final int digit = b[pos] - '0';
            if (acc < multMin || acc * 10 < limit + digit)
            {
                outOfRange = true;
                break;
            }
            acc = acc * 10 - digit;
        }
        integerOutOfRange = outOfRange;
        integerValue = negative ? acc : -acc;
        return scanFractionAndExponent(b, digitsEnd, end);
    }

    /** The optional fraction and exponent after a number's integer part; sets {@link #valueKind}. */
    private int scanFractionAndExponent(final byte[] b, final int from, final int end)
    {
        int pos = from;
        boolean integer = true;
        if (pos < end && b[pos] == '.')
        {
            integer = false;
            pos = digits(b, pos + 1, end);
            if (pos == FAIL)
            {
                return FAIL;
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E'))
        {
            integer = false;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-'))
            {
                pos++;
            }
            pos = digits(b, pos, end);
            if (pos == FAIL)
            {
                return FAIL;
            }
        }
        valueKind = integer ? INTEGER : NUMBER;
        return pos;
    }

    /** An object or array starting at {@code start}, walked iteratively; contents are validated, not kept. */
    int skipContainer(final byte[] b, final int start, final int end)
    {
        final byte[] stack = containers;
        int depth = 0;
        int pos = start;
        while (true)
        {
            // pos is at the first byte of a value.
            final byte c = b[pos];
            if (c == '{' || c == '[')
            {
                stack[depth++] = c;
                pos = skipWhitespace(b, pos + 1, end);
                if (pos >= end)
                {
                    return FAIL;
                }
                if (b[pos] != closerOf(c))
                {
                    if (c == '{' && (pos = memberValue(b, pos, end)) == FAIL)
                    {
                        return FAIL;
                    }
                    continue;
                }
                depth--;
                pos++;
            }
            else
            {
                pos = scanValue(b, pos, end);
                if (pos == FAIL)
                {
                    return FAIL;
                }
            }

            // A value just ended: close containers until one continues with ','.
            while (true)
            {
                if (depth == 0)
                {
                    valueKind = CONTAINER;
                    return pos;
                }
                pos = skipWhitespace(b, pos, end);
                if (pos >= end)
                {
                    return FAIL;
                }
                final byte open = stack[depth - 1];
                final byte next = b[pos];
                if (next == ',')
                {
                    pos = skipWhitespace(b, pos + 1, end);
                    if (pos >= end || (open == '{' && (pos = memberValue(b, pos, end)) == FAIL))
                    {
                        return FAIL;
                    }
                    break;
                }
                if (next != closerOf(open))
                {
                    return FAIL;
                }
                depth--;
                pos++;
            }
        }
    }

    /** A nested member's {@code "key" :} from its quote; returns the position of its value's first byte. */
    private int memberValue(final byte[] b, final int pos, final int end)
    {
        if (b[pos] != '"')
        {
            return FAIL;
        }
        int p = scanString(b, pos, end);
        if (p == FAIL)
        {
            return FAIL;
        }
        p = skipWhitespace(b, p, end);
        if (p >= end || b[p] != ':')
        {
            return FAIL;
        }
        p = skipWhitespace(b, p + 1, end);
        return p < end ? p : FAIL;
    }

    private static byte closerOf(final byte open)
    {
        return open == '{' ? (byte)'}' : (byte)']';
    }

    private static int literal(
        final byte[] b, final int pos, final int end, final char c1, final char c2, final char c3, final char c4)
    {
        final int length = c4 == 0 ? 4 : 5;
        if (pos + length > end || b[pos + 1] != c1 || b[pos + 2] != c2 || b[pos + 3] != c3 ||
            (c4 != 0 && b[pos + 4] != c4))
        {
            return FAIL;
        }
        return pos + length;
    }

    private static boolean isDigit(final byte c)
    {
        return c >= '0' && c <= '9';
    }

    /** One or more digits. */
    private static int digits(final byte[] b, final int start, final int end)
    {
        int pos = start;
        while (pos < end && isDigit(b[pos]))
        {
            pos++;
        }
        return pos > start ? pos : FAIL;
    }

    private static byte unescape(final byte e)
    {
        switch (e)
        {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return 0;
        }
    }

    private static int hex4(final byte[] b, final int pos, final int end)
    {
        if (pos + 4 > end)
        {
            return FAIL;
        }
        int value = 0;
        for (int i = pos; i < pos + 4; i++)
        {
            final int digit = hexDigit(b[i]);
            if (digit < 0)
            {
                return FAIL;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static int hexDigit(final byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int putCodePoint(final byte[] out, final int at, final int codePoint)
    {
        int o = at;
        if (codePoint < 0x80)
        {
            out[o++] = (byte)codePoint;
        }
        else if (codePoint < 0x800)
        {
            out[o++] = (byte)(0xC0 | (codePoint >>> 6));
            out[o++] = (byte)(0x80 | (codePoint & 0x3F));
        }
        else if (codePoint < 0x10000)
        {
            out[o++] = (byte)(0xE0 | (codePoint >>> 12));
            out[o++] = (byte)(0x80 | ((codePoint >>> 6) & 0x3F));
            out[o++] = (byte)(0x80 | (codePoint & 0x3F));
        }
        else
        {
            out[o++] = (byte)(0xF0 | (codePoint >>> 18));
            out[o++] = (byte)(0x80 | ((codePoint >>> 12) & 0x3F));
            out[o++] = (byte)(0x80 | ((codePoint >>> 6) & 0x3F));
            out[o++] = (byte)(0x80 | (codePoint & 0x3F));
        }
        return o;
    }

    /**
     * Length of the well-formed UTF-8 sequence at {@code pos} whose lead byte is >= 0x80 (RFC 3629 section 4):
     * no overlongs, no encoded surrogates, nothing above U+10FFFF, no truncation.
     */
    static int utf8SequenceLength(final byte[] b, final int pos, final int end)
    {
        final int lead = b[pos] & 0xFF;
        if (lead >= 0xC2 && lead <= 0xDF)
        {
            return pos + 1 < end && isContinuation(b[pos + 1], 0x80, 0xBF) ? 2 : FAIL;
        }
        if (lead >= 0xE0 && lead <= 0xEF)
        {
            final int low = lead == 0xE0 ? 0xA0 : 0x80;
            final int high = lead == 0xED ? 0x9F : 0xBF;
            return pos + 2 < end && isContinuation(b[pos + 1], low, high) && isContinuation(b[pos + 2], 0x80, 0xBF) ?
                3 : FAIL;
        }
        if (lead >= 0xF0 && lead <= 0xF4)
        {
            final int low = lead == 0xF0 ? 0x90 : 0x80;
            final int high = lead == 0xF4 ? 0x8F : 0xBF;
            return pos + 3 < end && isContinuation(b[pos + 1], low, high) &&
                isContinuation(b[pos + 2], 0x80, 0xBF) && isContinuation(b[pos + 3], 0x80, 0xBF) ? 4 : FAIL;
        }
        return FAIL;
    }

    private static boolean isContinuation(final byte c, final int low, final int high)
    {
        final int v = c & 0xFF;
        return v >= low && v <= high;
    }
}
