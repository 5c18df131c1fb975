package io.unisights.spring.forward;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.Channel;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the forwarders. Each is an ordinary
 * {@link io.unisights.spring.EventHandler} bean, so the dispatcher runs it beside the host's
 * handlers, with the same retries and dead-letter file.
 */
@AutoConfiguration(before = DeliveryAutoConfiguration.class,
		afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ForwardProperties.class)
public final class ForwardAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ForwardAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class })
	@Conditional(OnKafkaTopicCondition.class)
	// Registered here too, so that a host that excluded Boot's Kafka auto-configuration
	// still gets its spring.kafka.* settings applied.
	@EnableConfigurationProperties(KafkaProperties.class)
	static final class KafkaForwarderConfiguration {

		/**
		 * The forwarder's own producer, not a candidate for injection elsewhere: the host's
		 * Kafka auto-configuration and templates stay as they are. It starts from what Boot
		 * would give the host's producer (spring.kafka.*, connection details), then applies
		 * the forwarder's own settings, and last the ones delivery relies on.
		 */
		@Bean(defaultCandidate = false)
		DefaultKafkaProducerFactory<String, byte[]> unisightsKafkaProducerFactory(ForwardProperties properties,
				KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connectionDetails,
				ObjectProvider<SslBundles> sslBundles) {
			ForwardProperties.Kafka kafka = properties.kafka();
			Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
			KafkaConnectionDetails.Configuration connection = connectionDetails
				.getIfAvailable(() -> new PropertiesConnectionDetails(kafkaProperties, sslBundles.getIfAvailable()))
				.getProducer();
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
			if (StringUtils.hasLength(connection.getSecurityProtocol())) {
				config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
			}
			SslBundle sslBundle = connection.getSslBundle();
			if (sslBundle != null) {
				config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
				config.put(SslBundle.class.getName(), sslBundle);
			}
			List<String> servers = kafka.bootstrapServers();
			if (servers != null && !servers.isEmpty()) {
				config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", servers));
			}
			// A client id of its own keeps the forwarder's producer apart from the host's in
			// metrics, quotas and broker logs.
			Object clientId = config.get(ProducerConfig.CLIENT_ID_CONFIG);
			config.put(ProducerConfig.CLIENT_ID_CONFIG, (clientId != null) ? clientId + "-unisights" : "unisights");
			// The host's retries=0 would make the idempotent producer refuse to start; the
			// delivery timeout below bounds the client's own retries instead.
			config.remove(ProducerConfig.RETRIES_CONFIG);
			config.putAll(kafka.producer());
			config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			config.put(ProducerConfig.ACKS_CONFIG, "all");
			// A send is retried by the delivery machinery, not for minutes inside the client:
			// the client gives up within the send timeout, so a retry never races it.
			int timeout = (int) Math.min(Integer.MAX_VALUE, kafka.sendTimeout().toMillis());
			int linger = 5;
			int request = Math.max(1, Math.min(30_000, timeout - linger));
			config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
			config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
			// Kafka insists on delivery >= linger + request.
			config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeout, linger + request));
			config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
			return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
		}

		@Bean
		@ConditionalOnMissingBean
		KafkaForwarder unisightsKafkaForwarder(ForwardProperties properties,
				@Qualifier("unisightsKafkaProducerFactory") DefaultKafkaProducerFactory<String, byte[]> producerFactory) {
			ForwardProperties.Kafka kafka = properties.kafka();
			Map<Channel, String> topics = kafka.topicsByChannel();
			Set<Channel> unforwarded = EnumSet.allOf(Channel.class);
			unforwarded.removeAll(topics.keySet());
			if (!unforwarded.isEmpty()) {
				logger.info("Kafka forwarding covers " + topics.keySet() + " only: " + unforwarded
						+ " have no topic (unisights.forward.kafka.topic or topics.<channel>) and are not sent"
						+ " to Kafka");
			}
			return new KafkaForwarder(new KafkaTemplate<>(producerFactory), topics, kafka.sendTimeout());
		}

		/**
		 * Boot's own connection details from {@code spring.kafka.*}, for a host that excluded
		 * the Kafka auto-configuration which would otherwise contribute them.
		 */
		private record PropertiesConnectionDetails(KafkaProperties properties,
				@Nullable SslBundles sslBundles) implements KafkaConnectionDetails {

			@Override
			public List<String> getBootstrapServers() {
				return this.properties.getBootstrapServers();
			}

			@Override
			public Configuration getProducer() {
				KafkaProperties.Producer producer = this.properties.getProducer();
				List<String> servers = producer.getBootstrapServers();
				String bundle = StringUtils.hasLength(producer.getSsl().getBundle()) ? producer.getSsl().getBundle()
						: this.properties.getSsl().getBundle();
				String protocol = StringUtils.hasLength(producer.getSecurity().getProtocol())
						? producer.getSecurity().getProtocol() : this.properties.getSecurity().getProtocol();
				SslBundle sslBundle = (bundle != null && this.sslBundles != null) ? this.sslBundles.getBundle(bundle)
						: null;
				return Configuration.of((servers != null) ? servers : getBootstrapServers(), sslBundle, protocol);
			}

		}

	}

	/**
	 * A Kafka topic is configured but Boot's Kafka module is missing: failing here says
	 * what to add, where skipping would silently forward nothing.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.kafka.autoconfigure.KafkaProperties")
	@Conditional(OnKafkaTopicCondition.class)
	static final class KafkaModuleMissingConfiguration {

		KafkaModuleMissingConfiguration() {
			throw new IllegalStateException("A Kafka topic is configured (unisights.forward.kafka.topic or topics.*)"
					+ " but Boot's Kafka support is not on the classpath: add"
					+ " org.springframework.boot:spring-boot-starter-kafka");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("unisights.forward.webhook.url")
	static final class WebhookForwarderConfiguration {

		/**
		 * Built from Boot's {@code RestClient.Builder} (observations, customizers) and
		 * {@code HttpClientSettings} ({@code spring.http.clients.*}, SSL bundle, address
		 * filter); the JDK client is used whatever {@code spring.http.clients.imperative.factory}
		 * says, because it is the one whose timeout covers the whole exchange.
		 */
		@Bean
		@ConditionalOnMissingBean
		WebhookForwarder unisightsWebhookForwarder(ForwardProperties properties,
				ObjectProvider<RestClient.Builder> restClientBuilder,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> settings, ObjectProvider<ObservationRegistry> observationRegistry,
				ObjectProvider<ClientRequestObservationConvention> observationConvention) {
			ForwardProperties.Webhook webhook = properties.webhook();
			WebhookSignature signature = webhook.signature();
			RestClient.Builder builder = restClientBuilder.getIfAvailable(() -> {
				RestClient.Builder plain = RestClient.builder();
				observationRegistry.ifUnique(plain::observationRegistry);
				return plain;
			});
			JdkClientHttpRequestFactoryBuilder jdk = (requestFactoryBuilder
				.getIfAvailable() instanceof JdkClientHttpRequestFactoryBuilder configured) ? configured
						: ClientHttpRequestFactoryBuilder.jdk();
			return new WebhookForwarder(webhook.url(), signature, webhook.timeout(), builder,
					settings.getIfAvailable(HttpClientSettings::defaults), jdk,
					observationConvention.getIfUnique(WebhookForwarder::defaultObservationConvention));
		}

	}

}
