package io.unisights.spring.delivery.deadletter;

import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.Redelivery;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the collector's dead letters: the
 * {@link JsonlDeadLetterFile} at {@code unisights.delivery.dead-letter.path}, its
 * {@link DeadLetterReplayer}, and the {@code unisightsdeadletter} actuator endpoint when
 * the actuator is present. All back off when the host declares its own
 * {@code DeadLetterSink<Receipt>}; a sink of another sender (an events client's
 * {@code DeadLetterSink<SendFailure>} bean) leaves them in place.
 */
@AutoConfiguration(after = DeliveryAutoConfiguration.class)
@ConditionalOnBean(Redelivery.class)
@Conditional(OnMissingCollectorDeadLetterSinkCondition.class)
@EnableConfigurationProperties(DeliveryProperties.class)
public final class DeadLetterAutoConfiguration {

	@Bean
	JsonlDeadLetterFile unisightsDeadLetterFile(DeliveryProperties properties) {
		return new JsonlDeadLetterFile(properties.deadLetter().path());
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterReplayer unisightsDeadLetterReplayer(JsonlDeadLetterFile file, Redelivery redelivery) {
		return new DeadLetterReplayer(file, redelivery);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
	static class DeadLetterEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeadLetterEndpoint unisightsDeadLetterEndpoint(DeadLetterReplayer replayer) {
			return new DeadLetterEndpoint(replayer);
		}

	}

}
