package io.scoreline.rules;

/**
 * The 47 rules of GAME.md section 4 by name: {@code RuleId.CLUE_RAPID} is R10. A rule's number
 * is its bit in {@link Score#rules} ({@link #bit}) and its place in the rulebook. The names are
 * GAME.md's; a number in a name (CLUE_STREAK_3) is the default rulebook's, which a rulebook may change.
 */
public final class RuleId
{
    public static final int JOIN_WELCOME = 1;
    public static final int DAILY_FIRST = 2;
    public static final int CLUE_BASE = 3;
    public static final int CLUE_CLEAN = 4;
    public static final int CLUE_SPEED = 5;
    public static final int CLUE_PERSEVERANCE = 6;
    public static final int CLUE_HINT_TAX = 7;
    public static final int CLUE_STREAK_3 = 8;
    public static final int CLUE_STREAK_10 = 9;
    public static final int CLUE_RAPID = 10;
    public static final int CLUE_MILESTONE_10 = 11;
    public static final int CLUE_MILESTONE_50 = 12;
    public static final int TREASURE_BASE = 13;
    public static final int TREASURE_RARITY = 14;
    public static final int TREASURE_LEGENDARY = 15;
    public static final int TREASURE_FIRST_FINDERS = 16;
    public static final int TREASURE_NEW_ZONE = 17;
    public static final int TREASURE_ZONE_MASTER = 18;
    public static final int TREASURE_COMBO = 19;
    public static final int TREASURE_MILESTONE_10 = 20;
    public static final int TREASURE_MILESTONE_100 = 21;
    public static final int CHECKPOINT_BASE = 22;
    public static final int CHECKPOINT_IN_ORDER = 23;
    public static final int CHECKPOINT_FINAL = 24;
    public static final int CHECKPOINT_SPRINT = 25;
    public static final int QUIZ_CORRECT = 26;
    public static final int QUIZ_QUICK = 27;
    public static final int QUIZ_WRONG = 28;
    public static final int QUIZ_STREAK_5 = 29;
    public static final int QUIZ_HALFTIME = 30;
    public static final int QUIZ_MILESTONE_20 = 31;
    public static final int PREDICTION_PAYOUT = 32;
    public static final int PREDICTION_LONGSHOT = 33;
    public static final int PREDICTION_HAT_TRICK = 34;
    public static final int SHARE = 35;
    public static final int SHARE_WHATSAPP = 36;
    public static final int HINT_PENALTY = 37;
    public static final int CHEAT_PENALTY = 38;
    public static final int CHEAT_FREEZE = 39;
    public static final int GOLDEN_MINUTE = 40;
    public static final int PENALTY_SAVE_BOOST = 41;
    public static final int LEGENDARY_GOLDEN = 42;
    public static final int POWERUP_DOUBLE = 43;
    public static final int POWERUP_SHIELD = 44;
    public static final int EVENT_CAP = 45;
    public static final int DAILY_CAP = 46;
    public static final int TEAM_CREDIT = 47;

    /** How many rules there are (R01..R47). */
    public static final int COUNT = 47;

    private RuleId()
    {
    }

    /** The rule's bit in a {@link Score#rules} set: R01 is bit 0. */
    public static long bit(final int rule)
    {
        return 1L << (rule - 1);
    }
}
