package io.scoreline.replication;

import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The primary's appender thread: cuts what the sink thread published in the {@link AppendLog}
 * into records, each as large as what arrived meanwhile, and sends them to the log's single
 * partition (idempotent producer, acks=all, in order, at most {@link KafkaSettings#appendInFlight}
 * records in flight); the producer's callback moves the gate, {@link #committed()}, to the record's
 * last ordinal, passes on every answer the gate now covers ({@link ResultRelay}) and cuts and sends
 * the next record itself: waking this thread for either cost a context switch per record on a
 * crowded core. This thread sends when a slot is free with none in flight to free it, answers what
 * no acknowledgment brings on (a read behind events already acknowledged), commits and recovers.
 *
 * <p>Transactions are here for fencing, not for visibility: the appender keeps one transaction
 * open and commits it every {@link #COMMIT_INTERVAL_NANOS} (to stay inside the transaction
 * timeout), and readers read uncommitted, up to the high watermark, which is what acks=all
 * acknowledged. Measured here: a transaction per batch cost 10-20 ms idle and ~70 ms under load
 * (AddPartitionsToTxn, produce, EndTxn, markers), a send inside an open transaction 3 ms p50.
 * A newer primary's initTransactions bumps the epoch, so this producer's next send fails: fenced.
 *
 * <p>An error that leaves the producer usable aborts the transaction and sends the unacknowledged
 * events again, same ordinals; the aborted copies stay in the log, and readers skip an ordinal
 * they already have. Per record (a batch of events, not per event) it allocates a ProducerRecord,
 * the record's bytes and a callback.
 */
final class Appender implements Runnable
{
    private static final System.Logger LOG = System.getLogger("scoreline.replication");
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long COMMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Records in flight at once, 0 for no cap of the appender's own (see {@link KafkaSettings#appendInFlight}). */
    private final int maxInFlight;
    /**
     * Who sends the next record and when this thread is woken (issue 22's measurement switch,
     * {@code -Dscoreline.append.wake=ack|room|batch}): {@code ack} (kept), the callback that freed a
     * slot cuts and sends the next record itself, and the sink wakes this thread only when a record
     * may go out now or an answer is ready now; {@code room}, the same wake-ups but every
     * acknowledgment wakes this thread to send; {@code batch}, as before, the sink wakes it at every
     * ring batch too. Measured in docs/REPLICATION.md: the callback sending cut the median by half.
     */
    static final String WAKE = System.getProperty("scoreline.append.wake", "ack");
    private final boolean wakeEveryBatch = "batch".equals(WAKE);
    private final boolean sendOnAck = "ack".equals(WAKE);
    /** Below the producer's max.request.size (1 MiB) with room for Kafka's own framing. */
    static final int MAX_RECORD_BYTES = 1_000_000;
    /**
     * A record unacknowledged this long means the log is unavailable (its broker down, or no
     * leader with min ISR): new events are refused until it acknowledges again. Above a leader
     * election in a 3-broker cluster (~2-3 s here) and the broker's own p99 under load (< 1 s).
     */
    static final long UNAVAILABLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** What the appender tells its owner when it stops for good. */
    interface Fencing
    {
        void onFenced(Exception cause);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final LogSink sink;
    private final Fencing fencing;
    /** The gate: highest ordinal the log acknowledged. Written by the producer's callbacks. */
    private final AtomicLong committed;
    /** Log bytes [0, sent) are cut into records. Written only by the thread holding {@link #cutting}. */
    private volatile long sent;
    /** Held by the one thread cutting and sending (this thread, or a callback with {@link #sendOnAck}). */
    private final AtomicBoolean cutting = new AtomicBoolean();
    private final AppendLog.Cut cut = new AppendLog.Cut();
    /** No new record goes out: the transaction is due for a commit and waits for those in flight. */
    private volatile boolean draining;
    /** Log bytes [0, acked) are acknowledged. Written by the producer's callbacks. */
    private volatile long acked;
    private volatile Exception failure;
    /** Sends of an older generation (before an abort) are ignored when they complete. */
    private volatile int generation;
    private final AtomicLong appendedEvents = new AtomicLong();
    /** Records sent and not yet completed: a new one is cut only below {@link #maxInFlight}. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean stopping;
    /** When the oldest record in flight started waiting: its send, or the previous record's ack. */
    private volatile long waitingSince;
    /** Set by this thread: the log has not acknowledged for {@link #UNAVAILABLE_AFTER_NANOS}. */
    private volatile boolean unavailable;
    private long unavailableSince;
    /** When the last record was acknowledged. Written by the producer's callbacks. */
    private volatile long lastAck;
    /** The gate whose answers were timed last (a diagnostic: two threads may race on it harmlessly). */
    private volatile long timedGate = -1;
    /**
     * Where an event's wait goes, counted per event (issue 22: per record, a slow record of thousands
     * of events counted once, and the stages' medians fell short of the events' by milliseconds):
     * its arrival to its record's send, the send to the ack, the ack to its answer handed on.
     */
    final Recorder queued = new Recorder(1, TimeUnit.HOURS.toNanos(1), 2);
    /** Per event, by the sink thread: its arrival to its line published in the {@link AppendLog} (parsed, scored, copied). */
    final Recorder scored = new Recorder(1, TimeUnit.HOURS.toNanos(1), 2);
    final Recorder produce = new Recorder(1, TimeUnit.HOURS.toNanos(1), 2);
    final Recorder answer = new Recorder(1, TimeUnit.HOURS.toNanos(1), 2);
    final Thread thread;

    Appender(final KafkaProducer<byte[], byte[]> producer, final String topic, final LogSink sink, final long committed,
        final int maxInFlight, final Fencing fencing)
    {
        this.producer = producer;
        this.maxInFlight = maxInFlight;
        this.topic = topic;
        this.sink = sink;
        this.fencing = fencing;
        this.committed = new AtomicLong(committed);
        thread = new Thread(this, "scoreline-log-append");
        thread.setDaemon(true);
    }

    long committed()
    {
        return committed.get();
    }

    long appendedEvents()
    {
        return appendedEvents.get();
    }

    long records()
    {
        return records.get();
    }

    long transactions()
    {
        return transactions.get();
    }

    long retries()
    {
        return retries.get();
    }

    /**
     * The log has not acknowledged a record for {@link #UNAVAILABLE_AFTER_NANOS}. Judged here too, not
     * only by this thread: with the broker gone, {@code producer.send} can block this thread for
     * max.block.ms waiting for metadata. Per event: two volatile reads, a clock read while records are in flight.
     */
    boolean unavailable()
    {
        return unavailable || inFlight.get() > 0 && System.nanoTime() - waitingSince > UNAVAILABLE_AFTER_NANOS;
    }

    /**
     * Sink thread, at the end of a ring batch that published lines ({@code logged}) or answers
     * ({@code answers}, the newest tagged {@code newestTag}): whether to wake this thread. Unless
     * woken at every batch, only when a record may go out now or an answer is ready now; otherwise
     * the acknowledgment that frees a slot or moves the gate does it.
     */
    boolean shouldWake(final boolean logged, final boolean answers, final long newestTag)
    {
        if (wakeEveryBatch || maxInFlight == 0)
        {
            return true;
        }
        VarHandle.fullFence(); // what the sink published, before reading the slots and the gate: the callback does the reverse
        return logged && inFlight.get() < maxInFlight || answers && newestTag <= committed.get();
    }

    @Override
    public void run()
    {
        final AppendLog log = sink.log();
        final ResultRelay relay = sink.relay();
        sent = log.released();
        acked = sent;
        try
        {
            producer.beginTransaction();
            long transactionStart = System.nanoTime();
            while (true)
            {
                if (failure != null)
                {
                    recover(log);
                    transactionStart = System.nanoTime();
                    continue;
                }
                answer(relay);
                watchAvailability();
                log.release(acked);
                sendPublished(log);
                final long open = System.nanoTime() - transactionStart;
                // A commit needs a moment with nothing in flight; under a steady load that may not
                // come, so past twice the interval no new record goes out until the ones out are back.
                draining = !stopping && open > 2 * COMMIT_INTERVAL_NANOS;
                if ((stopping || open > COMMIT_INTERVAL_NANOS) && acked == sent && (draining || sent == log.published()) &&
                    cutting.compareAndSet(false, true))
                {
                    // Holding the cut: no callback sends into the transaction while it commits.
                    boolean committedNow = false;
                    try
                    {
                        if (acked == sent && (draining || sent == log.published()) && failure == null)
                        {
                            committedNow = commit();
                            if (committedNow && !stopping)
                            {
                                producer.beginTransaction();
                                transactionStart = System.nanoTime();
                                draining = false;
                            }
                        }
                    }
                    finally
                    {
                        cutting.set(false);
                    }
                    if (committedNow && stopping)
                    {
                        answer(relay);
                        return;
                    }
                    continue;
                }
                LockSupport.parkNanos(draining ? IDLE_PARK_NANOS / 10 : IDLE_PARK_NANOS);
            }
        }
        catch (final RuntimeException e)
        {
            if (!isFencing(e))
            {
                LOG.log(System.Logger.Level.ERROR, "log appender failed; this node stops taking events", e);
            }
            fencing.onFenced(e);
        }
    }

    /**
     * Cuts and sends what was published while a slot is free: one record per call of the loop,
     * as large as what arrived meanwhile. One thread at a time (this one, or a callback with
     * {@link #sendOnAck}); a thread that finds another at it leaves, and that one looks again
     * once done, so nothing published is left unsent.
     */
    private void sendPublished(final AppendLog log)
    {
        while (canSend(log) && cutting.compareAndSet(false, true))
        {
            try
            {
                if (canSend(log))
                {
                    final byte[] record = log.cut(sent, log.published(), MAX_RECORD_BYTES, cut, queued, System.nanoTime());
                    sent = cut.end;
                    send(record, cut.end, cut.lastOrdinal, cut.count, generation);
                }
            }
            finally
            {
                cutting.set(false);
            }
        }
    }

    private boolean canSend(final AppendLog log)
    {
        return failure == null && !draining && sent < log.published() && (maxInFlight == 0 || inFlight.get() < maxInFlight);
    }

    /** Unavailable once a record waited {@link #UNAVAILABLE_AFTER_NANOS}; available again at the next acknowledgment. */
    private void watchAvailability()
    {
        final long now = System.nanoTime();
        if (!unavailable && inFlight.get() > 0 && now - waitingSince > UNAVAILABLE_AFTER_NANOS)
        {
            unavailableSince = now;
            unavailable = true;
            LOG.log(System.Logger.Level.WARNING, "scoreline: the log has not acknowledged for " + UNAVAILABLE_AFTER_NANOS / 1_000_000 +
                " ms; refusing events until it does");
        }
        else if (unavailable && lastAck - unavailableSince > 0)
        {
            unavailable = false;
            LOG.log(System.Logger.Level.WARNING, "scoreline: the log acknowledges again; taking events");
        }
    }

    private void send(final byte[] record, final long end, final long lastOrdinal, final int count, final int sendGeneration)
    {
        final long sentAt = System.nanoTime();
        if (inFlight.getAndIncrement() == 0)
        {
            waitingSince = sentAt;
        }
        try
        {
            sendRecord(record, end, lastOrdinal, count, sendGeneration, sentAt);
        }
        catch (final KafkaException e)
        {
            // Refused at once (no callback comes): an earlier send's error put the transaction in an
            // abortable state ("safe to abort the transaction and continue"), or fenced; recover() decides.
            inFlight.decrementAndGet();
            if (failure == null)
            {
                failure = e;
            }
            LockSupport.unpark(thread); // from a callback (sendOnAck): this thread recovers
        }
    }

    private void sendRecord(final byte[] record, final long end, final long lastOrdinal, final int count, final int sendGeneration,
        final long sentAt)
    {
        producer.send(new ProducerRecord<>(topic, 0, null, record), (metadata, error) ->
        {
            inFlight.decrementAndGet();
            if (sendGeneration != generation)
            {
                return;
            }
            if (error != null)
            {
                if (failure == null)
                {
                    failure = error;
                }
            }
            else if (failure == null)
            {
                // Callbacks of one partition run in send order: the gate only moves forward.
                acked = end;
                final long now = System.nanoTime();
                produce.recordValueWithCount(Math.max(1, now - sentAt), count); // per event: each of them waited this
                waitingSince = lastAck = now;
                committed.set(lastOrdinal);
                appendedEvents.addAndGet(count);
                records.incrementAndGet();
                answer(sink.relay()); // here, not by waking this thread: one hop less on a crowded core
                if (sendOnAck)
                {
                    sink.log().release(end);
                    sendPublished(sink.log()); // the freed slot's next record, from here: no wake-up
                }
            }
            if (error != null || maxInFlight != 0 && !sendOnAck)
            {
                LockSupport.unpark(thread); // to recover, or to send the next record
            }
        });
    }

    /** @return false if the commit timed out (tried again) or failed with an error recover() handles (abortable, or fenced). */
    private boolean commit()
    {
        try
        {
            producer.commitTransaction();
            transactions.incrementAndGet();
            return true;
        }
        catch (final TimeoutException e)
        {
            return false; // the coordinator is away: Kafka allows the commit to be tried again
        }
        catch (final KafkaException e)
        {
            if (failure == null)
            {
                failure = e;
            }
            return false;
        }
    }

        /** Hands on every answer the gate covers (this thread or a producer callback; one at a time). */
    private void answer(final ResultRelay relay)
    {
        final long gate = committed.get();
        final int answered = relay.emit(committed, sink.downstream());
        if (answered > 0 && gate != timedGate)
        {
            timedGate = gate; // timed once per acknowledgment (a query alone answers with no new one), counted per answer
            answer.recordValueWithCount(Math.max(1, System.nanoTime() - lastAck), answered);
        }
    }

    /**
     * A send failed: fenced ends here (thrown); otherwise abort, open a new transaction and send
     * everything unacknowledged again, from the last acknowledged position.
     */
    private void recover(final AppendLog log)
    {
        final Exception cause = failure;
        if (isFencing(cause))
        {
            throw cause instanceof KafkaException ? (KafkaException)cause : new KafkaException(cause);
        }
        retries.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "log append failed, sending the unacknowledged events again: " + cause);
        generation++;
        unavailableSince = System.nanoTime();
        unavailable = true;
        while (true)
        {
            try
            {
                producer.abortTransaction(); // throws if the producer is no longer usable: the node stops
                break;
            }
            catch (final TimeoutException e)
            {
                // The coordinator (the broker) is away: Kafka allows the abort to be tried again.
                LOG.log(System.Logger.Level.WARNING, "log: abort timed out, trying again: " + e.getMessage());
            }
        }
        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
        while (!cutting.compareAndSet(false, true)) // a callback may be cutting (sendOnAck): its send fails or is of the old generation
        {
            Thread.onSpinWait();
        }
        try
        {
            waitingSince = System.nanoTime();
            producer.beginTransaction();
            final long from = acked;
            log.release(from);
            sent = from;
            failure = null;
        }
        finally
        {
            cutting.set(false);
        }
    }

    private static boolean isFencing(final Throwable e)
    {
        for (Throwable t = e; t != null; t = t.getCause())
        {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException)
            {
                return true;
            }
        }
        return false;
    }

    /** Sends and answers what was handed over, commits, then ends. */
    void stopAndJoin(final long timeoutMillis)
    {
        stopping = true;
        LockSupport.unpark(thread);
        try
        {
            thread.join(timeoutMillis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
