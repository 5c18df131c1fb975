package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.EventHandler;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.observation.DeliveryObservationConvention;
import io.unisights.spring.delivery.observation.HandlerObservationConvention;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link EventDispatcher} that carries accepted items to the
 * host's {@link EventHandler} beans ({@code unisights.delivery.mode} {@code sync} or
 * {@code async}), the dead-letter file and its replay, and, when their libraries are
 * present, delivery metrics, a health indicator and the {@code unisightsdeadletter}
 * actuator endpoint. Deliveries and handler calls are observed through the context's
 * {@link ObservationRegistry}, when there is one.
 */
@AutoConfiguration(after = UnisightsAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeliveryProperties.class)
public final class DeliveryAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DeliveryAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	DeliveryStatistics unisightsDeliveryStatistics(ObjectProvider<DeliveryObserver> observers,
			ObjectProvider<Clock> clock) {
		return new DeliveryStatistics(observers.getIfUnique(() -> DeliveryObserver.NONE),
				clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsHandlerChain")
	HandlerChain unisightsHandlerChain(ObjectProvider<EventHandler> handlers, DeliveryStatistics statistics,
			ObjectProvider<Clock> clock, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DeliveryObservationConvention> deliveryObservationConvention,
			ObjectProvider<HandlerObservationConvention> handlerObservationConvention) {
		List<EventHandler> ordered = handlers.orderedStream().toList();
		if (ordered.isEmpty()) {
			logger.info("No EventHandler bean is registered: requests are acknowledged and their events discarded");
		}
		return new HandlerChain(ordered, statistics.observer(), clock.getIfUnique(Clock::systemUTC),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
				deliveryObservationConvention.getIfUnique(), handlerObservationConvention.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(EventDispatcher.class)
	@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "sync", matchIfMissing = true)
	SynchronousEventDispatcher unisightsEventDispatcher(HandlerChain handlers, DeliveryProperties properties,
			DeliveryStatistics statistics, KeyWindows windows, Environment environment) {
		return new SynchronousEventDispatcher(handlers, RetryPolicy.of(properties.retry()), statistics.observer(),
				duplicateFilter(properties, windows, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	KeyWindows unisightsKeyWindows(ObjectProvider<Clock> clock) {
		// The jdbc store's auto-configuration puts the windows in its table instead.
		return (window, maxEntries) -> KeyWindow.inMemory(window, maxEntries, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean(EventDispatcher.class)
	@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "async")
	AsynchronousEventDispatcher unisightsAsyncEventDispatcher(HandlerChain handlers, DeliveryProperties properties,
			DeliveryStatistics statistics, DeadLetterSink<Receipt> deadLetterSink, ObjectProvider<DeliveryStore> store,
			ObjectProvider<DeliveryRestorer> restorers, KeyWindows windows, Environment environment) {
		DeliveryStore resolved = store.getIfUnique();
		if (resolved == null) {
			// Only the jdbc store can be missing: its configuration needs Spring JDBC.
			throw new DeliveryStoreUnavailableException(
					"unisights.delivery.store=jdbc needs Spring JDBC (spring-jdbc) on the classpath and a DataSource");
		}
		return new AsynchronousEventDispatcher(handlers, RetryPolicy.of(properties.retry()), deadLetterSink,
				statistics.observer(), duplicateFilter(properties, windows, environment), resolved,
				new DeliveryCodec(restorers.orderedStream().toList()), properties.workers(),
				WorkerThreads.factory(properties.virtualThreads()), properties.shutdownTimeout(),
				properties.retryAfter());
	}

	/**
	 * The memory store of asynchronous delivery ({@code unisights.delivery.store=memory});
	 * the jdbc store has an auto-configuration of its own
	 * ({@code io.unisights.spring.delivery.jdbc.JdbcDeliveryStoreAutoConfiguration}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "async")
	static class DeliveryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(DeliveryStore.class)
		@ConditionalOnProperty(name = "unisights.delivery.store", havingValue = "memory", matchIfMissing = true)
		MemoryDeliveryStore unisightsMemoryDeliveryStore(DeliveryProperties properties) {
			return new MemoryDeliveryStore(properties.queueCapacity(), properties.queueMaxSize(),
					properties.retryAfter());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	BeaconDeliveryRestorer unisightsBeaconDeliveryRestorer() {
		return new BeaconDeliveryRestorer();
	}

	private static DuplicateFilter duplicateFilter(DeliveryProperties properties, KeyWindows windows,
			Environment environment) {
		DeliveryProperties.Dedupe dedupe = properties.dedupe();
		// The ingest endpoint's settings, read here because its events' ids are suppressed
		// where every item passes: in the dispatcher, with the store's key window.
		Binder binder = Binder.get(environment);
		Duration ingestWindow = binder.bind("unisights.ingest.dedupe-window", Duration.class)
			.orElse(Duration.ofHours(24));
		int ingestMaxEntries = binder.bind("unisights.ingest.dedupe-max-entries", Integer.class).orElse(100_000);
		return new DuplicateFilter(dedupe.enabled() ? windows.create(dedupe.window(), dedupe.maxEntries()) : null,
				windows.create(ingestWindow, ingestMaxEntries));
	}

	/**
	 * The default dead-letter sink and its replay; both back off when the host declares
	 * its own {@code DeadLetterSink<Receipt>}. A sink of another sender (an events
	 * client's {@code DeadLetterSink<SendFailure>} bean) leaves them in place.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnMissingCollectorDeadLetterSinkCondition.class)
	static class DeadLetterFileConfiguration {

		@Bean
		JsonlDeadLetterFile unisightsDeadLetterFile(DeliveryProperties properties) {
			return new JsonlDeadLetterFile(properties.deadLetter().path());
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterReplayer unisightsDeadLetterReplayer(JsonlDeadLetterFile file, HandlerChain handlers,
				ObjectProvider<DeliveryRestorer> restorers, DeliveryStatistics statistics) {
			return new DeadLetterReplayer(file, handlers, restorers.orderedStream().toList(), statistics.observer());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
		@ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
		static class DeadLetterEndpointConfiguration {

			@Bean
			@ConditionalOnMissingBean
			DeadLetterEndpoint unisightsDeadLetterEndpoint(JsonlDeadLetterFile file, DeadLetterReplayer replayer) {
				return new DeadLetterEndpoint(file, replayer);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class DeliveryMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "unisightsMicrometerDeliveryObserver")
		DeliveryObserver unisightsMicrometerDeliveryObserver(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meterRegistry = registry.getIfUnique();
			return (meterRegistry != null) ? new MicrometerDeliveryObserver(meterRegistry) : DeliveryObserver.NONE;
		}

		@Bean
		MeterBinder unisightsDeliveryQueueMetrics(ObjectProvider<EventDispatcher> dispatcher) {
			// Resolved when binding, after every singleton exists, so the registry and the
			// dispatcher (which reports to the registry) do not need each other first.
			return (registry) -> {
				if (dispatcher.getIfUnique() instanceof AsynchronousEventDispatcher async) {
					Gauge.builder(MicrometerDeliveryObserver.PREFIX + "queue.size", async,
							AsynchronousEventDispatcher::queueSize)
						.description("Items waiting in the asynchronous delivery queue")
						.register(registry);
					Gauge.builder(MicrometerDeliveryObserver.PREFIX + "queue.capacity", async,
							AsynchronousEventDispatcher::capacity)
						.description("Capacity of the asynchronous delivery queue")
						.register(registry);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("unisightsdelivery")
	static class DeliveryHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "unisightsDeliveryHealthIndicator")
		DeliveryHealthIndicator unisightsDeliveryHealthIndicator(DeliveryStatistics statistics,
				ObjectProvider<EventDispatcher> dispatcher, ObjectProvider<DeadLetterSink<Receipt>> deadLetterSink,
				DeliveryProperties properties, ObjectProvider<Clock> clock) {
			return new DeliveryHealthIndicator(statistics,
					(dispatcher.getIfUnique() instanceof AsynchronousEventDispatcher async) ? async : null,
					(deadLetterSink.getIfUnique() instanceof JsonlDeadLetterFile file) ? file : null,
					properties.health(), clock.getIfUnique(Clock::systemUTC));
		}

	}

}
