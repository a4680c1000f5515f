package io.scoreline.replication;

import picocli.CommandLine.Option;

/**
 * The replicated log's durability options of {@code serve --kafka} (a picocli mixin), each default
 * the {@link KafkaSettings} constant; {@link KafkaSettings#validate()} checks them once.
 */
public final class ReplicationOptions
{
    @Option(names = "--replication-factor", paramLabel = "N",
        description = "replicas of the topic when this node creates it (default: " + KafkaSettings.DEFAULT_REPLICATION_FACTOR +
            ", or every broker if the cluster has fewer)")
    private Integer replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
        description = "min.insync.replicas of the topic when this node creates it; 0: the replication factor - 1, at least 1 (default: ${DEFAULT-VALUE})")
    private int minInsyncReplicas = KafkaSettings.DEFAULT_MIN_INSYNC_REPLICAS;

    @Option(names = "--acks", paramLabel = "ACKS",
        description = "the producer's acks; only all: an answer means every in-sync replica has the event (default: ${DEFAULT-VALUE})")
    private String acks = KafkaSettings.DEFAULT_ACKS;

    @Option(names = "--delivery-timeout-ms", paramLabel = "MS",
        description = "a send unacknowledged this long is sent again; its answer waits meanwhile (default: ${DEFAULT-VALUE})")
    private int deliveryTimeoutMs = KafkaSettings.DEFAULT_DELIVERY_TIMEOUT_MS;

    @Option(names = "--append-in-flight", paramLabel = "N",
        description = "log records the primary keeps in flight; 0: no cap of its own, the producer's pipelining only (default: ${DEFAULT-VALUE})")
    private int appendInFlight = KafkaSettings.DEFAULT_APPEND_IN_FLIGHT;

    @Option(names = "--fetch-min-bytes", paramLabel = "N",
        description = "a reader's fetch (follower, catch-up) waits for N bytes, or 10 ms if N > 1: fewer requests for the broker (default: ${DEFAULT-VALUE})")
    private int fetchMinBytes = KafkaSettings.DEFAULT_FETCH_MIN_BYTES;

    /** The settings for this bootstrap address and topic, validated. */
    public KafkaSettings settings(final String bootstrap, final String topic)
    {
        final KafkaSettings settings = new KafkaSettings(bootstrap, topic)
            .minInsyncReplicas(minInsyncReplicas)
            .acks(acks)
            .deliveryTimeoutMs(deliveryTimeoutMs)
            .appendInFlight(appendInFlight)
            .fetchMinBytes(fetchMinBytes);
        if (replicationFactor != null)
        {
            settings.replicationFactor(replicationFactor);
        }
        return settings.validate();
    }
}
