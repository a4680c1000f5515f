package io.scoreline.replication;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The primary's appender thread: takes the buffers the emit thread filled, appends them to the
 * log's single partition in one transaction (idempotent producer, acks=all), and once
 * {@code commitTransaction} returns moves the gate, {@link #committed()}, to the last ordinal it
 * held; then passes on every answer the gate now covers ({@link ResultRelay}). Batching is natural:
 * whatever filled up during one commit goes in the next.
 *
 * <p>The gate moves on commit, not on the send callback: a sent but uncommitted transaction is
 * aborted when the next primary fences this one, so only a commit makes an event durable for
 * read-committed followers. An error that leaves the producer usable aborts and retries the same
 * buffers (their ordinals unchanged); fencing ends this thread and the node's role.
 *
 * <p>Per transaction (not per event) it allocates: one ProducerRecord and one copy per buffer, and
 * the client's own bookkeeping.
 */
final class Appender implements Runnable
{
    private static final System.Logger LOG = System.getLogger("scoreline.replication");
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** What the appender tells its owner when it stops for good. */
    interface Fencing
    {
        void onFenced(Exception cause);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final LogSink sink;
    private final Fencing fencing;
    private final AtomicLong committed;
    private final AtomicLong appendedEvents = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean stopping;
    final Thread thread;

    Appender(final KafkaProducer<byte[], byte[]> producer, final String topic, final LogSink sink, final long committed,
        final Fencing fencing)
    {
        this.producer = producer;
        this.topic = topic;
        this.sink = sink;
        this.fencing = fencing;
        this.committed = new AtomicLong(committed);
        thread = new Thread(this, "scoreline-log-append");
        thread.setDaemon(true);
    }

    /** The gate: the highest ordinal the log has committed. */
    long committed()
    {
        return committed.get();
    }

    long appendedEvents()
    {
        return appendedEvents.get();
    }

    long transactions()
    {
        return transactions.get();
    }

    long retries()
    {
        return retries.get();
    }

    @Override
    public void run()
    {
        final AppendBuffers buffers = sink.buffers();
        final ResultRelay relay = sink.relay();
        try
        {
            while (true)
            {
                relay.emit(committed.get(), sink.downstream());
                final long from = buffers.released();
                final long to = buffers.filled();
                if (from == to)
                {
                    if (stopping)
                    {
                        return;
                    }
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                commit(buffers, from, to);
            }
        }
        catch (final ProducerFencedException | InvalidProducerEpochException e)
        {
            fencing.onFenced(e);
        }
        catch (final RuntimeException e)
        {
            LOG.log(System.Logger.Level.ERROR, "log appender failed; this node stops taking events", e);
            fencing.onFenced(e);
        }
    }

    /** Appends buffers [from, to) in one transaction, retrying it whole until it commits or this node is fenced. */
    private void commit(final AppendBuffers buffers, final long from, final long to)
    {
        while (true)
        {
            try
            {
                producer.beginTransaction();
                for (long s = from; s < to; s++)
                {
                    final AppendBuffers.Buffer b = buffers.buffer(s);
                    producer.send(new ProducerRecord<>(topic, 0, null, Arrays.copyOf(b.bytes, b.length)));
                }
                producer.commitTransaction();
                final AppendBuffers.Buffer last = buffers.buffer(to - 1);
                long events = 0;
                for (long s = from; s < to; s++)
                {
                    events += buffers.buffer(s).count;
                }
                final long lastOrdinal = last.lastOrdinal;
                buffers.release(to);
                appendedEvents.addAndGet(events);
                transactions.incrementAndGet();
                committed.set(lastOrdinal);
                return;
            }
            catch (final ProducerFencedException | InvalidProducerEpochException e)
            {
                throw e;
            }
            catch (final KafkaException e)
            {
                if (e.getCause() instanceof ProducerFencedException || e.getCause() instanceof InvalidProducerEpochException)
                {
                    throw (KafkaException)e.getCause();
                }
                retries.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "log append failed, retrying the transaction: " + e);
                producer.abortTransaction(); // throws if the producer is no longer usable: the node stops
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
    }

    /** Commits and answers what was handed over, then ends. Any thread but the emit thread's wait. */
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
