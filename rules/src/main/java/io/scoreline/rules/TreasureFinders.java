package io.scoreline.rules;

/** Per treasure id, the first distinct finders (player handles), in order, up to a fixed count. */
final class TreasureFinders
{
    private final int slots;
    final int[] finders; // handle + 1; 0 = free
    /** Slots taken: a snapshot writes this count before it streams the slots (EngineCapture). */
    private int taken;

    TreasureFinders(final int maxTreasure, final int slots)
    {
        this.slots = slots;
        finders = new int[(maxTreasure + 1) * slots];
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
    void take(final int treasure, final int player, final int place)
    {
        finders[treasure * slots + place - 1] = player + 1;
        taken++;
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
    }

    void clear()
    {
        java.util.Arrays.fill(finders, 0);
        taken = 0;
    }

    int taken()
    {
        return taken;
    }
}
