package io.scoreline.replication;

import io.scoreline.pipeline.Replay;
import io.scoreline.pipeline.ScoringPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

/**
 * {@code bin/scorer replay --kafka HOST:PORT --topic T}: the events of the log, from its start to
 * its end as it is when the replay starts, in ordinal order, into the replay's pipeline; the same
 * view a follower has (see {@link LogTail}).
 */
public final class KafkaReplaySource implements Replay.Source
{
    private final KafkaSettings settings;

    public KafkaReplaySource(final KafkaSettings settings)
    {
        this.settings = settings;
    }

    @Override
    public long publish(final ScoringPipeline pipeline)
    {
        final TopicPartition partition = new TopicPartition(settings.topic(), 0);
        long events = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.consumerProperties()))
        {
            if (consumer.partitionsFor(settings.topic(), Duration.ofSeconds(30)).isEmpty())
            {
                throw new IllegalArgumentException("no topic " + settings.topic() + " on " + settings.bootstrap());
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)))
                {
                    events += LogRecords.read(record.value(), (ordinal, src, offset, stored, trueLength) ->
                    {
                        if (ordinal < pipeline.nextOrdinal())
                        {
                            return; // a batch the primary sent again after an aborted transaction
                        }
                        if (ordinal != pipeline.nextOrdinal())
                        {
                            throw new IllegalStateException("log record at offset " + record.offset() + " holds ordinal " +
                                ordinal + ", expected " + pipeline.nextOrdinal());
                        }
                        pipeline.batchEvent(src, offset, stored, trueLength);
                    });
                }
            }
        }
        pipeline.flushBatch();
        return events;
    }
}
