package io.scoreline.perf;

import io.scoreline.rules.ResultEncoder;

import java.nio.charset.StandardCharsets;

/**
 * Writes synthetic event JSON straight into a byte array (a ring slot's line): every event type
 * in a game-like mix, valid per-player {@code seq}, uniform random players (the cache-worst
 * case), time moving forward so days roll over. No corpus is held in memory and nothing is
 * allocated per event.
 *
 * <p>Mix per 1000: 50 join, 250 clue_solved, 50 hint_used, 200 treasure_found, 100 checkpoint,
 * 150 quiz_answer, 50 prediction_won, 80 share, 30 powerup, 39 cheat_flag, 1 match_event.
 */
public final class SyntheticEvents
{
    private static final long START_TS = 1_749_808_800_000L;
    private static final byte[][] TYPES = ascii(
        "{\"type\":\"join\"", "{\"type\":\"clue_solved\"", "{\"type\":\"hint_used\"", "{\"type\":\"treasure_found\"",
        "{\"type\":\"checkpoint\"", "{\"type\":\"quiz_answer\"", "{\"type\":\"prediction_won\"", "{\"type\":\"share\"",
        "{\"type\":\"powerup\"", "{\"type\":\"cheat_flag\"", "{\"type\":\"match_event\"");
    private static final int[] MIX_UPPER = {50, 300, 350, 550, 650, 800, 850, 930, 960, 999, 1000};
    private static final byte[] SEQ = ascii(",\"seq\":")[0];
    private static final byte[] TS = ascii(",\"ts\":")[0];
    private static final byte[] PLAYER = ascii(",\"player\":")[0];
    private static final byte[] TEAM = ascii(",\"team\":")[0];
    private static final byte[][] CHANNELS = ascii(
        ",\"channel\":\"x\"", ",\"channel\":\"facebook\"", ",\"channel\":\"whatsapp\"",
        ",\"channel\":\"instagram\"", ",\"channel\":\"other\"");
    private static final byte[][] MATCH = ascii(
        ",\"kind\":\"goal\"}", ",\"kind\":\"penalty_saved\"}", ",\"kind\":\"half_time\"}", ",\"kind\":\"full_time\"}");

    private final int players;
    private final long[] seqs;
    private final long stride;
    private final long offset;
    private long matchSeq;
    private long ts = START_TS;
    private long random;
    private long count;

    public SyntheticEvents(final int players, final long seed)
    {
        this(players, seed, 1, 0);
    }

    /**
     * Local player {@code i} (1..players) is written as global id {@code (i - 1) * stride + offset + 1},
     * so generators built with the same stride and offsets 0..stride-1 own disjoint player sets
     * (one per load-generator connection keeps each player's {@code seq} order on one socket).
     */
    public SyntheticEvents(final int players, final long seed, final long stride, final long offset)
    {
        if (players < 1 || stride < 1 || offset < 0 || offset >= stride)
        {
            throw new IllegalArgumentException(
                "need players >= 1 and 0 <= offset < stride, got " + players + ", " + offset + ", " + stride);
        }
        this.players = players;
        this.seqs = new long[players + 1];
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        this.stride = stride;
        this.offset = offset;
    }

    /** Writes the next event into {@code out} from 0; @return its length. */
    public int next(final byte[] out)
    {
        return write(out, 0);
    }

    /** Writes the next event into {@code out} from {@code offset}; @return its length. */
    public int next(final byte[] out, final int offset)
    {
        return write(out, offset) - offset;
    }

    /** @return the end of the event written from {@code start} */
    private int write(final byte[] out, final int start)
    {
        count++;
        ts += (count & 7) == 0 ? 97 : 0; // ~1.5 days per 10M events at 8 events per step
        final int roll = (int)(nextRandom() % 1000);
        int type = 0;
        while (roll >= MIX_UPPER[type])
        {
            type++;
        }
        int i = put(TYPES[type], out, start);
        if (type == 10)
        {
            i = put(SEQ, out, i);
            i = ResultEncoder.putLong(++matchSeq, out, i);
            i = put(TS, out, i);
            i = ResultEncoder.putLong(ts, out, i);
            i = put(PLAYER, out, i);
            out[i++] = '0';
            return put(MATCH[(int)(matchSeq & 3)], out, i);
        }
        final int player = 1 + (int)(nextRandom() % players);
        i = put(SEQ, out, i);
        i = ResultEncoder.putLong(++seqs[player], out, i);
        i = put(TS, out, i);
        i = ResultEncoder.putLong(ts, out, i);
        final long id = (player - 1L) * stride + offset + 1;
        i = put(PLAYER, out, i);
        i = ResultEncoder.putLong(id, out, i);
        i = put(TEAM, out, i);
        i = ResultEncoder.putLong(id & 1023, out, i);
        final long r = nextRandom();
        switch (type)
        {
            case 1:
                i = field(",\"clue\":", 1 + r % 5000, out, i);
                i = field(",\"solveMs\":", (r >>> 13) % 700_000, out, i);
                i = field(",\"hints\":", (r >>> 33) % 4 == 0 ? (r >>> 40) % 11 : 0, out, i);
                break;
            case 2:
                i = field(",\"clue\":", 1 + r % 5000, out, i);
                break;
            case 3:
                i = field(",\"treasure\":", 1 + r % 1_000_000, out, i);
                i = field(",\"rarity\":", 1 + (r >>> 20) % 5, out, i);
                i = field(",\"zone\":", 1 + (r >>> 30) % 64, out, i);
                break;
            case 4:
                i = field(",\"checkpoint\":", 1 + r % 25, out, i);
                break;
            case 5:
                i = field(",\"quiz\":", 1 + r % 1000, out, i);
                i = put((r & 1024) == 0 ? CORRECT : WRONG, out, i);
                i = field(",\"answerMs\":", (r >>> 20) % 60_001, out, i);
                break;
            case 6:
                i = field(",\"stake\":", 1 + r % 500, out, i);
                i = field(",\"odds\":", 100 + (r >>> 20) % 3000, out, i);
                break;
            case 7:
                i = put(CHANNELS[(int)(r % 5)], out, i);
                break;
            case 8:
                i = put((r & 1) == 0 ? DOUBLE : SHIELD, out, i);
                i = field(",\"durationMs\":", 1000 + (r >>> 8) % 599_001, out, i);
                break;
            case 9:
                i = field(",\"severity\":", 1 + r % 3, out, i);
                break;
            default:
                break;
        }
        out[i++] = '}';
        return i;
    }

    private static final byte[] CORRECT = ascii(",\"correct\":true")[0];
    private static final byte[] WRONG = ascii(",\"correct\":false")[0];
    private static final byte[] DOUBLE = ascii(",\"kind\":\"double\"")[0];
    private static final byte[] SHIELD = ascii(",\"kind\":\"shield\"")[0];

    private static int field(final String name, final long value, final byte[] out, final int offset)
    {
        // Field-name constants are interned literals; getBytes would allocate, so cache them.
        return ResultEncoder.putLong(value, out, put(FieldNames.of(name), out, offset));
    }

    private long nextRandom()
    {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x & Long.MAX_VALUE;
    }

    private static int put(final byte[] bytes, final byte[] out, final int offset)
    {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return offset + bytes.length;
    }

    private static byte[][] ascii(final String... values)
    {
        final byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = values[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    /** Byte forms of the field-name literals, looked up by identity (literals are interned). */
    private static final class FieldNames
    {
        private static final String[] NAMES = {
            ",\"clue\":", ",\"solveMs\":", ",\"hints\":", ",\"treasure\":", ",\"rarity\":", ",\"zone\":",
            ",\"checkpoint\":", ",\"quiz\":", ",\"answerMs\":", ",\"stake\":", ",\"odds\":", ",\"durationMs\":",
            ",\"severity\":"
        };
        private static final byte[][] BYTES = ascii(NAMES);

        static byte[] of(final String name)
        {
            for (int i = 0; i < NAMES.length; i++)
            {
                if (NAMES[i] == name)
                {
                    return BYTES[i];
                }
            }
            throw new IllegalArgumentException(name);
        }
    }
}
