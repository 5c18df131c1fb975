package io.unisights.spring.forward;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.Channel;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.kafka.KafkaClientSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
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
			KafkaClientSettings settings = new KafkaClientSettings(kafkaProperties, connectionDetails.getIfAvailable(),
					sslBundles.getIfAvailable());
			return new DefaultKafkaProducerFactory<>(
					settings.producer("unisights", kafka.bootstrapServers(), kafka.producer(), kafka.sendTimeout()),
					new StringSerializer(), new ByteArraySerializer());
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
