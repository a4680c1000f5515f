package io.scoreline.pipeline;

import io.scoreline.rules.EventParser;

/**
 * Splits an NDJSON byte stream into event lines (GAME.md section 1): separator '\n', blank
 * lines skipped, a last line without '\n' is an event. Lines may span chunks; a line longer
 * than a slot keeps only its first {@link EventSlot#LINE_CAPACITY} bytes and its true length,
 * which is all a too_large verdict needs. Allocation-free after construction.
 */
public final class LineSplitter
{
    /** Receives one event line; {@code trueLength} may exceed {@code storedLength}. */
    @FunctionalInterface
    public interface LineConsumer
    {
        void onLine(byte[] buffer, int offset, int storedLength, int trueLength);
    }

    private final byte[] carry = new byte[EventSlot.LINE_CAPACITY];
    private int carryStored;
    private int carryTrue;
    private boolean pending;
    private boolean carryBlank = true;

    /** Feeds a chunk; complete lines go to {@code consumer}, a trailing partial line is kept. */
    public void feed(final byte[] chunk, final int offset, final int length, final LineConsumer consumer)
    {
        final int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++)
        {
            if (chunk[i] == '\n')
            {
                if (pending)
                {
                    append(chunk, start, i - start);
                    emitCarry(consumer);
                }
                else if (!EventParser.isBlank(chunk, start, i - start))
                {
                    consumer.onLine(chunk, start, Math.min(i - start, EventSlot.LINE_CAPACITY), i - start);
                }
                start = i + 1;
            }
        }
        if (start < end)
        {
            append(chunk, start, end - start);
        }
    }

    /** Ends the stream: a last line without '\n' is an event. */
    public void finish(final LineConsumer consumer)
    {
        if (pending)
        {
            emitCarry(consumer);
        }
    }

    private void append(final byte[] chunk, final int start, final int length)
    {
        final int room = carry.length - carryStored;
        final int copied = Math.min(room, length);
        System.arraycopy(chunk, start, carry, carryStored, copied);
        carryStored += copied;
        carryTrue += length;
        carryBlank = carryBlank && EventParser.isBlank(chunk, start, length);
        pending = true;
    }

    private void emitCarry(final LineConsumer consumer)
    {
        if (!carryBlank)
        {
            consumer.onLine(carry, 0, carryStored, carryTrue);
        }
        carryStored = 0;
        carryTrue = 0;
        carryBlank = true;
        pending = false;
    }
}
