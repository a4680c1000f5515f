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
        joinPoints = points(book, RuleId.JOIN_WELCOME);
        dailyFirstPoints = points(book, RuleId.DAILY_FIRST);
        clueBasePoints = points(book, RuleId.CLUE_BASE);
        cleanPoints = points(book, RuleId.CLUE_CLEAN);
        speedPoints = points(book, RuleId.CLUE_SPEED);
        speedWindowMs = book.rule(RuleId.CLUE_SPEED).param("windowMs");
        slowSolvePoints = points(book, RuleId.CLUE_PERSEVERANCE);
        slowSolveMs = book.rule(RuleId.CLUE_PERSEVERANCE).param("minSolveMs");
        hintTaxPoints = points(book, RuleId.CLUE_HINT_TAX);
        hintTaxShieldable = book.rule(RuleId.CLUE_HINT_TAX).flag("shieldable");
        cleanStreakEveryPoints = points(book, RuleId.CLUE_STREAK_3);
        cleanStreakEvery = intParam(book, RuleId.CLUE_STREAK_3, "every");
        cleanStreakReachPoints = points(book, RuleId.CLUE_STREAK_10);
        cleanStreakReach = intParam(book, RuleId.CLUE_STREAK_10, "count");
        clueRapidPoints = points(book, RuleId.CLUE_RAPID);
        clueRapidCount = history(book, RuleId.CLUE_RAPID);
        clueRapidSpanMs = book.rule(RuleId.CLUE_RAPID).param("spanMs");
        clueMilestone1Points = points(book, RuleId.CLUE_MILESTONE_10);
        clueMilestone1 = intParam(book, RuleId.CLUE_MILESTONE_10, "count");
        clueMilestone2Points = points(book, RuleId.CLUE_MILESTONE_50);
        clueMilestone2 = intParam(book, RuleId.CLUE_MILESTONE_50, "count");
        treasureBasePoints = points(book, RuleId.TREASURE_BASE);
        rarityPoints = points(book, RuleId.TREASURE_RARITY);
        legendaryPoints = points(book, RuleId.TREASURE_LEGENDARY);
        legendaryRarity = intParam(book, RuleId.TREASURE_LEGENDARY, "rarity");
        finderPoints = new long[] {
            book.rule(RuleId.TREASURE_FIRST_FINDERS).param("first"), book.rule(RuleId.TREASURE_FIRST_FINDERS).param("second"), book.rule(RuleId.TREASURE_FIRST_FINDERS).param("third")
        };
        newZonePoints = points(book, RuleId.TREASURE_NEW_ZONE);
        zoneMasterPoints = points(book, RuleId.TREASURE_ZONE_MASTER);
        zoneMasterZones = intParam(book, RuleId.TREASURE_ZONE_MASTER, "zones");
        treasureComboPoints = points(book, RuleId.TREASURE_COMBO);
        treasureComboCount = history(book, RuleId.TREASURE_COMBO);
        treasureComboSpanMs = book.rule(RuleId.TREASURE_COMBO).param("spanMs");
        treasureMilestone1Points = points(book, RuleId.TREASURE_MILESTONE_10);
        treasureMilestone1 = intParam(book, RuleId.TREASURE_MILESTONE_10, "count");
        treasureMilestone2Points = points(book, RuleId.TREASURE_MILESTONE_100);
        treasureMilestone2 = intParam(book, RuleId.TREASURE_MILESTONE_100, "count");
        checkpointPoints = points(book, RuleId.CHECKPOINT_BASE);
        inOrderPoints = points(book, RuleId.CHECKPOINT_IN_ORDER);
        finalPoints = points(book, RuleId.CHECKPOINT_FINAL);
        finalCheckpoint = intParam(book, RuleId.CHECKPOINT_FINAL, "checkpoint");
        sprintPoints = points(book, RuleId.CHECKPOINT_SPRINT);
        sprintWindowMs = book.rule(RuleId.CHECKPOINT_SPRINT).param("windowMs");
        quizCorrectPoints = points(book, RuleId.QUIZ_CORRECT);
        quizQuickPoints = points(book, RuleId.QUIZ_QUICK);
        quizQuickMs = book.rule(RuleId.QUIZ_QUICK).param("maxAnswerMs");
        quizWrongPoints = points(book, RuleId.QUIZ_WRONG);
        quizWrongShieldable = book.rule(RuleId.QUIZ_WRONG).flag("shieldable");
        quizStreakPoints = points(book, RuleId.QUIZ_STREAK_5);
        quizStreakEvery = intParam(book, RuleId.QUIZ_STREAK_5, "every");
        halftimePoints = points(book, RuleId.QUIZ_HALFTIME);
        halftimeWindowMs = book.rule(RuleId.QUIZ_HALFTIME).param("windowMs");
        quizMilestonePoints = points(book, RuleId.QUIZ_MILESTONE_20);
        quizMilestone = intParam(book, RuleId.QUIZ_MILESTONE_20, "count");
        payoutDivisor = book.rule(RuleId.PREDICTION_PAYOUT).param("divisor");
        longshotPoints = points(book, RuleId.PREDICTION_LONGSHOT);
        longshotOdds = book.rule(RuleId.PREDICTION_LONGSHOT).param("minOdds");
        hatTrickPoints = points(book, RuleId.PREDICTION_HAT_TRICK);
        hatTrickCount = intParam(book, RuleId.PREDICTION_HAT_TRICK, "count");
        sharePoints = points(book, RuleId.SHARE);
        shareLimit = shareLimit(book, RuleId.SHARE);
        shareChannelPoints = points(book, RuleId.SHARE_WHATSAPP);
        shareChannelLimit = shareLimit(book, RuleId.SHARE_WHATSAPP);
        shareChannel = GameEvent.Channel.of(book.rule(RuleId.SHARE_WHATSAPP).text("channel")); // the rulebook schema allows only the five names
        hintPenaltyPoints = points(book, RuleId.HINT_PENALTY);
        hintPenaltyShieldable = book.rule(RuleId.HINT_PENALTY).flag("shieldable");
        cheatPoints = points(book, RuleId.CHEAT_PENALTY);
        freezeSeverity = intParam(book, RuleId.CHEAT_FREEZE, "severity");
        freezeWindowMs = book.rule(RuleId.CHEAT_FREEZE).param("windowMs");
        goldenPercent = book.rule(RuleId.GOLDEN_MINUTE).param("percent");
        goldenWindowMs = book.rule(RuleId.GOLDEN_MINUTE).param("windowMs");
        boostPercent = book.rule(RuleId.PENALTY_SAVE_BOOST).param("percent");
        boostWindowMs = book.rule(RuleId.PENALTY_SAVE_BOOST).param("windowMs");
        legendaryGoldenPoints = points(book, RuleId.LEGENDARY_GOLDEN);
        legendaryGoldenRarity = intParam(book, RuleId.LEGENDARY_GOLDEN, "rarity");
        doublePercent = book.rule(RuleId.POWERUP_DOUBLE).param("percent");
        eventCap = book.rule(RuleId.EVENT_CAP).param("limit");
        dailyCap = book.rule(RuleId.DAILY_CAP).param("limit");
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
