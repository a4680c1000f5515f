package io.scoreline.replication;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Where the log is and how the clients talk to it, in one place: bootstrap address, topic, the
 * primary's transactional id (one per topic: every node that may become primary uses the same
 * id, so the newest one fences the others) and the client settings that make the log safe.
 */
public final class KafkaSettings
{
    public static final String DEFAULT_TOPIC = "scoreline.events";
    /** Replicas of a topic this node creates: 3, or every broker when the cluster has fewer (a local one). */
    public static final int DEFAULT_REPLICATION_FACTOR = 3;
    /** 0: one fewer than the replication factor, at least 1 (2 of 3: one broker may fail with no loss and no stop). */
    public static final int DEFAULT_MIN_INSYNC_REPLICAS = 0;
    /**
     * The only value: the producer is idempotent and transactional (fencing needs both, and Kafka
     * refuses either with fewer acks), and an answer must mean every in-sync replica has the event.
     * Durability is tuned by min.insync.replicas instead.
     */
    public static final String DEFAULT_ACKS = "all";
    /**
     * How long a send may stay unacknowledged before the appender gives up on it and sends it
     * again (Kafka's default is 120 s); their answers wait meanwhile.
     */
    public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 30_000;
    static final int MIN_DELIVERY_TIMEOUT_MS = 1_000;
    /**
     * Records the primary's appender keeps in flight; 0: no cap of its own, it sends what arrived
     * whenever it wakes and the producer batches and pipelines (5 requests with idempotence).
     */
    public static final int DEFAULT_APPEND_IN_FLIGHT = 2;
    /**
     * A reader's fetch waits for this many bytes or {@link #FETCH_MAX_WAIT_MS} (Kafka's 1: it answers
     * at every produce). 16 KiB halves the fetches the broker serves; measured at 20k events/s
     * (docs/REPLICATION.md, issue 22) it gave the best run once and worse follower lag in the two
     * runs after, so Kafka's value stays the default.
     */
    public static final int DEFAULT_FETCH_MIN_BYTES = 1;
    /** The most a fetch that asks for more than one byte waits (the lag it may add). */
    static final int FETCH_MAX_WAIT_MS = 10;

    private final String bootstrap;
    private final String topic;
    private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private boolean replicationFactorSet;
    private int minInsyncReplicas = DEFAULT_MIN_INSYNC_REPLICAS;
    private int deliveryTimeoutMs = DEFAULT_DELIVERY_TIMEOUT_MS;
    private int transactionTimeoutMs = 60_000;
    private int appendInFlight = DEFAULT_APPEND_IN_FLIGHT;
    private int fetchMinBytes = DEFAULT_FETCH_MIN_BYTES;

    public KafkaSettings(final String bootstrap, final String topic)
    {
        if (bootstrap == null || !bootstrap.contains(":"))
        {
            throw new IllegalArgumentException("--kafka needs HOST:PORT, got '" + bootstrap + "'");
        }
        if (topic == null || topic.isEmpty())
        {
            throw new IllegalArgumentException("--topic must not be empty");
        }
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** Replicas of the topic when this node creates it; set explicitly, the cluster must have that many brokers. */
    public KafkaSettings replicationFactor(final int replicationFactor)
    {
        this.replicationFactor = replicationFactor;
        this.replicationFactorSet = true;
        return this;
    }

    /** min.insync.replicas of the topic when this node creates it; 0: replication factor - 1, at least 1. */
    public KafkaSettings minInsyncReplicas(final int minInsyncReplicas)
    {
        this.minInsyncReplicas = minInsyncReplicas;
        return this;
    }

    /** The producer's acks: only "all" (or its alias -1) is accepted, see {@link #DEFAULT_ACKS}. */
    public KafkaSettings acks(final String acks)
    {
        if (!"all".equalsIgnoreCase(acks) && !"-1".equals(acks))
        {
            throw new IllegalArgumentException("--acks must be all (got '" + acks + "'): the primary's producer is idempotent and " +
                "transactional, and an answer means every in-sync replica has the event; lower --min-insync-replicas instead");
        }
        return this;
    }

    /** delivery.timeout.ms of the producer; request.timeout.ms is kept below it. */
    public KafkaSettings deliveryTimeoutMs(final int deliveryTimeoutMs)
    {
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        return this;
    }

    /** Records the appender keeps in flight, 0: only the producer's own limit. */
    public KafkaSettings appendInFlight(final int appendInFlight)
    {
        this.appendInFlight = appendInFlight;
        return this;
    }

    int appendInFlight()
    {
        return appendInFlight;
    }

    /** fetch.min.bytes of this node's reader (follower, catch-up, replay): see {@link #DEFAULT_FETCH_MIN_BYTES}. */
    public KafkaSettings fetchMinBytes(final int fetchMinBytes)
    {
        this.fetchMinBytes = fetchMinBytes;
        return this;
    }

    /** Checks the settings together, once, with messages naming the options. */
    public KafkaSettings validate()
    {
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("--replication-factor must be at least 1, got " + replicationFactor);
        }
        if (minInsyncReplicas < 0 || replicationFactorSet && minInsyncReplicas > replicationFactor)
        {
            throw new IllegalArgumentException("--min-insync-replicas must be 0 (auto) .. the replication factor (" +
                replicationFactor + "), got " + minInsyncReplicas);
        }
        if (deliveryTimeoutMs < MIN_DELIVERY_TIMEOUT_MS)
        {
            throw new IllegalArgumentException("--delivery-timeout-ms must be at least " + MIN_DELIVERY_TIMEOUT_MS + ", got " +
                deliveryTimeoutMs);
        }
        if (fetchMinBytes < 1)
        {
            throw new IllegalArgumentException("--fetch-min-bytes must be at least 1, got " + fetchMinBytes);
        }
        if (appendInFlight < 0)
        {
            throw new IllegalArgumentException("--append-in-flight must be 0 (no cap) or more, got " + appendInFlight);
        }
        return this;
    }

    int deliveryTimeoutMs()
    {
        return deliveryTimeoutMs;
    }

    /** How long the broker keeps a silent primary's open transaction before aborting it (the appender commits every 10 s). */
    public KafkaSettings transactionTimeoutMs(final int transactionTimeoutMs)
    {
        this.transactionTimeoutMs = transactionTimeoutMs;
        return this;
    }

    public String bootstrap()
    {
        return bootstrap;
    }

    public String topic()
    {
        return topic;
    }

    /** Shared by every node that may be primary for this topic. */
    public String transactionalId()
    {
        return "scoreline-primary." + topic;
    }

    Properties producerProperties()
    {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeoutMs));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(30_000, deliveryTimeoutMs)));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // the appender batches: a record is already a batch of events
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(1 << 20));
        // Several of the appender's records go in one produce request when they queue behind those in flight.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 << 10));
        // Back to back transactions: the next one's AddPartitionsToTxn meets CONCURRENT_TRANSACTIONS
        // while the broker writes the last one's markers, and the client waits min(20 ms, this) to retry.
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "1");
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "100");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeoutMs));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "scoreline-primary");
        return p;
    }

    Properties consumerProperties()
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // Up to the high watermark, what acks=all acknowledged: the primary's transaction stays open
        // between commits (it is there for fencing, see Appender); a repeat of an ordinal is skipped.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(fetchMinBytes));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchMinBytes > 1 ? FETCH_MAX_WAIT_MS : 100));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "scoreline-tail");
        return p;
    }

    /** Creates the single-partition topic if it does not exist yet. */
    void ensureTopic()
    {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p))
        {
            final int replicas = replicationFactorSet ? replicationFactor
                : Math.min(replicationFactor, admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size());
            final int minIsr = minInsyncReplicas > 0 ? minInsyncReplicas : Math.max(1, replicas - 1);
            if (minIsr > replicas)
            {
                throw new IllegalArgumentException("--min-insync-replicas " + minIsr + " is more than the " + replicas +
                    " replicas of topic " + topic);
            }
            final NewTopic newTopic = new NewTopic(topic, 1, (short)replicas)
                .configs(Map.of("min.insync.replicas", String.valueOf(minIsr)));
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        }
        catch (final ExecutionException e)
        {
            if (!(e.getCause() instanceof TopicExistsException))
            {
                throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrap + ": " + e.getCause(), e.getCause());
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
        catch (final java.util.concurrent.TimeoutException e)
        {
            throw new IllegalStateException("no answer from Kafka at " + bootstrap + " within 60 s", e);
        }
    }
}
