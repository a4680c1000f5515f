package io.scoreline.pipeline;

import io.scoreline.rules.GameEvent;
import io.scoreline.rules.ResultEncoder;
import io.scoreline.rules.Score;

/**
 * One preallocated ring slot. The producer writes the command and the raw line; each stage
 * overwrites the fields it owns, so nothing from the slot's previous lap survives:
 * journal (reads line), parse (writes {@link #event}), score (writes {@link #score}),
 * board (writes {@link #rank} and {@link #result}).
 */
public final class EventSlot
{
    /** Bytes of a line kept in a slot: one past the event limit is enough to know it is too_large. */
    public static final int LINE_CAPACITY = GameEvent.MAX_LINE_BYTES + 1;

    /** An event line to journal, score and answer. */
    public static final byte EVENT = 1;
    /** A read of the boards, answered by the board stage so the boards have one owner. */
    public static final byte QUERY = 2;
    /**
     * An event the producer refused (over its connection's rate): no stage touches it, it has no
     * ordinal and is not journaled; its {@link #result} was written by the producer and is
     * answered in the connection's order like any other.
     */
    public static final byte REFUSED = 3;

    public byte command;
    public final byte[] line = new byte[LINE_CAPACITY];
    /** Bytes of {@link #line} in use: min(trueLength, LINE_CAPACITY). */
    public int storedLength;
    /** The line's length on the wire, which may exceed what the slot kept. */
    public int trueLength;
    /** GAME.md ordinal: position in the journal. Only for {@link #EVENT}. */
    public long ordinal;
    public long receivedNanos;
    /** True when the event comes from the journal (recovery): the journal stage must not append it again. */
    public boolean journaled;

    public final GameEvent event = new GameEvent();
    public final Score score = new Score();
    public int rank;
    public final byte[] result = new byte[ResultEncoder.MAX_RESULT_BYTES];
    public int resultLength;
    /** Set by the score stage on an applied void (GAME.md section 7): the boards as they are after it. */
    public BoardImage rebuild;
    /** Set by the exception policy when a stage failed on this slot: later stages skip it. */
    public boolean failed;

    /** A probe query: each stage thread adds its own allocated bytes to {@link #probeBytes} as it passes. */
    public boolean probe;
    public long probeBytes;

    /** Opaque to the pipeline: who asked (a connection, a request, a latch), for the result sink. */
    public Object context;
    /** The query to answer for {@link #QUERY}; opaque to everything but the board stage. */
    public BoardQuery query;
    /** Board handle of the query's player, resolved by the score stage. */
    public int queryHandle;

    /** Resets the per-lap fields a producer does not set; call after claiming. */
    public void reset(final byte command, final Object context)
    {
        this.command = command;
        this.context = context;
        this.query = null;
        this.rebuild = null;
        this.failed = false;
        this.journaled = false;
        this.resultLength = 0;
        this.rank = 0;
        this.probe = false;
        this.probeBytes = 0;
    }

    /** {@link #reset} as a {@link #QUERY} slot carrying {@code query}: the one way a query is put on the ring. */
    public void resetQuery(final BoardQuery query, final Object context)
    {
        reset(QUERY, context);
        this.query = query;
    }
}
