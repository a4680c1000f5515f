package io.scoreline.rules;

import static io.scoreline.rules.RuleId.LEGENDARY_GOLDEN;
import static io.scoreline.rules.RuleId.TREASURE_BASE;
import static io.scoreline.rules.RuleId.TREASURE_COMBO;
import static io.scoreline.rules.RuleId.TREASURE_FIRST_FINDERS;
import static io.scoreline.rules.RuleId.TREASURE_LEGENDARY;
import static io.scoreline.rules.RuleId.TREASURE_MILESTONE_10;
import static io.scoreline.rules.RuleId.TREASURE_MILESTONE_100;
import static io.scoreline.rules.RuleId.TREASURE_NEW_ZONE;
import static io.scoreline.rules.RuleId.TREASURE_RARITY;
import static io.scoreline.rules.RuleId.TREASURE_ZONE_MASTER;

/** GAME.md section 4, R13-R21 and R42 on {@code treasure_found} (steps 2-3: counters, awards). */
final class TreasureRules
{
    private TreasureRules()
    {
    }

    static void treasureFound(
        final Tally tally, final RuleParams params, final GameEvent event, final RecordLayout layout, final byte[] rec,
        final int base, final int handle, final TreasureFinders finders, final TimeHistory treasureTimes,
        final MatchState match)
    {
        final long count = RecordLayout.saturatingIncrement(layout.treasureCount.get(rec, base), layout.treasureCountCap);
        tally.count = count;
        final long zoneMask = layout.zoneMask.get(rec, base);
        final long zoneBit = 1L << (event.zone - 1);
        final boolean newZone = (zoneMask & zoneBit) == 0;
        final int place = finders.placeFor(event.treasure, handle);
        tally.place = place;
        tally.award(TREASURE_BASE, params.treasureBasePoints);
        tally.award(TREASURE_RARITY, tally.checked.multiply(params.rarityPoints, event.rarity));
        if (event.rarity == params.legendaryRarity)
        {
            tally.award(TREASURE_LEGENDARY, params.legendaryPoints);
        }
        if (place > 0)
        {
            tally.award(TREASURE_FIRST_FINDERS, params.finderPoints[place - 1]);
        }
        if (newZone)
        {
            tally.award(TREASURE_NEW_ZONE, params.newZonePoints);
            if (Long.bitCount(zoneMask | zoneBit) == params.zoneMasterZones)
            {
                tally.award(TREASURE_ZONE_MASTER, params.zoneMasterPoints);
            }
        }
        tally.burst(TREASURE_COMBO, treasureTimes, rec, base, event.ts, params.treasureComboSpanMs, params.treasureComboPoints);
        tally.milestone(TREASURE_MILESTONE_10, count, params.treasureMilestone1, params.treasureMilestone1Points);
        tally.milestone(TREASURE_MILESTONE_100, count, params.treasureMilestone2, params.treasureMilestone2Points);
        if (event.rarity == params.legendaryGoldenRarity && match.golden(event.ts))
        {
            tally.award(LEGENDARY_GOLDEN, params.legendaryGoldenPoints);
        }
    }
}
