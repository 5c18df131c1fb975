package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.delivery.observation.DeliveryObservationContext;
import io.unisights.spring.delivery.observation.DeliveryObservationConvention;
import io.unisights.spring.delivery.observation.HandlerObservationContext;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Deliveries and handler calls are observed through the context's
 * {@link io.micrometer.observation.ObservationRegistry}: one {@code unisights.delivery}
 * observation per item, one {@code unisights.handler} observation per handler call inside
 * it, tagged with low-cardinality values only.
 */
class DeliveryObservationTests {

	private static final Set<String> ALLOWED_KEYS = Set.of("channel", "handler", "outcome");

	@TempDir
	Path temp;

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	/** With Boot's observation and metrics auto-configuration: observations become meters. */
	private final WebApplicationContextRunner meteredRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class, DeadLetterAutoConfiguration.class,
				DeliveryMetricsAutoConfiguration.class));

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class))
		.withBean(TestObservationRegistry.class, () -> this.registry)
		.withPropertyValues("unisights.delivery.retry.max-attempts=3", "unisights.delivery.retry.initial-backoff=1ms",
				"unisights.delivery.retry.max-backoff=2ms");

	@Test
	void observesADeliveryAndEachHandlerCallWithinIt() {
		Store store = new Store();
		Flaky flaky = new Flaky(1);
		this.contextRunner.withBean("store", EventHandler.class, () -> store)
			.withBean("flaky", EventHandler.class, () -> flaky)
			.run((context) -> {
				assertThat(context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("observed-1", 1)))
					.isEqualTo(DispatchResult.DELIVERED);

				assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("unisights.delivery", 1)
					.hasObservationWithNameEqualTo("unisights.delivery")
					.that()
					.hasContextualNameEqualTo("deliver beacon")
					.hasLowCardinalityKeyValue("channel", "beacon")
					.hasLowCardinalityKeyValue("outcome", "delivered")
					.doesNotHaveError()
					.hasBeenStarted()
					.hasBeenStopped();
				// "store" completed in the first attempt and is not called again; "flaky"
				// failed once and succeeded on the retry.
				assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("unisights.handler", 3);
				List<HandlerObservationContext> calls = handlerCalls();
				assertThat(calls).extracting((call) -> call.getHandler().getClass().getSimpleName() + "#"
						+ call.getAttempt() + ":" + outcome(call))
					.containsExactly("Store#1:success", "Flaky#1:failure", "Flaky#2:success");
				assertThat(calls).allSatisfy((call) -> {
					assertThat(call.getParentObservation()).isNotNull();
					assertThat(call.getParentObservation().getContextView())
						.isInstanceOf(DeliveryObservationContext.class);
					assertThat(call.getLowCardinalityKeyValue("channel").getValue()).isEqualTo("beacon");
					assertThat(call.getLowCardinalityKeyValue("handler").getValue())
						.isEqualTo(call.getHandler().getClass().getName());
				});
				assertThat(calls.get(1).getError()).isInstanceOf(IllegalStateException.class);
				assertOnlyLowCardinalityKeys();
			});
	}

	@Test
	void aDeliveryWhoseAttemptsRunOutIsObservedAsFailedWithTheLastError() {
		Flaky doomed = new Flaky(Integer.MAX_VALUE);
		this.contextRunner.withBean(EventHandler.class, () -> doomed).run((context) -> {
			assertThatExceptionOfType(HandlerFailedException.class)
				.isThrownBy(() -> context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("doomed-1", 2)));

			assertThat(this.registry).hasObservationWithNameEqualTo("unisights.delivery")
				.that()
				.hasLowCardinalityKeyValue("outcome", "failed")
				.hasError()
				.hasBeenStopped();
			assertThat(deliveries()).singleElement().satisfies((delivery) -> {
				assertThat(delivery.getAttempts()).isEqualTo(3);
				assertThat(delivery.getError()).hasMessageContaining("attempt 3");
			});
			assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("unisights.handler", 3)
				.forAllObservationsWithNameEqualTo("unisights.handler",
						(call) -> call.hasLowCardinalityKeyValue("outcome", "failure").hasError());
			assertOnlyLowCardinalityKeys();
		});
	}

	@Test
	void observesAsynchronousDeliveriesOnTheWorkers() {
		Store store = new Store();
		this.contextRunner.withBean(EventHandler.class, () -> store)
			.withPropertyValues("unisights.delivery.mode=async",
					"unisights.delivery.dead-letter.path=" + this.temp.resolve("letters.jsonl"))
			.run((context) -> {
				AsynchronousEventDispatcher dispatcher = context.getBean(AsynchronousEventDispatcher.class);
				for (int i = 0; i < 3; i++) {
					assertThat(dispatcher.dispatch(Beacons.delivery("async-" + i, 10 + i)))
						.isEqualTo(DispatchResult.QUEUED);
				}
				// Stopping drains the queue: every observation has ended when it returns.
				dispatcher.stop();
				assertThat(store.count()).isEqualTo(3);
				assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("unisights.delivery", 3)
					.forAllObservationsWithNameEqualTo("unisights.delivery",
							(delivery) -> delivery.hasLowCardinalityKeyValue("outcome", "delivered"))
					.hasNumberOfObservationsWithNameEqualTo("unisights.handler", 3);
				assertOnlyLowCardinalityKeys();
			});
	}

	@Test
	void usesTheHostsConventionWhenItDeclaresOne() {
		DeliveryObservationConvention custom = new DeliveryObservationConvention() {

			@Override
			public String getName() {
				return "shop.analytics.delivery";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(DeliveryObservationContext context) {
				return KeyValues.of(KeyValue.of("shop.channel", context.getDelivery().channel().wireName()));
			}

		};
		this.contextRunner.withBean(EventHandler.class, Store::new)
			.withBean(DeliveryObservationConvention.class, () -> custom)
			.run((context) -> {
				context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("custom-1", 3));
				assertThat(this.registry).hasObservationWithNameEqualTo("shop.analytics.delivery")
					.that()
					.hasLowCardinalityKeyValue("shop.channel", "beacon");
				assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("unisights.delivery", 0)
					.hasNumberOfObservationsWithNameEqualTo("unisights.handler", 1);
			});
	}

	@Test
	void deliversWithoutAnObservationRegistry() {
		Store store = new Store();
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
					DeadLetterAutoConfiguration.class))
			.withBean(EventHandler.class, () -> store)
			.run((context) -> {
				assertThat(context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("plain-1", 4)))
					.isEqualTo(DispatchResult.DELIVERED);
				assertThat(store.count()).isEqualTo(1);
			});
	}

	@Test
	void areTheOnlyTimersBesideTheDeliveryCountersWhenBootsMetricsAreOn() {
		this.meteredRunner
			.withBean(EventHandler.class, Store::new)
			.run((context) -> {
				context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("metered-1", 5));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("unisights.delivery")
					.tags("channel", "beacon", "outcome", "delivered", "error", "none")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("unisights.handler")
					.tags("channel", "beacon", "outcome", "success", "handler", Store.class.getName())
					.timer()
					.count()).isEqualTo(1);
				// The counters are still there; the handler call is timed once, by its observation.
				assertThat(meters.get("unisights.delivery.delivered").tag("channel", "beacon").functionCounter().count())
					.isEqualTo(1);
				assertThat(meters.find("unisights.delivery.handler").meters()).isEmpty();
			});
	}

	@Test
	void tagsTheTimersOfEachChannelAndHandlerWithTheirOwnValues() {
		this.meteredRunner
			.withPropertyValues("unisights.delivery.retry.initial-backoff=1ms", "unisights.delivery.retry.max-backoff=2ms")
			.withBean("store", EventHandler.class, Store::new)
			.withBean("flaky", EventHandler.class, () -> new Flaky(1))
			.run((context) -> {
				EventDispatcher dispatcher = context.getBean(EventDispatcher.class);
				dispatcher.dispatch(Beacons.delivery("tagged-1", 7));
				dispatcher.dispatch(IngestDelivery.of(
						CanonicalEvent.builder("order.created").id("evt-tagged-1").source("shop").build(),
						new RequestContext("127.0.0.1", "test/1.0", null, Instant.parse("2025-01-01T00:00:00Z"))));
				dispatcher.dispatch(Beacons.delivery("tagged-2", 8));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				for (String channel : List.of("beacon", "ingest")) {
					assertThat(meters.get("unisights.delivery")
						.tags("channel", channel, "outcome", "delivered", "error", "none")
						.timer()
						.count()).isEqualTo(channel.equals("beacon") ? 2 : 1);
					assertThat(meters.get("unisights.delivery.active")
						.tags("channel", channel, "outcome", "unknown")
						.longTaskTimer()
						.activeTasks()).isZero();
					for (Class<?> handler : List.of(Store.class, Flaky.class)) {
						assertThat(meters.get("unisights.handler")
							.tags("channel", channel, "handler", handler.getName(), "outcome", "success", "error",
									"none")
							.timer()
							.count()).isEqualTo(channel.equals("beacon") ? 2 : 1);
					}
				}
				// Flaky's first call, on the first beacon, failed and was retried.
				assertThat(meters.get("unisights.handler")
					.tags("channel", "beacon", "handler", Flaky.class.getName(), "outcome", "failure", "error",
							"IllegalStateException")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.find("unisights.handler").tags("channel", "ingest", "outcome", "failure").timer())
					.isNull();
			});
	}

	@Test
	void carryTheKeyValuesBootsPropertiesAddToEveryObservation() {
		this.meteredRunner
			.withBean(EventHandler.class, Store::new)
			.withPropertyValues("management.observations.key-values.region=eu")
			.run((context) -> {
				context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("region-1", 9));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("unisights.delivery")
					.tags("channel", "beacon", "outcome", "delivered", "region", "eu", "error", "none")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("unisights.handler")
					.tags("channel", "beacon", "handler", Store.class.getName(), "outcome", "success", "region", "eu")
					.timer()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void keepTheirTimersWithoutLongTaskTimersWhenBootIgnoresThose() {
		this.meteredRunner
			.withBean(EventHandler.class, Store::new)
			.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("short-1", 10));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("unisights.delivery").tags("channel", "beacon").timer().count()).isEqualTo(1);
				assertThat(meters.get("unisights.handler").tags("channel", "beacon").timer().count()).isEqualTo(1);
				assertThat(meters.find("unisights.delivery.active").longTaskTimer()).isNull();
				assertThat(meters.find("unisights.handler.active").longTaskTimer()).isNull();
			});
	}

	@Test
	void areSwitchedOffByBootsObservationPropertyWhileTheCountersStay() {
		this.meteredRunner
			.withBean(EventHandler.class, Store::new)
			.withPropertyValues("management.observations.enable.unisights=false")
			.run((context) -> {
				context.getBean(EventDispatcher.class).dispatch(Beacons.delivery("unobserved-1", 6));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("unisights.delivery").timer()).isNull();
				assertThat(meters.find("unisights.handler").timer()).isNull();
				assertThat(meters.get("unisights.delivery.delivered").tag("channel", "beacon").functionCounter().count())
					.isEqualTo(1);
			});
	}

	private void assertOnlyLowCardinalityKeys() {
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).isNotEmpty();
			for (Observation.Context context : contexts) {
				assertThat(context.getHighCardinalityKeyValues()).isEmpty();
				for (KeyValue key : context.getLowCardinalityKeyValues()) {
					assertThat(key.getKey()).isIn(ALLOWED_KEYS);
					// No delivery id or session id ever becomes a tag.
					assertThat(key.getValue()).doesNotContain("observed-1")
						.doesNotContain("doomed-1")
						.doesNotContain("async-")
						.doesNotContain("550e8400");
				}
			}
		});
	}

	private List<HandlerObservationContext> handlerCalls() {
		return contexts(HandlerObservationContext.class);
	}

	private List<DeliveryObservationContext> deliveries() {
		return contexts(DeliveryObservationContext.class);
	}

	private <C> List<C> contexts(Class<C> type) {
		List<C> found = new ArrayList<>();
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> contexts.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.forEach(found::add));
		return found;
	}

	private static String outcome(HandlerObservationContext call) {
		return call.getLowCardinalityKeyValue("outcome").getValue();
	}

	/** Always succeeds. */
	static final class Store implements EventHandler {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public void handle(Delivery delivery) {
			this.count.incrementAndGet();
		}

		int count() {
			return this.count.get();
		}

	}

	/** Fails the first attempts of every item. */
	static final class Flaky implements EventHandler {

		private final int failures;

		private final AtomicInteger calls = new AtomicInteger();

		Flaky(int failures) {
			this.failures = failures;
		}

		@Override
		public void handle(Delivery delivery) {
			int call = this.calls.incrementAndGet();
			if (call <= this.failures) {
				throw new IllegalStateException("attempt " + call + " failed");
			}
		}

	}

}
