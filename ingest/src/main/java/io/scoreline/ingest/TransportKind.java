package io.scoreline.ingest;

import java.util.Locale;

/** The Netty transport asked for: auto (epoll where it loads, else NIO), epoll (or fail at start) or nio. See {@link Transport}. */
public enum TransportKind
{
    AUTO, EPOLL, NIO;

    /** The system property that sets the default ({@code -Dscoreline.transport=nio}). */
    public static final String PROPERTY = "scoreline.transport";

    /** auto, epoll or nio, in any case; @throws IllegalArgumentException otherwise. */
    public static TransportKind named(final String name)
    {
        for (final TransportKind kind : values())
        {
            if (kind.name().equalsIgnoreCase(name))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("transport must be auto, epoll or nio, got " + name);
    }

    /** The default: {@link #PROPERTY}, else auto. */
    public static TransportKind fromProperty()
    {
        return named(System.getProperty(PROPERTY, "auto"));
    }

    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
