package io.unisights.spring.forward;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.unisights.spring.Delivery;
import io.unisights.spring.kafka.InProcessKafka;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka forwarder connects the way the host's own Kafka clients do: through Boot's
 * {@code spring.kafka.*} settings in either property form and through a
 * {@link KafkaConnectionDetails} bean, against a real in-process (KRaft) broker; and it
 * switches on with per-channel topics alone.
 */
class KafkaForwarderBootSettingsTests {

	@RegisterExtension
	static final InProcessKafka broker = new InProcessKafka(1, "boot-beacons",
			"boot-opens", "boot-clicks", "boot-ingest", "indexed", "details", "only-ingest");

	/** Nothing listens there: a forwarder that connects anyway took its servers elsewhere. */
	private static final String NOWHERE = "127.0.0.1:1";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, ForwardAutoConfiguration.class))
		.withPropertyValues("unisights.forward.kafka.send-timeout=20s");

	@TempDir
	Path temp;

	@Test
	void switchesOnWithPerChannelTopicsAloneAndConnectsThroughSpringKafkaBootstrapServers() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.servers(),
					"unisights.forward.kafka.topics.beacon=boot-beacons",
					"unisights.forward.kafka.topics.open=boot-opens",
					"unisights.forward.kafka.topics.click=boot-clicks",
					"unisights.forward.kafka.topics.ingest=boot-ingest")
			.run((context) -> {
				KafkaForwarder forwarder = context.getBean(KafkaForwarder.class);
				assertThat(forwarder).hasToString(
						"KafkaForwarder{BEACON=boot-beacons, OPEN=boot-opens, CLICK=boot-clicks, INGEST=boot-ingest}");
				Delivery beacon = Deliveries.beacon("boot-beacon-1");
				Delivery ingest = Deliveries.ingest("boot-order-1");
				forwarder.handle(beacon);
				forwarder.handle(ingest);
				assertThat(ids(KafkaForwarderTests.consume(broker.servers(), "boot-beacons", 1))).containsExactly(beacon.id());
				assertThat(ids(KafkaForwarderTests.consume(broker.servers(), "boot-ingest", 1))).containsExactly(ingest.id());
			});
	}

	@Test
	void connectsThroughTheIndexedListFormOfBootstrapServers() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers[0]=" + broker.servers(),
					"unisights.forward.kafka.topic=indexed")
			.run((context) -> {
				assertThat(producerConfig(context).get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
					.isEqualTo(List.of(broker.servers()));
				Delivery beacon = Deliveries.beacon("indexed-1");
				context.getBean(KafkaForwarder.class).handle(beacon);
				assertThat(ids(KafkaForwarderTests.consume(broker.servers(), "indexed", 1))).containsExactly(beacon.id());
			});
	}

	@Test
	void connectsThroughAKafkaConnectionDetailsBean() {
		KafkaConnectionDetails details = () -> List.of(broker.servers());
		this.contextRunner.withBean(KafkaConnectionDetails.class, () -> details)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=details")
			.run((context) -> {
				Delivery beacon = Deliveries.beacon("details-1");
				context.getBean(KafkaForwarder.class).handle(beacon);
				assertThat(ids(KafkaForwarderTests.consume(broker.servers(), "details", 1))).containsExactly(beacon.id());
			});
	}

	@Test
	void forwardsOnlyTheChannelsThatHaveATopic() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.servers(),
					"unisights.forward.kafka.topics.ingest=only-ingest")
			.run((context) -> {
				KafkaForwarder forwarder = context.getBean(KafkaForwarder.class);
				assertThat(forwarder).hasToString("KafkaForwarder{INGEST=only-ingest}");
				Delivery ingest = Deliveries.ingest("only-order-1");
				// A beacon has nowhere to go: it is passed over, not failed.
				forwarder.handle(Deliveries.beacon("only-beacon-1"));
				forwarder.handle(ingest);
				assertThat(ids(KafkaForwarderTests.consume(broker.servers(), "only-ingest", 1))).containsExactly(ingest.id());
			});
	}

	@Test
	void staysOffWithoutAnyTopic() {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KafkaForwarder.class)
				.doesNotHaveBean("unisightsKafkaProducerFactory"));
	}

	@Test
	void appliesSpringKafkaSecurityAndSslButKeepsItsOwnDeliverySettings() throws IOException {
		Path trustStore = Files.write(this.temp.resolve("trust.p12"), new byte[] { 1 });
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "spring.kafka.security.protocol=SASL_SSL",
					"spring.kafka.ssl.trust-store-location=" + trustStore.toUri(),
					"spring.kafka.ssl.trust-store-password=changeit",
					"spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
					"spring.kafka.producer.compression-type=zstd", "spring.kafka.producer.acks=0",
					"spring.kafka.producer.retries=0", "spring.kafka.client-id=shop",
					"unisights.forward.kafka.producer.batch.size=32768", "unisights.forward.kafka.topic=secured")
			.run((context) -> {
				Map<String, Object> config = producerConfig(context);
				assertThat(config).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
					.containsEntry(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString())
					.containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "changeit")
					.containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
					.containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
					.containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "32768")
					.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-unisights")
					// What at-least-once delivery relies on wins over the host's producer settings.
					.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
					.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
					.doesNotContainKey(ProducerConfig.RETRIES_CONFIG);
			});
	}

	@Test
	void usesTheSslBundleAndProtocolOfTheConnectionDetails() {
		SslBundle bundle = SslBundle.of(SslStoreBundle.NONE);
		KafkaConnectionDetails details = new KafkaConnectionDetails() {

			@Override
			public List<String> getBootstrapServers() {
				return List.of(NOWHERE);
			}

			@Override
			public SslBundle getSslBundle() {
				return bundle;
			}

			@Override
			public String getSecurityProtocol() {
				return "SSL";
			}

		};
		this.contextRunner.withBean(KafkaConnectionDetails.class, () -> details)
			.withPropertyValues("unisights.forward.kafka.topic=secured")
			.run((context) -> assertThat(producerConfig(context))
				.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
				.containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
				.containsEntry(SslBundle.class.getName(), bundle));
	}

	@Test
	void appliesSpringKafkaSettingsWhenBootsKafkaAutoConfigurationIsExcluded() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ForwardAutoConfiguration.class))
			.withPropertyValues("spring.kafka.producer.bootstrap-servers[0]=" + NOWHERE,
					"spring.kafka.security.protocol=SSL", "unisights.forward.kafka.topic=secured")
			.run((context) -> assertThat(producerConfig(context))
				.containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of(NOWHERE))
				.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL"));
	}

	@Test
	void sendsWithoutLingeringUnlessLingerIsConfigured() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=plain")
			.run((context) -> assertThat(producerConfig(context)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
				.containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20000)
				.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20000));
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=batched",
					"unisights.forward.kafka.producer.linger.ms=20")
			.run((context) -> assertThat(producerConfig(context)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
				.containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 19980)
				.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20000));
		// A linger that would leave the request no time is held to half the send timeout.
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=slow",
					"spring.kafka.producer.properties.linger.ms=60000")
			.run((context) -> assertThat(producerConfig(context)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 10000));
	}

	@Test
	void batchesUpToAQuarterMegabyteUnlessABatchSizeIsConfigured() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=plain")
			.run((context) -> assertThat(producerConfig(context)).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
					256 * 1024));
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=boot",
					"spring.kafka.producer.batch-size=32KB")
			.run((context) -> assertThat(producerConfig(context)).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
					32 * 1024));
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=own",
					"spring.kafka.producer.batch-size=32KB", "unisights.forward.kafka.producer.batch.size=65536")
			.run((context) -> assertThat(producerConfig(context)).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
					"65536"));
	}

	@Test
	void failsAtStartupOnALingerThatIsNotANumber() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + NOWHERE, "unisights.forward.kafka.topic=plain",
					"unisights.forward.kafka.producer.linger.ms=soon")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("linger.ms must be a whole number of milliseconds, not 'soon'"));
	}

	@Test
	void failsAtStartupNamingTheDependencyWhenBootsKafkaModuleIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(KafkaProperties.class))
			.withPropertyValues("unisights.forward.kafka.topics.beacon=beacons")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring-boot-starter-kafka"));
	}

	private static Map<String, Object> producerConfig(AssertableWebApplicationContext context) {
		return context.getBean("unisightsKafkaProducerFactory", DefaultKafkaProducerFactory.class)
			.getConfigurationProperties();
	}

	private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
		return records.stream()
			.map((record) -> new String(record.headers().lastHeader(KafkaForwarder.ID_HEADER).value(),
					StandardCharsets.UTF_8))
			.toList();
	}

}
