package io.scoreline.push;

import java.util.concurrent.TimeUnit;

/**
 * When a shard player's rank move, between its own events, is worth a line (issue 25): a player
 * ranked 812,345 gains nothing from hearing 812,301 a second later, and at 2M players nearly
 * every rank moves every second. A move is pushed at a rank refresh when it is inside the top N
 * (at either end), at least a fraction of the rank last pushed, or when that rank would be older
 * than the max age before the next refresh (so that every rank is exact within the max age once
 * events stop). A player's own event is pushed at once whatever this says.
 */
final class RankRule
{
    private final int exactTop;
    private final double step;
    /** The max age less one refresh interval: a pass later than that would be too late. */
    private final long dueAfterNanos;

    RankRule(final PushConfig config)
    {
        exactTop = config.rankExactTop();
        step = config.rankStep();
        dueAfterNanos = TimeUnit.MILLISECONDS.toNanos(config.rankMaxAgeMillis() - config.rankRefreshMillis());
    }

    /** @param pushed the rank last pushed (0: none), @param pushedAt when, @param rank the exact rank now, != pushed. */
    boolean due(final int pushed, final int rank, final long pushedAt, final long now)
    {
        return pushed == 0
            || Math.min(pushed, rank) <= exactTop
            || Math.abs(rank - pushed) >= step * pushed
            || now - pushedAt >= dueAfterNanos;
    }
}
