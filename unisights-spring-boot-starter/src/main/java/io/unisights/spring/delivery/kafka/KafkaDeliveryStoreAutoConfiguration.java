package io.unisights.spring.delivery.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.deadletter.OnMissingCollectorDeadLetterSinkCondition;
import io.unisights.spring.kafka.KafkaClientSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Auto-configuration of the Kafka delivery store ({@code unisights.delivery.mode=async}
 * with {@code unisights.delivery.store=kafka}, Boot's Kafka module on the classpath): its
 * own producer and consumer, built from {@code spring.kafka.*} and the context's
 * {@link KafkaConnectionDetails} with {@code unisights.delivery.kafka.*} on top, and the
 * store. The host's own Kafka clients, templates and listener containers stay as they are.
 * With a {@link MeterRegistry}, both clients report Kafka's own metrics (send errors,
 * consumer lag). Runs before {@link DeliveryAutoConfiguration}, whose dispatcher takes the
 * store.
 */
@AutoConfiguration(before = DeliveryAutoConfiguration.class, after = UnisightsAutoConfiguration.class,
		afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@ConditionalOnClass({ ConcurrentMessageListenerContainer.class, KafkaProperties.class })
@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "async")
@ConditionalOnProperty(name = "unisights.delivery.store", havingValue = "kafka")
// KafkaProperties too, so that a host that excluded Boot's Kafka auto-configuration still
// gets its spring.kafka.* settings applied.
@EnableConfigurationProperties({ DeliveryProperties.class, KafkaDeliveryProperties.class, KafkaProperties.class })
public final class KafkaDeliveryStoreAutoConfiguration {

	/** The client id of the store's clients, after a configured one. */
	private static final String CLIENT_ID = "unisights-delivery";

	/**
	 * Least bytes a fetch of the store's consumer waits for, unless {@code fetch.min.bytes}
	 * is configured. Kafka's default, 1 byte, answers a fetch with whatever arrived since
	 * the last, a record or two under a steady flow: each was a fetch, a batch and an offset
	 * commit of its own, and they cost the brokers more CPU than the records. Delivery is
	 * asynchronous, so a record may wait for company: at most {@link #FETCH_MAX_WAIT_MILLIS}.
	 */
	static final int FETCH_MIN_BYTES = 256 * 1024;

	/**
	 * Most milliseconds a fetch waits for {@link #FETCH_MIN_BYTES}, unless
	 * {@code fetch.max.wait.ms} is configured (Kafka's default, 500, would hold a single
	 * beacon that long when the site is quiet).
	 */
	static final int FETCH_MAX_WAIT_MILLIS = 20;

	/**
	 * The store's producer, not a candidate for injection elsewhere.
	 */
	@Bean(defaultCandidate = false)
	DefaultKafkaProducerFactory<String, byte[]> unisightsDeliveryProducerFactory(KafkaDeliveryProperties properties,
			KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
			ObjectProvider<SslBundles> sslBundles) {
		KafkaClientSettings settings = settings(kafkaProperties, connectionDetails, sslBundles);
		return new DefaultKafkaProducerFactory<>(settings.producer(CLIENT_ID, properties.bootstrapServers(),
				properties.producer(), properties.sendTimeout()), new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * The store's consumer, not a candidate for injection elsewhere. Its offsets are the
	 * store's to commit, and a group that has none reads the topic from its start: a group
	 * that started at its end would never deliver what was accepted before it first joined.
	 * Its fetches wait for {@value #FETCH_MIN_BYTES} bytes or {@value #FETCH_MAX_WAIT_MILLIS}
	 * ms unless configured.
	 */
	@Bean(defaultCandidate = false)
	DefaultKafkaConsumerFactory<String, byte[]> unisightsDeliveryConsumerFactory(KafkaDeliveryProperties properties,
			KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
			ObjectProvider<SslBundles> sslBundles) {
		KafkaClientSettings settings = settings(kafkaProperties, connectionDetails, sslBundles);
		Map<String, Object> config = new HashMap<>(
				settings.consumer(CLIENT_ID, properties.bootstrapServers(), properties.consumer()));
		config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
		config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MILLIS);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// The store creates its topic with its own partition count.
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		return new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
	}

	@Bean
	@ConditionalOnMissingBean(DeliveryStore.class)
	KafkaDeliveryStore unisightsKafkaDeliveryStore(KafkaDeliveryProperties properties, DeliveryProperties delivery,
			KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
			ObjectProvider<SslBundles> sslBundles,
			@Qualifier("unisightsDeliveryProducerFactory") DefaultKafkaProducerFactory<String, byte[]> producers,
			@Qualifier("unisightsDeliveryConsumerFactory") DefaultKafkaConsumerFactory<String, byte[]> consumers) {
		KafkaClientSettings settings = settings(kafkaProperties, connectionDetails, sslBundles);
		return new KafkaDeliveryStore(producers, consumers,
				() -> new TopicCheck(settings.admin(CLIENT_ID, properties.bootstrapServers()),
						List.of(properties.topic(), properties.deadLetterTopic()), properties.partitions(), properties.replicationFactor(), properties.sendTimeout()),
				properties, delivery.retryAfter());
	}

	/**
	 * The dead-letter topic, unless the host declares its own {@code DeadLetterSink<Receipt>}
	 * (which then takes the dead letters, with no replay unless it offers one).
	 */
	@Bean
	@ConditionalOnBean(KafkaDeliveryStore.class)
	@Conditional(OnMissingCollectorDeadLetterSinkCondition.class)
	KafkaDeadLetterTopic unisightsKafkaDeadLetterTopic(KafkaDeliveryStore store, KafkaDeliveryProperties properties,
			@Qualifier("unisightsDeliveryProducerFactory") DefaultKafkaProducerFactory<String, byte[]> producers,
			@Qualifier("unisightsDeliveryConsumerFactory") DefaultKafkaConsumerFactory<String, byte[]> consumers) {
		return new KafkaDeadLetterTopic(producers, consumers, store, properties);
	}

	private static KafkaClientSettings settings(KafkaProperties kafkaProperties,
			ObjectProvider<KafkaConnectionDetails> connectionDetails, ObjectProvider<SslBundles> sslBundles) {
		return new KafkaClientSettings(kafkaProperties, connectionDetails.getIfAvailable(),
				sslBundles.getIfAvailable());
	}

	/**
	 * Kafka's client metrics of the store's producer and consumer ({@code kafka.producer.*},
	 * {@code kafka.consumer.*}, tagged {@code client.id}), the consumer lag among them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static final class KafkaDeliveryStoreMetricsConfiguration {

		// Resolved here rather than by a condition, which would depend on the order of the
		// actuator's registry configuration; the clients are made only once the context
		// started, after this.
		KafkaDeliveryStoreMetricsConfiguration(ObjectProvider<MeterRegistry> registry,
				@Qualifier("unisightsDeliveryProducerFactory") DefaultKafkaProducerFactory<String, byte[]> producers,
				@Qualifier("unisightsDeliveryConsumerFactory") DefaultKafkaConsumerFactory<String, byte[]> consumers) {
			registry.ifUnique((meters) -> {
				producers.addListener(new MicrometerProducerListener<>(meters));
				consumers.addListener(new MicrometerConsumerListener<>(meters));
			});
		}

	}

}
