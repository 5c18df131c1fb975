package io.unisights.spring.delivery.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.DeliveryStoreUnavailableException;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.delivery.deadletter.DeadLetterReplayer;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaDeliveryStoreAutoConfigurationTests {

	/** Nothing listens there: the store starts unavailable, within its send timeout. */
	private static final String NOWHERE = "127.0.0.1:1";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class, KafkaDeliveryStoreAutoConfiguration.class))
		.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.kafka.send-timeout=300ms");

	@Test
	void buildsItsClientsFromSpringKafkaWithItsOwnSettingsAndWhatDeliveryReliesOnOnTop() {
		this.contextRunner
			.withPropertyValues("unisights.delivery.store=kafka", "spring.kafka.bootstrap-servers=" + NOWHERE,
					"spring.kafka.client-id=shop", "spring.kafka.producer.acks=0", "spring.kafka.producer.retries=0",
					"spring.kafka.consumer.auto-offset-reset=latest", "spring.kafka.consumer.enable-auto-commit=true",
					"unisights.delivery.kafka.producer.compression.type=zstd",
					"unisights.delivery.kafka.consumer.max.poll.records=50",
					"unisights.delivery.kafka.group-id=collectors")
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaDeliveryStore.class).hasSingleBean(DeliveryStore.class);
				Map<String, Object> producer = context
					.getBean("unisightsDeliveryProducerFactory", DefaultKafkaProducerFactory.class)
					.getConfigurationProperties();
				assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
					.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
					.containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
					.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300)
					.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-unisights-delivery")
					.doesNotContainKey(ProducerConfig.RETRIES_CONFIG);
				Map<String, Object> consumer = context
					.getBean("unisightsDeliveryConsumerFactory", DefaultKafkaConsumerFactory.class)
					.getConfigurationProperties();
				assertThat(consumer).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "collectors")
					.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
					.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
					.containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50")
					.containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024)
					.containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
				assertThat(context.getBean(KafkaDeliveryStore.class).availability().available()).isFalse();
			});
	}

	@Test
	void fetchesAsTheHostConfiguredWhereItSetTheFetchWaits() {
		this.contextRunner
			.withPropertyValues("unisights.delivery.store=kafka", "spring.kafka.bootstrap-servers=" + NOWHERE,
					"spring.kafka.consumer.fetch-min-size=1", "unisights.delivery.kafka.consumer.fetch.max.wait.ms=500")
			.run((context) -> {
				Map<String, Object> consumer = context
					.getBean("unisightsDeliveryConsumerFactory", DefaultKafkaConsumerFactory.class)
					.getConfigurationProperties();
				assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
					.containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
			});
	}

	@Test
	void takesTheDeadLettersToTheDeadLetterTopicAndReplaysThemFromThere() {
		this.contextRunner
			.withPropertyValues("unisights.delivery.store=kafka", "spring.kafka.bootstrap-servers=" + NOWHERE)
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaDeadLetterTopic.class)
					.doesNotHaveBean(JsonlDeadLetterFile.class)
					.hasSingleBean(DeadLetterReplayer.class);
				assertThat(context.getBean(KafkaDeadLetterTopic.class).location())
					.isEqualTo("kafka:unisights-deliveries-dead-letters");
			});
	}

	@Test
	void leavesTheDeadLettersToTheHostsSink() {
		DeadLetterSink<Receipt> own = (letter) -> {
		};
		this.contextRunner
			.withPropertyValues("unisights.delivery.store=kafka", "spring.kafka.bootstrap-servers=" + NOWHERE)
			.withBean("hostDeadLetterSink", DeadLetterSink.class, () -> own)
			.run((context) -> assertThat(context).hasSingleBean(KafkaDeliveryStore.class)
				.doesNotHaveBean(KafkaDeadLetterTopic.class)
				.doesNotHaveBean(JsonlDeadLetterFile.class)
				.doesNotHaveBean(DeadLetterReplayer.class));
	}

	@Test
	void backsOffUnlessTheKafkaStoreIsChosen() {
		this.contextRunner.withPropertyValues("unisights.delivery.store=memory")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaDeliveryStore.class)
				.hasSingleBean(DeliveryStore.class));
	}

	@Test
	void failsStartupNamingBootsKafkaModuleWhenItIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.kafka"))
			.withPropertyValues("unisights.delivery.store=kafka")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(DeliveryStoreUnavailableException.class)
					.hasMessageContaining("spring-boot-kafka");
				DeliveryStoreUnavailableException failure = (DeliveryStoreUnavailableException) rootCause(
						context.getStartupFailure());
				assertThat(failure.getAction()).contains("spring-boot-starter-kafka");
			});
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
