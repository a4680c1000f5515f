package io.scoreline.rules;

/**
 * The rulebook's numbers copied into final primitive fields, so the engine reads a field, not a
 * map, per rule. Also enforces the limits of the engine's compact state (a history of at most
 * {@link #MAX_HISTORY} timestamps, share counters that fit a byte).
 */
final class RuleParams
{
    static final int MAX_HISTORY = 16;
    static final int MAX_SHARE_LIMIT = 100;

    final long joinPoints;
    final long dailyFirstPoints;
    final long clueBasePoints;
    final long cleanPoints;
    final long speedPoints;
    final long speedWindowMs;
    final long slowSolvePoints;
    final long slowSolveMs;
    final long hintTaxPoints;
    final boolean hintTaxShieldable;
    final long cleanStreakEveryPoints;
    final int cleanStreakEvery;
    final long cleanStreakReachPoints;
    final int cleanStreakReach;
    final long clueRapidPoints;
    final int clueRapidCount;
    final long clueRapidSpanMs;
    final long clueMilestone1Points;
    final int clueMilestone1;
    final long clueMilestone2Points;
    final int clueMilestone2;
    final long treasureBasePoints;
    final long rarityPoints;
    final long legendaryPoints;
    final int legendaryRarity;
    final long[] finderPoints;
    final long newZonePoints;
    final long zoneMasterPoints;
    final int zoneMasterZones;
    final long treasureComboPoints;
    final int treasureComboCount;
    final long treasureComboSpanMs;
    final long treasureMilestone1Points;
    final int treasureMilestone1;
    final long treasureMilestone2Points;
    final int treasureMilestone2;
    final long checkpointPoints;
    final long inOrderPoints;
    final long finalPoints;
    final int finalCheckpoint;
    final long sprintPoints;
    final long sprintWindowMs;
    final long quizCorrectPoints;
    final long quizQuickPoints;
    final long quizQuickMs;
    final long quizWrongPoints;
    final boolean quizWrongShieldable;
    final long quizStreakPoints;
    final int quizStreakEvery;
    final long halftimePoints;
    final long halftimeWindowMs;
    final long quizMilestonePoints;
    final int quizMilestone;
    final long payoutDivisor;
    final long longshotPoints;
    final long longshotOdds;
    final long hatTrickPoints;
    final int hatTrickCount;
    final long sharePoints;
    final int shareLimit;
    final long shareChannelPoints;
    final int shareChannelLimit;
    final byte shareChannel;
    final long hintPenaltyPoints;
    final boolean hintPenaltyShieldable;
    final long cheatPoints;
    final int freezeSeverity;
    final long freezeWindowMs;
    final long goldenPercent;
    final long goldenWindowMs;
    final long boostPercent;
    final long boostWindowMs;
    final long legendaryGoldenPoints;
    final int legendaryGoldenRarity;
    final long doublePercent;
    final long eventCap;
    final long dailyCap;
    private final boolean[] dailyFirstOn = new boolean[EventType.COUNT];

    RuleParams(final Rulebook book)
    {
        joinPoints = points(book, 1);
        dailyFirstPoints = points(book, 2);
        clueBasePoints = points(book, 3);
        cleanPoints = points(book, 4);
        speedPoints = points(book, 5);
        speedWindowMs = book.rule(5).param("windowMs");
        slowSolvePoints = points(book, 6);
        slowSolveMs = book.rule(6).param("minSolveMs");
        hintTaxPoints = points(book, 7);
        hintTaxShieldable = book.rule(7).flag("shieldable");
        cleanStreakEveryPoints = points(book, 8);
        cleanStreakEvery = intParam(book, 8, "every");
        cleanStreakReachPoints = points(book, 9);
        cleanStreakReach = intParam(book, 9, "count");
        clueRapidPoints = points(book, 10);
        clueRapidCount = history(book, 10);
        clueRapidSpanMs = book.rule(10).param("spanMs");
        clueMilestone1Points = points(book, 11);
        clueMilestone1 = intParam(book, 11, "count");
        clueMilestone2Points = points(book, 12);
        clueMilestone2 = intParam(book, 12, "count");
        treasureBasePoints = points(book, 13);
        rarityPoints = points(book, 14);
        legendaryPoints = points(book, 15);
        legendaryRarity = intParam(book, 15, "rarity");
        finderPoints = new long[] {
            book.rule(16).param("first"), book.rule(16).param("second"), book.rule(16).param("third")
        };
        newZonePoints = points(book, 17);
        zoneMasterPoints = points(book, 18);
        zoneMasterZones = intParam(book, 18, "zones");
        treasureComboPoints = points(book, 19);
        treasureComboCount = history(book, 19);
        treasureComboSpanMs = book.rule(19).param("spanMs");
        treasureMilestone1Points = points(book, 20);
        treasureMilestone1 = intParam(book, 20, "count");
        treasureMilestone2Points = points(book, 21);
        treasureMilestone2 = intParam(book, 21, "count");
        checkpointPoints = points(book, 22);
        inOrderPoints = points(book, 23);
        finalPoints = points(book, 24);
        finalCheckpoint = intParam(book, 24, "checkpoint");
        sprintPoints = points(book, 25);
        sprintWindowMs = book.rule(25).param("windowMs");
        quizCorrectPoints = points(book, 26);
        quizQuickPoints = points(book, 27);
        quizQuickMs = book.rule(27).param("maxAnswerMs");
        quizWrongPoints = points(book, 28);
        quizWrongShieldable = book.rule(28).flag("shieldable");
        quizStreakPoints = points(book, 29);
        quizStreakEvery = intParam(book, 29, "every");
        halftimePoints = points(book, 30);
        halftimeWindowMs = book.rule(30).param("windowMs");
        quizMilestonePoints = points(book, 31);
        quizMilestone = intParam(book, 31, "count");
        payoutDivisor = book.rule(32).param("divisor");
        longshotPoints = points(book, 33);
        longshotOdds = book.rule(33).param("minOdds");
        hatTrickPoints = points(book, 34);
        hatTrickCount = intParam(book, 34, "count");
        sharePoints = points(book, 35);
        shareLimit = shareLimit(book, 35);
        shareChannelPoints = points(book, 36);
        shareChannelLimit = shareLimit(book, 36);
        shareChannel = GameEvent.Channel.of(book.rule(36).text("channel")); // the rulebook schema allows only the five names
        hintPenaltyPoints = points(book, 37);
        hintPenaltyShieldable = book.rule(37).flag("shieldable");
        cheatPoints = points(book, 38);
        freezeSeverity = intParam(book, 39, "severity");
        freezeWindowMs = book.rule(39).param("windowMs");
        goldenPercent = book.rule(40).param("percent");
        goldenWindowMs = book.rule(40).param("windowMs");
        boostPercent = book.rule(41).param("percent");
        boostWindowMs = book.rule(41).param("windowMs");
        legendaryGoldenPoints = points(book, 42);
        legendaryGoldenRarity = intParam(book, 42, "rarity");
        doublePercent = book.rule(43).param("percent");
        eventCap = book.rule(45).param("limit");
        dailyCap = book.rule(46).param("limit");
        dailyFirstOn[EventType.CLUE_SOLVED] = true;
        dailyFirstOn[EventType.TREASURE_FOUND] = true;
        dailyFirstOn[EventType.CHECKPOINT] = true;
        dailyFirstOn[EventType.QUIZ_ANSWER] = true;
    }

    boolean dailyFirstOn(final byte type)
    {
        return dailyFirstOn[type];
    }

    private static long points(final Rulebook book, final int rule)
    {
        return book.rule(rule).param("points");
    }

    private static int intParam(final Rulebook book, final int rule, final String key)
    {
        return Math.toIntExact(book.rule(rule).param(key));
    }

    private static int history(final Rulebook book, final int rule)
    {
        final long count = book.rule(rule).param("count");
        if (count > MAX_HISTORY)
        {
            throw new RulebookException(book.source(), book.rule(rule).id() + " (" + book.rule(rule).name() +
                "): count must be at most " + MAX_HISTORY + " (timestamps kept per player), got " + count);
        }
        return (int)count;
    }

    private static int shareLimit(final Rulebook book, final int rule)
    {
        final long limit = book.rule(rule).param("limit");
        if (limit > MAX_SHARE_LIMIT)
        {
            throw new RulebookException(book.source(), book.rule(rule).id() + " (" + book.rule(rule).name() +
                "): limit must be at most " + MAX_SHARE_LIMIT + ", got " + limit);
        }
        return (int)limit;
    }
}
