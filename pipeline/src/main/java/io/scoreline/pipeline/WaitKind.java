package io.scoreline.pipeline;

import java.util.Locale;

/** The stage wait strategies by name ({@code --wait}); {@link WaitStrategies} says what each does. */
public enum WaitKind
{
    PARKING, SLEEPING, YIELDING, BUSYSPIN, BLOCKING;

    /** As given on the command line: parking, sleeping, yielding, busyspin or blocking. */
    public static WaitKind named(final String name)
    {
        for (final WaitKind kind : values())
        {
            if (kind.toString().equals(name))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + name + "' (parking, sleeping, yielding, busyspin, blocking)");
    }

    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
