package io.scoreline.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test driver for the rule tests: feeds JSON events (single quotes allowed, turned into double
 * quotes) through the parser and the engine, and returns what the engine decided as plain values.
 * Builders write the JSON of common events for the current player with the next free seq.
 */
final class Game
{
    /**
     * Player 1 with the day's R02 already spent by a wrong quiz answer (which touches no clue,
     * treasure or checkpoint counter): a clean slow clue is then P = 100 + 50 = 150.
     */
    static Game afterDailyFirst()
    {
        final Game g = new Game();
        g.quiz(0, false, 10_000);
        return g;
    }

    /** One event's outcome, with the rules bit set turned into ids such as "R03". */
    record Outcome(byte status, byte error, long delta, long total, List<String> rules, int team, long teamTotal, String json)
    {
        boolean ok()
        {
            return status == Score.OK;
        }
    }

    final ScoringEngine engine;
    private final EventParser parser = new EventParser();
    private final GameEvent event = new GameEvent();
    private final Score score = new Score();
    private final byte[] out = new byte[ResultEncoder.MAX_RESULT_BYTES];
    private long ordinal;
    private long seq;
    private long player = 1;
    private int team = 1;

    Game()
    {
        this(Rulebook.defaults());
    }

    Game(final Rulebook book)
    {
        engine = new ScoringEngine(book, 1_000, 1_000_000);
    }

    /** Switches the player (and team) the builders write events for. */
    Game as(final long player, final int team)
    {
        this.player = player;
        this.team = team;
        return this;
    }

    Outcome play(final String json)
    {
        final byte[] bytes = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        parser.parse(bytes, 0, bytes.length, event);
        engine.score(event, ordinal++, score);
        if (event.seqKnown)
        {
            seq = Math.max(seq, event.seq);
        }
        final int length = ResultEncoder.encode(event, score, 0, out, 0);
        return new Outcome(score.status, score.error, score.delta, score.total, rules(score.rules), score.team, score.teamTotal,
            new String(out, 0, length, StandardCharsets.UTF_8));
    }

    Outcome join(final long ts)
    {
        return play(head("join", ts) + "}");
    }

    Outcome clue(final long ts, final int solveMs, final int hints)
    {
        return play(head("clue_solved", ts) + ",'clue':1,'solveMs':" + solveMs + ",'hints':" + hints + "}");
    }

    Outcome hint(final long ts)
    {
        return play(head("hint_used", ts) + ",'clue':1}");
    }

    Outcome treasure(final long ts, final int treasure, final int rarity, final int zone)
    {
        return play(head("treasure_found", ts) + ",'treasure':" + treasure + ",'rarity':" + rarity + ",'zone':" + zone + "}");
    }

    Outcome checkpoint(final long ts, final int checkpoint)
    {
        return play(head("checkpoint", ts) + ",'checkpoint':" + checkpoint + "}");
    }

    Outcome quiz(final long ts, final boolean correct, final int answerMs)
    {
        return play(head("quiz_answer", ts) + ",'quiz':1,'correct':" + correct + ",'answerMs':" + answerMs + "}");
    }

    Outcome prediction(final long ts, final long stake, final int odds)
    {
        return play(head("prediction_won", ts) + ",'stake':" + stake + ",'odds':" + odds + "}");
    }

    Outcome share(final long ts, final String channel)
    {
        return play(head("share", ts) + ",'channel':'" + channel + "'}");
    }

    Outcome powerup(final long ts, final String kind, final int durationMs)
    {
        return play(head("powerup", ts) + ",'kind':'" + kind + "','durationMs':" + durationMs + "}");
    }

    Outcome cheat(final long ts, final int severity)
    {
        return play(head("cheat_flag", ts) + ",'severity':" + severity + "}");
    }

    /** A match-feed event with the next free seq (match feed and players share the counter, which is fine: both only need increasing). */
    Outcome match(final long ts, final String kind)
    {
        return play("{'type':'match_event','seq':" + (seq + 1) + ",'ts':" + ts + ",'player':0,'kind':'" + kind + "'}");
    }

    private String head(final String type, final long ts)
    {
        return "{'type':'" + type + "','seq':" + (seq + 1) + ",'ts':" + ts + ",'player':" + player + ",'team':" + team;
    }

    static List<String> rules(final long bits)
    {
        final List<String> ids = new ArrayList<>();
        for (int n = 1; n <= 64; n++)
        {
            if ((bits & (1L << (n - 1))) != 0)
            {
                ids.add(String.format("R%02d", n));
            }
        }
        return ids;
    }

    static List<String> ids(final String... ids)
    {
        return List.of(ids);
    }
}
