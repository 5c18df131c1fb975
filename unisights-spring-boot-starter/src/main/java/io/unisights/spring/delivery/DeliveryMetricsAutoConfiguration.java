package io.unisights.spring.delivery;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the delivery meters ({@code unisights.delivery.*}) when Micrometer
 * is present: counters that read the one count of delivery, and the gauges of the
 * asynchronous queue. Handler calls are timed by the {@code unisights.handler} observation,
 * which a meter registry turns into a timer of that name.
 */
@AutoConfiguration(after = DeliveryAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(DeliveryMetrics.class)
public final class DeliveryMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeliveryMeters unisightsDeliveryMeters(DeliveryMetrics metrics, ObjectProvider<EventDispatcher> dispatcher) {
		// The dispatcher is resolved when binding, after every singleton exists, so the
		// registry and the dispatcher (observed through the registry) need not each other first.
		return new DeliveryMeters(metrics,
				() -> (dispatcher.getIfUnique() instanceof AsynchronousEventDispatcher async) ? async : null);
	}

}
