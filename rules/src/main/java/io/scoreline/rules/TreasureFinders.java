package io.scoreline.rules;

/** Per treasure id, the first distinct finders (player handles), in order, up to a fixed count. */
final class TreasureFinders
{
    private final int slots;
    final int[] finders; // handle + 1; 0 = free
    /**
     * Per slot, 1 + the ordinal of the event that took it; 0 = free, or taken before anything a
     * correction can reach (a snapshot's slots). A slot is taken once and freed only by a
     * correction, so a slot whose value is {@code > k} was free just before ordinal k.
     */
    private final long[] takenAt;
    /** Slots taken: a snapshot writes this count before it streams the slots (EngineCapture). */
    private int taken;

    TreasureFinders(final int maxTreasure, final int slots)
    {
        this.slots = slots;
        finders = new int[(maxTreasure + 1) * slots];
        takenAt = new long[finders.length];
    }

    /** @return the 1-based place {@code player} would take, 0 if already a finder or the list is full. */
    int placeFor(final int treasure, final int player)
    {
        final int base = treasure * slots;
        for (int i = 0; i < slots; i++)
        {
            final int f = finders[base + i];
            if (f == 0)
            {
                return i + 1;
            }
            if (f == player + 1)
            {
                return 0;
            }
        }
        return 0;
    }

    /** Loads the line of a treasure's finders (a prefetch); @return a value for a sink. Ids outside the table are ignored. */
    int touch(final int treasure)
    {
        final int at = treasure * slots;
        return treasure >= 0 && at < finders.length ? finders[at] : 0;
    }

    /** Index in {@link #finders} of a treasure's place (1-based). */
    int slotOf(final int treasure, final int place)
    {
        return treasure * slots + place - 1;
    }

    /** Takes a free place ({@link #placeFor} found it). */
    void take(final int treasure, final int player, final int place, final long ordinal)
    {
        final int at = treasure * slots + place - 1;
        finders[at] = player + 1;
        takenAt[at] = ordinal + 1;
        taken++;
    }

    /** Slots per treasure. */
    int slots()
    {
        return slots;
    }

    long takenAt(final int at)
    {
        return takenAt[at];
    }

    /** A slot put back as it was (a correction that found it unchanged): value and when it was taken. */
    void putBack(final int at, final int value, final long when)
    {
        restore(at, value);
        takenAt[at] = when;
    }

    /** A slot of a snapshot's image (restore). */
    void restore(final int at, final int value)
    {
        if (finders[at] == 0 && value != 0)
        {
            taken++;
        }
        else if (finders[at] != 0 && value == 0)
        {
            taken--;
        }
        finders[at] = value;
        takenAt[at] = 0;
    }

    void clear()
    {
        java.util.Arrays.fill(finders, 0);
        java.util.Arrays.fill(takenAt, 0);
        taken = 0;
    }

    int taken()
    {
        return taken;
    }
}
