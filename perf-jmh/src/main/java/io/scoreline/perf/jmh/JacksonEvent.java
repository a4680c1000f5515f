package io.scoreline.perf.jmh;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;

/**
 * Baseline event class for Jackson databind ({@code ObjectReader.readValue}), the usual way a Java
 * service reads JSON: boxed required fields so that absence is visible, primitives for the rest.
 * {@link #copyTo} hands it to the project's {@link io.scoreline.rules.ScoringEngine}, so both
 * pipelines share the rules logic and the comparison measures transport, parsing and boards.
 * Like {@link JacksonStreamingReader} it checks presence only, no ranges.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class JacksonEvent
{
    public String type;
    public Long seq;
    public Long ts;
    public Long player;
    public Integer team;
    public int clue;
    public int solveMs;
    public int hints;
    public int treasure;
    public int rarity;
    public int zone;
    public int checkpoint;
    public int quiz;
    public boolean correct;
    public int answerMs;
    public long stake;
    public int odds;
    public String channel;
    public String kind;
    public int durationMs;
    public int severity;
    /** Set by the baseline pipeline when Jackson could not read the line. */
    public boolean malformed;

    /** Overwrites every field of {@code out}, the type's own fields as EventParser does. */
    public void copyTo(final GameEvent out)
    {
        out.clear();
        if (malformed)
        {
            out.error = ErrorCode.MALFORMED;
            return;
        }
        final byte t = WireNames.type(type);
        out.type = t;
        if (t == EventType.NONE)
        {
            out.error = ErrorCode.UNKNOWN_TYPE;
            return;
        }
        final boolean matchFeed = t == EventType.MATCH_EVENT;
        if (seq == null || ts == null || player == null || (!matchFeed && team == null))
        {
            out.error = ErrorCode.MISSING_FIELD;
            return;
        }
        out.seqKnown = true;
        out.playerKnown = true;
        out.seq = seq;
        out.ts = ts;
        out.player = player;
        out.team = matchFeed ? 0 : team;
        switch (t)
        {
            case EventType.CLUE_SOLVED ->
            {
                out.clue = clue;
                out.solveMs = solveMs;
                out.hints = hints;
            }
            case EventType.HINT_USED -> out.clue = clue;
            case EventType.TREASURE_FOUND ->
            {
                out.treasure = treasure;
                out.rarity = rarity;
                out.zone = zone;
            }
            case EventType.CHECKPOINT -> out.checkpoint = checkpoint;
            case EventType.QUIZ_ANSWER ->
            {
                out.quiz = quiz;
                out.correct = correct;
                out.answerMs = answerMs;
            }
            case EventType.PREDICTION_WON ->
            {
                out.stake = stake;
                out.odds = odds;
            }
            case EventType.SHARE -> out.channel = WireNames.channel(channel);
            case EventType.POWERUP ->
            {
                out.kind = WireNames.kind(t, kind);
                out.durationMs = durationMs;
            }
            case EventType.CHEAT_FLAG -> out.severity = severity;
            case EventType.MATCH_EVENT -> out.kind = WireNames.kind(t, kind);
            default ->
            {
            }
        }
    }
}
