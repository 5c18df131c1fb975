package io.unisights.spring.delivery;

import java.time.Clock;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.EventHandler;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.observation.DeliveryObservationConvention;
import io.unisights.spring.delivery.observation.HandlerObservationConvention;
import io.unisights.spring.ingest.IngestProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link EventDispatcher} that carries accepted items to the
 * host's {@link EventHandler} beans ({@code unisights.delivery.mode} {@code sync} or
 * {@code async}), with the memory store of asynchronous delivery, the duplicate filter,
 * and the counts of what becomes of items. Deliveries and handler calls are observed
 * through the context's {@link ObservationRegistry}, when there is one. The jdbc store,
 * dead letters, metrics and the health contributor have auto-configurations of their own.
 */
@AutoConfiguration(after = UnisightsAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DeliveryProperties.class, IngestProperties.class })
public final class DeliveryAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DeliveryAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	DeliveryMetrics unisightsDeliveryMetrics(ObjectProvider<Clock> clock) {
		return new DeliveryMetrics(clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean(name = "unisightsHandlerChain")
	HandlerChain unisightsHandlerChain(ObjectProvider<EventHandler> handlers, DeliveryMetrics metrics,
			ObjectProvider<Clock> clock, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DeliveryObservationConvention> deliveryObservationConvention,
			ObjectProvider<HandlerObservationConvention> handlerObservationConvention) {
		List<EventHandler> ordered = handlers.orderedStream().toList();
		if (ordered.isEmpty()) {
			logger.info("No EventHandler bean is registered: requests are acknowledged and their events discarded");
		}
		return new HandlerChain(ordered, metrics, clock.getIfUnique(Clock::systemUTC),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
				deliveryObservationConvention.getIfUnique(), handlerObservationConvention.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	KeyWindows unisightsKeyWindows(ObjectProvider<Clock> clock) {
		// The jdbc store's auto-configuration puts the windows in its table instead.
		return (window, maxEntries) -> KeyWindow.inMemory(window, maxEntries, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	DuplicateFilter unisightsDuplicateFilter(DeliveryProperties properties, IngestProperties ingest,
			KeyWindows windows, DeliveryMetrics metrics) {
		// Server events' ids are suppressed where every item passes: in the dispatcher,
		// with the store's key window, under the ingest endpoint's own settings.
		DeliveryProperties.Dedupe dedupe = properties.dedupe();
		return new DuplicateFilter(dedupe.enabled() ? windows.create(dedupe.window(), dedupe.maxEntries()) : null,
				ingest.window(windows), metrics);
	}

	@Bean
	@ConditionalOnMissingBean(EventDispatcher.class)
	@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "sync", matchIfMissing = true)
	SynchronousEventDispatcher unisightsEventDispatcher(HandlerChain handlers, DeliveryProperties properties,
			DeliveryMetrics metrics, DuplicateFilter duplicates) {
		return new SynchronousEventDispatcher(handlers, RetryPolicy.of(properties.retry()), metrics, duplicates);
	}

	@Bean
	@ConditionalOnMissingBean(EventDispatcher.class)
	@ConditionalOnProperty(name = "unisights.delivery.mode", havingValue = "async")
	AsynchronousEventDispatcher unisightsAsyncEventDispatcher(HandlerChain handlers, DeliveryProperties properties,
			DeliveryMetrics metrics, DeadLetterSink<Receipt> deadLetterSink, ObjectProvider<DeliveryStore> store,
			ObjectProvider<DeliveryRestorer> restorers, DuplicateFilter duplicates) {
		DeliveryStore resolved = store.getIfUnique();
		if (resolved == null && properties.store() == DeliveryProperties.Store.KAFKA) {
			throw new DeliveryStoreUnavailableException(
					"unisights.delivery.store=kafka needs Boot's Kafka module (spring-boot-kafka) on the classpath",
					"Add org.springframework.boot:spring-boot-starter-kafka and point spring.kafka.bootstrap-servers "
							+ "at your brokers; or set unisights.delivery.store=jdbc or memory.",
					null);
		}
		if (resolved == null) {
			// Otherwise only the jdbc store can be missing: its configuration needs Spring JDBC.
			throw new DeliveryStoreUnavailableException(
					"unisights.delivery.store=jdbc needs Spring JDBC (spring-jdbc) on the classpath and a DataSource");
		}
		return new AsynchronousEventDispatcher(handlers, RetryPolicy.of(properties.retry()), deadLetterSink,
				metrics, duplicates, resolved, new DeliveryCodec(restorers.orderedStream().toList()),
				properties.workers(), WorkerThreads.factory(properties.virtualThreads()), properties.shutdownTimeout(),
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

	@Bean
	@ConditionalOnMissingBean
	Redelivery unisightsRedelivery(HandlerChain handlers, ObjectProvider<DeliveryRestorer> restorers,
			DeliveryMetrics metrics) {
		return new Redelivery(handlers, restorers.orderedStream().toList(), metrics);
	}

}
