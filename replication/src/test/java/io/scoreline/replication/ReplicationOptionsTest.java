package io.scoreline.replication;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve --kafka's durability options: parsed by picocli, defaults safe, bad values refused naming the option. */
class ReplicationOptionsTest
{
    @CommandLine.Command(name = "t")
    static final class Holder
    {
        @CommandLine.Mixin
        ReplicationOptions options;
    }

    private static KafkaSettings parse(final String... args)
    {
        final Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options.settings("127.0.0.1:9092", "t");
    }

    @Test
    void defaultsAreAcksAllAndAThirtySecondDeliveryTimeout()
    {
        final Properties p = parse().producerProperties();
        assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("true", p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("30000", p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals("30000", p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    }

    @Test
    void readersFetchKafkasOneByteUnlessAskedAndTheAppenderKeepsTwoRecordsInFlight()
    {
        final KafkaSettings settings = parse();
        assertEquals("1", settings.consumerProperties().get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
        assertEquals("100", settings.consumerProperties().get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals(2, settings.appendInFlight());
        final KafkaSettings larger = parse("--fetch-min-bytes", "16384");
        assertEquals("16384", larger.consumerProperties().get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
        assertEquals("10", larger.consumerProperties().get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals(0, parse("--append-in-flight", "0").appendInFlight());
    }

    @Test
    void aShortDeliveryTimeoutKeepsTheRequestTimeoutBelowIt()
    {
        final Properties p = parse("--delivery-timeout-ms", "5000").producerProperties();
        assertEquals("5000", p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals("5000", p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    }

    @Test
    void refusesWhatWouldWeakenTheAnswersPromise()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--acks", "1")).getMessage().contains("--acks must be all"));
        parse("--acks", "-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--replication-factor", "0")).getMessage()
            .contains("--replication-factor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--replication-factor", "3", "--min-insync-replicas", "4"))
            .getMessage().contains("--min-insync-replicas"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--delivery-timeout-ms", "999")).getMessage()
            .contains("--delivery-timeout-ms"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--replication-factor", "three"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--fetch-min-bytes", "0")).getMessage()
            .contains("--fetch-min-bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--append-in-flight", "-1")).getMessage()
            .contains("--append-in-flight"));
    }
}
