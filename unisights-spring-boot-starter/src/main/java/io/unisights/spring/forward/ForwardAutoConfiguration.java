package io.unisights.spring.forward;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Auto-configuration of the forwarders. Each is an ordinary
 * {@link io.unisights.spring.EventHandler} bean, so the dispatcher runs it beside the host's
 * handlers, with the same retries and dead-letter file.
 */
@AutoConfiguration(before = DeliveryAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ForwardProperties.class)
public final class ForwardAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaTemplate.class)
	@ConditionalOnProperty("unisights.forward.kafka.topic")
	static final class KafkaForwarderConfiguration {

		/**
		 * The forwarder's own producer, not a candidate for injection elsewhere: the host's
		 * Kafka auto-configuration and templates stay as they are.
		 */
		@Bean(defaultCandidate = false)
		DefaultKafkaProducerFactory<String, byte[]> unisightsKafkaProducerFactory(ForwardProperties properties,
				Environment environment) {
			ForwardProperties.Kafka kafka = properties.kafka();
			Map<String, Object> config = new HashMap<>(kafka.producer());
			List<String> servers = kafka.bootstrapServers();
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, (servers != null && !servers.isEmpty())
					? String.join(",", servers)
					: environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"));
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
			return new KafkaForwarder(new KafkaTemplate<>(producerFactory), kafka.topicsByChannel(),
					kafka.sendTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("unisights.forward.webhook.url")
	static final class WebhookForwarderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhookForwarder unisightsWebhookForwarder(ForwardProperties properties) {
			ForwardProperties.Webhook webhook = properties.webhook();
			if (webhook.secret() == null || webhook.secret().isBlank()) {
				throw new IllegalStateException("unisights.forward.webhook.url is set but unisights.forward.webhook.secret"
						+ " is not: set it to the receiver's whsec_ secret; unsigned webhooks are not sent");
			}
			return new WebhookForwarder(webhook.url(), webhook.secret(), webhook.timeout());
		}

	}

}
