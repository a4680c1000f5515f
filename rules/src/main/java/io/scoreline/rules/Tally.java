package io.scoreline.rules;

/**
 * What the rules decided for the event being scored (GAME.md section 3, steps 1-4), before the
 * commit step writes it: the positive and negative sums {@code P} and {@code N}, the shieldable
 * part of {@code N}, the rule ids that took part, and the per-type counters and windows the
 * commit stores. One per engine, reset per event: the rule classes write here instead of into
 * the player's record, so an overflow (checked here) commits nothing.
 */
final class Tally
{
    final Checked checked = new Checked();
    /** P, N and the shieldable negatives not yet in N. */
    long positive;
    long negative;
    long shieldable;
    /** The rule ids that took part, one bit each ({@link RuleId#bit}). */
    long rules;

    /** The type's milestone counter after this event, as stored. */
    long count;
    /** The type's streak after this event, as stored. */
    long streak;
    /** treasure_found: the player's place among the treasure's first finders, 0 for none. */
    int place;
    /** A history (clueTimes, treasureTimes) to clear instead of push: its rule gave its award. */
    boolean historyCleared;
    /** checkpoint: R24 gave its award. */
    boolean finalDone;
    /** The day block's share counters after this event. */
    long shares;
    long channelShares;
    /** The personal windows after this event's triggers, stored as (from + 1, length), 0 = empty. */
    long doubleFrom;
    long doubleLength;
    long shieldFrom;
    long shieldLength;
    long freezeFrom;

    void reset()
    {
        checked.reset();
        positive = 0;
        negative = 0;
        shieldable = 0;
        rules = 0;
        count = 0;
        streak = 0;
        place = 0;
        historyCleared = false;
        finalDone = false;
    }

    /** A rule that took part without an award (a trigger, a modifier, R47). */
    void mark(final int rule)
    {
        rules |= RuleId.bit(rule);
    }

    /** An award rule's award: into P or N, and its id listed when it is not 0 (GAME.md section 5). */
    void award(final int rule, final long points)
    {
        if (points > 0)
        {
            positive = checked.add(positive, points);
            rules |= RuleId.bit(rule);
        }
        else if (points < 0)
        {
            negative = checked.add(negative, points);
            rules |= RuleId.bit(rule);
        }
    }

    /** A negative award that a shield (R44) may drop: kept apart from N until the modifiers run. */
    void awardShieldable(final int rule, final long points, final boolean isShieldable)
    {
        if (points < 0 && isShieldable)
        {
            shieldable = checked.add(shieldable, points);
            rules |= RuleId.bit(rule);
        }
        else
        {
            award(rule, points);
        }
    }

    /**
     * R10, R19: when the history, with this event's ts, holds its K timestamps within {@code spanMs},
     * the award is given and the history is cleared at commit instead of pushed.
     */
    void burst(final int rule, final TimeHistory history, final byte[] rec, final int base, final long ts,
        final long spanMs, final long points)
    {
        final long span = history.prepare(rec, base, ts);
        if (span != TimeHistory.NOT_FULL && span <= spanMs)
        {
            award(rule, points);
            historyCleared = true;
        }
    }

    void milestone(final int rule, final long count, final int target, final long points)
    {
        if (count == target)
        {
            award(rule, points);
        }
    }

    /** A percent modifier (R40, R41, R43) on a positive P inside its window; listed only when it changes P. */
    long multiplier(final int rule, final long p, final boolean covered, final long percent)
    {
        if (!covered || p <= 0)
        {
            return p;
        }
        final long result = checked.multiply(p, percent) / 100;
        if (result != p)
        {
            rules |= RuleId.bit(rule);
        }
        return result;
    }
}
