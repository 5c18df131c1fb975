package io.unisights.spring.delivery;

import java.time.Clock;

import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code unisightsDelivery} health contributor when the
 * actuator's health support is present ({@code management.health.unisightsdelivery.enabled}).
 * It reads the same counts as the meters, and what the store last found.
 */
@AutoConfiguration(after = { DeliveryAutoConfiguration.class, DeadLetterAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(DeliveryMetrics.class)
@ConditionalOnEnabledHealthIndicator("unisightsdelivery")
@EnableConfigurationProperties(DeliveryProperties.class)
public final class DeliveryHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "unisightsDeliveryHealthIndicator")
	@SuppressWarnings("deprecation")
	DeliveryHealthIndicator unisightsDeliveryHealthIndicator(DeliveryMetrics metrics,
			ObjectProvider<EventDispatcher> dispatcher, ObjectProvider<DeadLetterSink<Receipt>> deadLetterSink,
			DeliveryProperties properties, ObjectProvider<Clock> clock) {
		return new DeliveryHealthIndicator(metrics,
				(dispatcher.getIfUnique() instanceof AsynchronousEventDispatcher async) ? async : null,
				(deadLetterSink.getIfUnique() instanceof JsonlDeadLetterFile file) ? file : null,
				properties.health(), clock.getIfUnique(Clock::systemUTC));
	}

}
