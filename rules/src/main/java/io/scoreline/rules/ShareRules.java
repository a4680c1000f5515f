package io.scoreline.rules;

import static io.scoreline.rules.RuleId.SHARE;
import static io.scoreline.rules.RuleId.SHARE_WHATSAPP;

/** GAME.md section 4, R35-R36 on {@code share}: counted in the day block ({@link Tally#shares}, rolled over already). */
final class ShareRules
{
    private ShareRules()
    {
    }

    static void share(final Tally tally, final RuleParams params, final GameEvent event)
    {
        if (tally.shares < params.shareLimit)
        {
            tally.award(SHARE, params.sharePoints);
            tally.shares++;
        }
        if (event.channel == params.shareChannel && tally.channelShares < params.shareChannelLimit)
        {
            tally.award(SHARE_WHATSAPP, params.shareChannelPoints);
            tally.channelShares++;
        }
    }
}
