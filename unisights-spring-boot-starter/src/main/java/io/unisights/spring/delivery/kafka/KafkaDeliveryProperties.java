package io.unisights.spring.delivery.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka delivery store ({@code unisights.delivery.mode=async},
 * {@code unisights.delivery.store=kafka}). Its clients are built from Boot's
 * {@code spring.kafka.*} settings and connection details, with the settings below on top.
 *
 * @param topic Topic that holds accepted items, one record per item keyed by its partition
 * key (a beacon's session id)
 * @param deadLetterTopic Topic that keeps what the handlers failed to take once the
 * retries are exhausted, one record per item keyed by its delivery id, in the dead-letter
 * file's JSON form; made at startup like the topic, and read back by the dead-letter
 * replay
 * @param groupId Consumer group of the instances that deliver the topic's records; each
 * record is handled by one instance of the group
 * @param concurrency Consumers per instance, each reading its share of the topic's
 * partitions; more than the topic has partitions stay idle
 * @param sendTimeout Longest a request waits for the brokers to acknowledge its record;
 * past it, or while the brokers cannot be reached, it is answered 503 with Retry-After
 * @param recheckInterval How often a store that lost the brokers asks them whether it can
 * write again; requests are answered 503 at once in between
 * @param partitions Partitions of the topic and of the dead-letter topic when the store
 * creates them (it does so at startup when a topic does not exist)
 * @param replicationFactor Replicas of each partition when the store creates a topic; -1
 * takes the brokers' default.replication.factor
 * @param bootstrapServers Brokers to connect to, instead of those of Boot's Kafka
 * connection (spring.kafka.bootstrap-servers or a service connection)
 * @param producer Further Kafka producer settings, by their Kafka names, applied over
 * spring.kafka.producer.*; idempotence and acks=all are always on
 * @param consumer Further Kafka consumer settings, by their Kafka names, applied over
 * spring.kafka.consumer.*; offsets are always committed by the store, and a group without
 * committed offsets always starts from the earliest record
 */
@ConfigurationProperties("unisights.delivery.kafka")
public record KafkaDeliveryProperties(@DefaultValue("unisights-deliveries") String topic,
		@DefaultValue("unisights-deliveries-dead-letters") String deadLetterTopic,
		@DefaultValue("unisights-delivery") String groupId, @DefaultValue("1") int concurrency,
		@DefaultValue("5s") Duration sendTimeout, @DefaultValue("1s") Duration recheckInterval,
		@DefaultValue("8") int partitions, @DefaultValue("-1") short replicationFactor,
		@Nullable List<String> bootstrapServers, @Nullable Map<String, String> producer,
		@Nullable Map<String, String> consumer) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public KafkaDeliveryProperties {
		if (topic.isBlank() || deadLetterTopic.isBlank() || groupId.isBlank()) {
			throw new IllegalArgumentException(
					"unisights.delivery.kafka.topic, dead-letter-topic and group-id must not be blank");
		}
		if (topic.equals(deadLetterTopic)) {
			throw new IllegalArgumentException(
					"unisights.delivery.kafka.dead-letter-topic must differ from the topic " + topic);
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException(
					"unisights.delivery.kafka.concurrency must be at least 1 but was " + concurrency);
		}
		if (sendTimeout.toMillis() < 1 || recheckInterval.toMillis() < 1) {
			throw new IllegalArgumentException("unisights.delivery.kafka.send-timeout and recheck-interval must be "
					+ "positive but were " + sendTimeout + " and " + recheckInterval);
		}
		if (partitions < 1) {
			throw new IllegalArgumentException(
					"unisights.delivery.kafka.partitions must be at least 1 but was " + partitions);
		}
		if (replicationFactor != -1 && replicationFactor < 1) {
			throw new IllegalArgumentException(
					"unisights.delivery.kafka.replication-factor must be -1 or at least 1 but was " + replicationFactor);
		}
		bootstrapServers = (bootstrapServers != null) ? List.copyOf(bootstrapServers) : List.of();
		producer = (producer != null) ? Map.copyOf(producer) : Map.of();
		consumer = (consumer != null) ? Map.copyOf(consumer) : Map.of();
	}

}
