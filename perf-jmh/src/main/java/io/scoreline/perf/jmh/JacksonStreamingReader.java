package io.scoreline.perf.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scoreline.rules.ErrorCode;
import io.scoreline.rules.EventType;
import io.scoreline.rules.GameEvent;

import java.io.IOException;

/**
 * Baseline for {@link io.scoreline.rules.EventParser}: what a Java team writes when it wants speed
 * from Jackson, a streaming {@link JsonParser} and a {@code nextToken} loop filling the same
 * {@link GameEvent} fields.
 *
 * <p>It does less work than EventParser, which keeps the comparison conservative: no duplicate-key
 * check, no check of trailing bytes after the object, no range checks, a wrong JSON type is
 * reported as malformed (Jackson throws) rather than bad_type, and only type/seq/ts/player are
 * checked for presence. On valid lines it fills exactly what EventParser fills.
 */
public final class JacksonStreamingReader
{
    private static final int SEQ = 1;
    private static final int TS = 2;
    private static final int PLAYER = 4;
    private static final int REQUIRED = SEQ | TS | PLAYER;

    private final JsonFactory factory = new JsonFactory();

    public void read(final byte[] buffer, final int offset, final int length, final GameEvent out)
    {
        out.clear();
        try (JsonParser p = factory.createParser(buffer, offset, length))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                out.error = ErrorCode.MALFORMED;
                return;
            }
            int seen = 0;
            String channel = null;
            String kind = null;
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = p.currentName();
                p.nextToken();
                switch (name)
                {
                    case "type" -> out.type = WireNames.type(p.getText());
                    case "seq" ->
                    {
                        out.seq = p.getLongValue();
                        seen |= SEQ;
                    }
                    case "ts" ->
                    {
                        out.ts = p.getLongValue();
                        seen |= TS;
                    }
                    case "player" ->
                    {
                        out.player = p.getLongValue();
                        seen |= PLAYER;
                    }
                    case "team" -> out.team = p.getIntValue();
                    case "clue" -> out.clue = p.getIntValue();
                    case "solveMs" -> out.solveMs = p.getIntValue();
                    case "hints" -> out.hints = p.getIntValue();
                    case "treasure" -> out.treasure = p.getIntValue();
                    case "rarity" -> out.rarity = p.getIntValue();
                    case "zone" -> out.zone = p.getIntValue();
                    case "checkpoint" -> out.checkpoint = p.getIntValue();
                    case "quiz" -> out.quiz = p.getIntValue();
                    case "correct" -> out.correct = p.getBooleanValue();
                    case "answerMs" -> out.answerMs = p.getIntValue();
                    case "stake" -> out.stake = p.getLongValue();
                    case "odds" -> out.odds = p.getIntValue();
                    case "channel" -> channel = p.getText();
                    case "kind" -> kind = p.getText();
                    case "durationMs" -> out.durationMs = p.getIntValue();
                    case "severity" -> out.severity = p.getIntValue();
                    default -> p.skipChildren();
                }
            }
            if (out.type == EventType.NONE || (seen & REQUIRED) != REQUIRED)
            {
                out.error = out.type == EventType.NONE ? ErrorCode.UNKNOWN_TYPE : ErrorCode.MISSING_FIELD;
                return;
            }
            // Strings are resolved once the type is known: "kind" means different things per type.
            out.seqKnown = true;
            out.playerKnown = true;
            out.channel = out.type == EventType.SHARE ? WireNames.channel(channel) : 0;
            out.kind = out.type == EventType.POWERUP || out.type == EventType.MATCH_EVENT ?
                WireNames.kind(out.type, kind) : 0;
        }
        catch (final IOException e)
        {
            out.clear();
            out.error = ErrorCode.MALFORMED;
        }
    }
}
