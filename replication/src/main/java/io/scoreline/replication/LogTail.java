package io.scoreline.replication;

import io.scoreline.pipeline.log.LogFeed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the log from its start and feeds every event into the ring, as the ring's producer would
 * (through the worker loop, {@link LogFeed}), on a thread of its own. It reads everything up to
 * the high watermark (what acks=all acknowledged), whatever the transaction. Each event keeps its
 * ordinal: one the pipeline already has is skipped (the primary sent a batch again after an
 * aborted transaction: same ordinals, same bytes), a gap stops the node instead of scoring a
 * different history.
 *
 * <p>Snapshots (issue 10) plug in at {@link #seekStart}: seek to the offset stored with the
 * snapshot's ordinal instead of the beginning, after loading the snapshot.
 */
final class LogTail implements Runnable
{
    private static final System.Logger LOG = System.getLogger("scoreline.replication");
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final LogFeed feed;
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean finishAtEnd;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile long appliedOrdinal = -1;
    private volatile long events;
    private volatile long endOffset = -1;

    LogTail(final KafkaSettings settings, final LogFeed feed)
    {
        this.consumer = new KafkaConsumer<>(settings.consumerProperties());
        this.partition = new TopicPartition(settings.topic(), 0);
        this.feed = feed;
        this.thread = new Thread(this, "scoreline-log-tail");
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    private void seekStart()
    {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    @Override
    public void run()
    {
        try
        {
            seekStart();
            while (!stop)
            {
                try
                {
                    if (finishAtEnd)
                    {
                        readToEnd();
                        return;
                    }
                    feed(consumer.poll(POLL));
                }
                catch (final WakeupException e)
                {
                    // finishAtEnd or stop was set (the wake-up may land in any blocking call): the loop checks
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Throwable t)
        {
            failure = t;
            LOG.log(System.Logger.Level.ERROR, "reading the log failed; this node stops following it", t);
        }
        finally
        {
            consumer.close(Duration.ofSeconds(1));
            finished.countDown();
        }
    }

    /** Reads until the position reaches the end of the log as it is now. */
    private void readToEnd() throws InterruptedException
    {
        final long end = consumer.endOffsets(List.of(partition)).get(partition); // the high watermark
        endOffset = end;
        while (consumer.position(partition) < end)
        {
            feed(consumer.poll(POLL));
        }
    }

    private void feed(final ConsumerRecords<byte[], byte[]> records) throws InterruptedException
    {
        if (records.isEmpty())
        {
            return;
        }
        feed.asProducer(pipeline ->
        {
            final long nowNanos = System.nanoTime();
            final long nowMillis = System.currentTimeMillis();
            for (final ConsumerRecord<byte[], byte[]> record : records)
            {
                // Lag is measured from the primary's append (the record's CreateTime, wall clock) to
                // the follower's board: the slot carries that instant on this JVM's nano clock.
                final long appendedNanos = nowNanos - (nowMillis - record.timestamp()) * 1_000_000L;
                events += LogRecords.read(record.value(), (ordinal, src, offset, stored, trueLength) ->
                {
                    if (ordinal < pipeline.nextOrdinal())
                    {
                        return; // a batch sent again after an abort
                    }
                    if (ordinal != pipeline.nextOrdinal())
                    {
                        throw new IllegalStateException("log record at offset " + record.offset() + " holds ordinal " + ordinal +
                            ", the pipeline expects " + pipeline.nextOrdinal());
                    }
                    pipeline.publishEvent(src, offset, stored, trueLength, appendedNanos, null);
                    appliedOrdinal = ordinal;
                });
            }
        });
    }

    /** Reads to the end of the log, then stops; waits for it. Promotion (after fencing). */
    void finishAtEnd(final long timeoutMillis) throws InterruptedException
    {
        finishAtEnd = true;
        consumer.wakeup();
        if (!finished.await(timeoutMillis, TimeUnit.MILLISECONDS))
        {
            throw new IllegalStateException("did not reach the end of the log within " + timeoutMillis + " ms");
        }
        if (failure != null)
        {
            throw new IllegalStateException("reading the log failed: " + failure, failure);
        }
    }

    void stop()
    {
        stop = true;
        if (finished.getCount() > 0)
        {
            consumer.wakeup();
        }
        try
        {
            finished.await(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    long appliedOrdinal()
    {
        return appliedOrdinal;
    }

    long events()
    {
        return events;
    }

    Throwable failure()
    {
        return failure;
    }
}
