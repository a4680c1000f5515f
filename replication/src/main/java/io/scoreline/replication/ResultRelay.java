package io.scoreline.replication;

import io.scoreline.pipeline.BoardQuery;
import io.scoreline.pipeline.EventSlot;
import io.scoreline.pipeline.ResultSink;
import io.scoreline.rules.ResultEncoder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients' answers waiting for the log: the sink thread copies each slot that has a client
 * (result bytes, context, query) into a preallocated entry tagged with the newest event ordinal
 * so far; the appender or the producer's callback passes on, in order, every entry whose tag the log
 * has acknowledged.
 * A query waits behind the events before it, so a read never shows an event whose result could
 * still be lost. Single producer, one consumer at a time, no allocation on either side.
 */
final class ResultRelay
{
    static final int ENTRIES = 1 << 14;
    private static final int MASK = ENTRIES - 1;

    private static final class Entry
    {
        byte command;
        Object context;
        BoardQuery query;
        long receivedNanos;
        long tag;
        final byte[] result = new byte[ResultEncoder.MAX_RESULT_BYTES];
        int resultLength;
    }

    private final Entry[] entries = new Entry[ENTRIES];
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    /** Appender thread: the slot handed downstream, refilled from each entry. */
    private final EventSlot view = new EventSlot();
    private volatile boolean abandoned;
    /** Held by the one thread emitting. */
    private final java.util.concurrent.atomic.AtomicBoolean emitting = new java.util.concurrent.atomic.AtomicBoolean();
    /** Sink thread: head at the last {@link #hasNew} call. */
    private long seenHead;

    ResultRelay()
    {
        for (int i = 0; i < ENTRIES; i++)
        {
            entries[i] = new Entry();
        }
    }

    /** Sink thread: keeps the slot's answer until the log holds event {@code tag}. */
    void add(final EventSlot slot, final long tag)
    {
        final long h = head.get();
        while (h - tail.get() >= ENTRIES)
        {
            if (abandoned)
            {
                return;
            }
            LockSupport.parkNanos(50_000);
        }
        final Entry e = entries[(int)(h & MASK)];
        e.command = slot.command;
        e.context = slot.context;
        e.query = slot.query;
        e.receivedNanos = slot.receivedNanos;
        e.tag = tag;
        e.resultLength = slot.resultLength;
        System.arraycopy(slot.result, 0, e.result, 0, slot.resultLength);
        head.lazySet(h + 1);
    }

    /**
     * Any thread (the appender, or the producer's callback that moved the gate): hands every entry
     * with a tag up to the gate downstream, in order. One thread emits at a time; a thread that finds
     * another at it leaves, and that one looks again once done, so nothing ready is left behind.
     * @return how many this call handed on
     */
    int emit(final AtomicLong gate, final ResultSink downstream)
    {
        int n = 0;
        while (ready(gate.get()) && emitting.compareAndSet(false, true))
        {
            try
            {
                n += emitUpTo(gate.get(), downstream);
            }
            finally
            {
                emitting.set(false);
            }
        }
        return n;
    }

    private boolean ready(final long committed)
    {
        final long t = tail.get();
        return t < head.get() && entries[(int)(t & MASK)].tag <= committed;
    }

    private int emitUpTo(final long committed, final ResultSink downstream)
    {
        final long h = head.get();
        final long t = tail.get();
        long end = t;
        while (end < h && entries[(int)(end & MASK)].tag <= committed)
        {
            end++;
        }
        for (long s = t; s < end; s++)
        {
            final Entry e = entries[(int)(s & MASK)];
            view.command = e.command;
            view.context = e.context;
            view.query = e.query;
            view.receivedNanos = e.receivedNanos;
            view.resultLength = e.resultLength;
            System.arraycopy(e.result, 0, view.result, 0, e.resultLength);
            downstream.onSlot(view, s == end - 1);
            e.context = null;
            e.query = null;
        }
        view.context = null;
        view.query = null;
        tail.lazySet(end);
        return (int)(end - t);
    }

    /**
     * Appender thread, once fenced: the events in here will never be answered on this node, so
     * their clients are told ({@code abandon}, once per run of one client's events); queries are
     * answered as usual. The sink thread never waits for room again.
     */
    void abandonAll(final ResultSink downstream, final java.util.function.Consumer<Object> abandon)
    {
        abandoned = true;
        while (!emitting.compareAndSet(false, true)) // held for good: no emit after this
        {
            Thread.onSpinWait();
        }
        final long h = head.get();
        Object last = null;
        for (long s = tail.get(); s < h; s++)
        {
            final Entry e = entries[(int)(s & MASK)];
            if (e.command == EventSlot.EVENT)
            {
                if (e.context != last)
                {
                    abandon.accept(e.context);
                    last = e.context;
                }
            }
            else
            {
                view.command = e.command;
                view.context = e.context;
                view.query = e.query;
                view.resultLength = 0;
                downstream.onSlot(view, true);
            }
            e.context = null;
            e.query = null;
        }
        view.context = null;
        view.query = null;
        tail.set(h);
    }

    /** Sink thread: entries were added since the last call (so the appender should look). */
    boolean hasNew()
    {
        final long h = head.get();
        final boolean added = h != seenHead;
        seenHead = h;
        return added;
    }

    boolean isEmpty()
    {
        return head.get() == tail.get();
    }
}
