package io.scoreline.push;

import io.scoreline.rules.JsonMembers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One control message of {@code /push}, parsed and checked (SERVICE.md "Push"):
 * {@code {"subscribe":"player","player":ID}}, {@code {"subscribe":"top","limit":N}} (1..100),
 * {@code {"subscribe":"players","shard":K,"of":N}} (0 <= K < N <= 1024),
 * {@code {"subscribe":"stats"}} (extension), and the matching {@code unsubscribe}s. Other keys
 * are ignored. Control messages are rare and never events: parsing may allocate. The JSON is read
 * by {@link JsonMembers}, on the events' own scanner.
 */
final class PushControl
{
    static final int MAX_TOP_LIMIT = 100;

    /** What a message subscribes to, by its wire name. */
    enum Kind
    {
        PLAYER("player"), PLAYERS("players"), TOP("top"), STATS("stats");

        final String wire;

        Kind(final String wire)
        {
            this.wire = wire;
        }

        /** @return the kind of this wire name, or null */
        static Kind named(final String wire)
        {
            for (final Kind kind : values())
            {
                if (kind.wire.equals(wire))
                {
                    return kind;
                }
            }
            return null;
        }
    }

    final boolean subscribe;
    final Kind kind;
    final long player;
    final int limit;
    /** Shard subscriptions ({@link Kind#PLAYERS}): the shard K and the count N of shards. */
    final int shard;
    final int of;
    /** Why the message is refused, or null. */
    final String error;

    private PushControl(final boolean subscribe, final Kind kind, final long player, final int limit, final String error)
    {
        this(subscribe, kind, player, limit, 0, 0, error);
    }

    private PushControl(
        final boolean subscribe, final Kind kind, final long player, final int limit, final int shard, final int of,
        final String error)
    {
        this.subscribe = subscribe;
        this.kind = kind;
        this.player = player;
        this.limit = limit;
        this.shard = shard;
        this.of = of;
        this.error = error;
    }

    private static PushControl error(final String message)
    {
        return new PushControl(false, null, 0, 0, message);
    }

    static PushControl parse(final String text)
    {
        final Map<String, Object> fields;
        try
        {
            fields = JsonMembers.read(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final IllegalArgumentException e)
        {
            return error("not a JSON object: " + e.getMessage());
        }
        final Object sub = fields.get("subscribe");
        final Object unsub = fields.get("unsubscribe");
        if ((sub == null) == (unsub == null))
        {
            return error("expected one of \"subscribe\" or \"unsubscribe\"");
        }
        final boolean subscribe = sub != null;
        final Object kindValue = subscribe ? sub : unsub;
        if (!(kindValue instanceof String))
        {
            return error("subscription kind must be a string: player, players, top or stats");
        }
        final String name = (String)kindValue;
        final Kind kind = Kind.named(name);
        if (kind == null)
        {
            return error("unknown subscription kind: " + (name.length() > 40 ? name.substring(0, 40) + "..." : name));
        }
        switch (kind)
        {
            case PLAYER:
            {
                final Object id = fields.get("player");
                if (!(id instanceof Long) || (Long)id < 1)
                {
                    return error("player must be an integer 1..2^63-1");
                }
                return new PushControl(subscribe, Kind.PLAYER, (Long)id, 0, null);
            }
            case TOP:
            {
                if (!subscribe)
                {
                    return new PushControl(false, Kind.TOP, 0, 0, null);
                }
                final Object limit = fields.get("limit");
                if (!(limit instanceof Long) || (Long)limit < 1 || (Long)limit > MAX_TOP_LIMIT)
                {
                    return error("limit must be an integer 1.." + MAX_TOP_LIMIT);
                }
                return new PushControl(true, Kind.TOP, 0, (int)(long)(Long)limit, null);
            }
            case PLAYERS:
            {
                final Object of = fields.get("of");
                if (!(of instanceof Long) || (Long)of < 1 || (Long)of > PushShards.MAX_OF)
                {
                    return error("of must be an integer 1.." + PushShards.MAX_OF);
                }
                final Object shard = fields.get("shard");
                if (!(shard instanceof Long) || (Long)shard < 0 || (Long)shard >= (Long)of)
                {
                    return error("shard must be an integer 0..of-1");
                }
                return new PushControl(subscribe, Kind.PLAYERS, 0, 0, (int)(long)(Long)shard, (int)(long)(Long)of, null);
            }
            case STATS:
            default:
                return new PushControl(subscribe, Kind.STATS, 0, 0, null);
        }
    }
}
