package io.scoreline.rules;

/**
 * Signed 64-bit arithmetic that records overflow in a flag instead of throwing: an overflow is a
 * reject (GAME.md 1.2, code 4), data on the event, not an exception on the hot path.
 */
final class Checked
{
    private boolean overflow;

    void reset()
    {
        overflow = false;
    }

    boolean overflowed()
    {
        return overflow;
    }

    long add(final long a, final long b)
    {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            overflow = true;
        }
        return r;
    }

    long multiply(final long a, final long b)
    {
        final long r = a * b;
        if (Math.multiplyHigh(a, b) != (r >> 63))
        {
            overflow = true;
        }
        return r;
    }
}
