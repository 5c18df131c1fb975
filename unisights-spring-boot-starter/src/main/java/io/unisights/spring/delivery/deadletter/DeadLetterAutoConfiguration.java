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
 * {@link JsonlDeadLetterFile} at {@code unisights.delivery.dead-letter.path}, the
 * {@link DeadLetterReplayer} of the context's {@link ReplayableDeadLetterSink} (the file,
 * or the kafka store's dead-letter topic), and the {@code unisightsdeadletter} actuator
 * endpoint when the actuator is present. The file backs off when the context already has
 * the collector's {@code DeadLetterSink<Receipt>}, the host's or a store's; a sink of
 * another sender (an events client's {@code DeadLetterSink<SendFailure>} bean) leaves it
 * in place. The replay needs a sink it can read back.
 */
@AutoConfiguration(after = DeliveryAutoConfiguration.class)
@ConditionalOnBean(Redelivery.class)
@EnableConfigurationProperties(DeliveryProperties.class)
public final class DeadLetterAutoConfiguration {

	@Bean
	@Conditional(OnMissingCollectorDeadLetterSinkCondition.class)
	JsonlDeadLetterFile unisightsDeadLetterFile(DeliveryProperties properties) {
		return new JsonlDeadLetterFile(properties.deadLetter().path());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnReplayableDeadLetterSinkCondition.class)
	DeadLetterReplayer unisightsDeadLetterReplayer(ReplayableDeadLetterSink sink, Redelivery redelivery) {
		return new DeadLetterReplayer(sink, redelivery);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
	@Conditional(OnReplayableDeadLetterSinkCondition.class)
	static class DeadLetterEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeadLetterEndpoint unisightsDeadLetterEndpoint(DeadLetterReplayer replayer) {
			return new DeadLetterEndpoint(replayer);
		}

	}

}
