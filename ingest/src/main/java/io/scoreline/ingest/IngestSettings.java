package io.scoreline.ingest;

import io.scoreline.pipeline.log.EventLog;

/**
 * The front end's settings, as it reads them: limits, timeouts, the bearer token and the
 * replicated log, if any. The server's configuration (server module) implements it, so that this
 * module needs nothing of the composition root.
 */
public interface IngestSettings
{
    /** The bind address (a token-less service beyond loopback is warned about). */
    String host();

    /** Null: no auth. */
    String authToken();

    int maxConnections();

    /** Largest WebSocket message (after reassembly of fragments) and largest POST body. */
    int maxMessageBytes();

    int idleTimeoutSeconds();

    /** Events of one connection published but not yet answered. */
    int maxInFlight();

    /** A client whose answers stay past the write high-water mark (unread) this long is closed (1008). */
    int unreadTimeoutMillis();

    /** Events a second per connection (token bucket); 0: no limit. */
    int eventRate();

    int eventBurst();

    /** Null: journal mode. */
    EventLog eventLog();

    int headerTimeoutMillis();

    int bodyMinBytesPerSecond();

    int bodyWindowMillis();

    int keepAliveTimeoutMillis();

    int maxHalfOpen();
}
