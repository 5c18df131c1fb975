package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Drives a scripted scenario through the auto-configured asynchronous dispatcher and
 * checks every delivery meter moved by exactly what happened.
 */
class DeliveryMetricsTests {

	private static final String PREFIX = "unisights.delivery.";

	private static final String SESSION_ID = "550e8400-e29b-41d4-a716-446655440000";

	private static final List<String> IDS = List.of("blocker", "twin", "ok-1", "ok-2", "flaky", "doomed", "ok-3",
			"overflow");

	@TempDir
	Path temp;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				ObservationAutoConfiguration.class, UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class, DeliveryMetricsAutoConfiguration.class));

	@Test
	void countsEveryStepOfAScriptedScenarioExactly() {
		ScriptedHandler handler = new ScriptedHandler().failFirst("flaky", 2).failAlways("doomed").block("blocker");
		this.contextRunner.withBean(EventHandler.class, () -> handler)
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.queue-capacity=5",
					"unisights.delivery.workers=1", "unisights.delivery.retry.max-attempts=3",
					"unisights.delivery.retry.initial-backoff=1ms", "unisights.delivery.retry.max-backoff=2ms",
					"unisights.delivery.shutdown-timeout=60s",
					"unisights.delivery.dead-letter.path=" + this.temp.resolve("letters.jsonl"))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				AsynchronousEventDispatcher dispatcher = context.getBean(AsynchronousEventDispatcher.class);
				assertThat(gauge(registry, "queue.capacity")).isEqualTo(5);
				assertThat(gauge(registry, "queue.size")).isZero();

				dispatcher.dispatch(Beacons.delivery("blocker", 0));
				handler.awaitBlocked();
				// Same session and content as "blocker": acknowledged, not delivered.
				assertThat(dispatcher.dispatch(Beacons.delivery("twin", 0))).isEqualTo(DispatchResult.DUPLICATE);
				List<String> queued = List.of("ok-1", "ok-2", "flaky", "doomed", "ok-3");
				for (int i = 0; i < queued.size(); i++) {
					assertThat(dispatcher.dispatch(Beacons.delivery(queued.get(i), i + 1)))
						.isEqualTo(DispatchResult.QUEUED);
				}
				assertThat(gauge(registry, "queue.size")).isEqualTo(5);
				assertThatExceptionOfType(QueueFullException.class)
					.isThrownBy(() -> dispatcher.dispatch(Beacons.delivery("overflow", 99)));

				handler.release();
				// Stopping drains the queue: every accepted item is settled when it returns.
				dispatcher.stop();

				assertThat(gauge(registry, "queue.size")).isZero();
				assertThat(handler.delivered()).containsExactlyInAnyOrder("blocker", "ok-1", "ok-2", "flaky", "ok-3");
				assertThat(count(registry, "received")).isEqualTo(8);
				assertThat(count(registry, "accepted")).isEqualTo(6);
				assertThat(count(registry, "rejected", "reason", DeliveryMetrics.Reason.QUEUE_FULL.tag())).isEqualTo(1);
				assertThat(count(registry, "rejected", "reason", DeliveryMetrics.Reason.DUPLICATE.tag())).isEqualTo(1);
				assertThat(total(registry, "rejected")).isEqualTo(2);
				assertThat(count(registry, "delivered")).isEqualTo(5);
				// "flaky" failed twice, "doomed" three times: two retries each.
				assertThat(count(registry, "retried")).isEqualTo(4);
				assertThat(count(registry, "dead.lettered", "reason", DeliveryMetrics.Reason.HANDLER_FAILED.tag()))
					.isEqualTo(1);
				assertThat(total(registry, "dead.lettered")).isEqualTo(1);
				assertThat(total(registry, "dead.letter.failures")).isZero();
				assertThat(context.getBean(JsonlDeadLetterFile.class).read()).singleElement()
					.satisfies((letter) -> assertThat(letter.id()).isEqualTo("doomed"));
				Timer succeeded = timer(registry, "success");
				Timer failed = timer(registry, "failure");
				assertThat(succeeded.count()).isEqualTo(5);
				assertThat(failed.count()).isEqualTo(5);
				assertThat(succeeded.count() + failed.count()).isEqualTo(handler.calls());

				assertLowCardinalityTags(registry);
			});
	}

	@Test
	void countsAHandlerFailureInSyncModeAsRejected() {
		ScriptedHandler handler = new ScriptedHandler().failAlways("doomed");
		this.contextRunner.withBean(EventHandler.class, () -> handler)
			.withPropertyValues("unisights.delivery.retry.max-attempts=2",
					"unisights.delivery.retry.initial-backoff=1ms", "unisights.delivery.retry.max-backoff=2ms")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				EventDispatcher dispatcher = context.getBean(EventDispatcher.class);

				assertThat(dispatcher.dispatch(Beacons.delivery("ok", 1))).isEqualTo(DispatchResult.DELIVERED);
				assertThatExceptionOfType(HandlerFailedException.class)
					.isThrownBy(() -> dispatcher.dispatch(Beacons.delivery("doomed", 2)));

				assertThat(count(registry, "received")).isEqualTo(2);
				assertThat(count(registry, "accepted")).isEqualTo(1);
				assertThat(count(registry, "delivered")).isEqualTo(1);
				assertThat(count(registry, "retried")).isEqualTo(1);
				assertThat(count(registry, "rejected", "reason", DeliveryMetrics.Reason.HANDLER_FAILED.tag())).isEqualTo(1);
				assertThat(total(registry, "dead.lettered")).isZero();
				assertThat(timer(registry, "success").count()).isEqualTo(1);
				assertThat(timer(registry, "failure").count()).isEqualTo(2);
				// Sync mode has no queue to report.
				assertThat(registry.find(PREFIX + "queue.size").gauge()).isNull();
				assertLowCardinalityTags(registry);
			});
	}

	@Test
	void countsOnceForTheMetersAndTheHealthIndicatorAlike() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DeliveryHealthAutoConfiguration.class))
			.withBean(EventHandler.class, ScriptedHandler::new)
			.run((context) -> {
				EventDispatcher dispatcher = context.getBean(EventDispatcher.class);
				dispatcher.dispatch(Beacons.delivery("ok-1", 1));
				dispatcher.dispatch(Beacons.delivery("ok-2", 2));

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(count(registry, "delivered")).isEqualTo(2);
				assertThat(context.getBean(DeliveryMetrics.class).total(DeliveryMetrics.Counter.DELIVERED)).isEqualTo(2);
				assertThat(context.getBean(DeliveryHealthIndicator.class).health().getDetails())
					.containsEntry("delivered", 2L);
				// Each handler call is timed once: by its observation, never by a timer of its own.
				assertThat(timer(registry, "success").count()).isEqualTo(2);
				assertThat(registry.find(PREFIX + "handler").meters()).isEmpty();
			});
	}

	private static void assertLowCardinalityTags(MeterRegistry registry) {
		List<Meter> meters = registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith(PREFIX))
			.toList();
		assertThat(meters).isNotEmpty();
		Set<String> channels = Set.of(Channel.BEACON.wireName(), Channel.OPEN.wireName(), Channel.CLICK.wireName(),
				Channel.INGEST.wireName());
		for (Meter meter : meters) {
			for (Tag tag : meter.getId().getTags()) {
				assertThat(tag.getKey()).as(meter.getId().toString()).isIn("channel", "outcome", "reason");
				assertThat(tag.getValue()).as(meter.getId().toString())
					.doesNotContain(SESSION_ID)
					.satisfies((value) -> assertThat(IDS).noneMatch(value::contains));
				if (tag.getKey().equals("channel")) {
					assertThat(tag.getValue()).isIn(channels);
				}
			}
		}
	}

	private static double count(MeterRegistry registry, String name, String... tags) {
		return registry.get(PREFIX + name).tag("channel", "beacon").tags(tags).functionCounter().count();
	}

	private static double total(MeterRegistry registry, String name) {
		return registry.find(PREFIX + name).functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(PREFIX + name).gauge().value();
	}

	private static Timer timer(MeterRegistry registry, String outcome) {
		// Handler calls are timed once, by their observation.
		return registry.get("unisights.handler").tag("channel", "beacon").tag("outcome", outcome).timer();
	}

	/**
	 * Fails chosen items a set number of times, or always, and holds one item until
	 * released.
	 */
	static final class ScriptedHandler implements EventHandler {

		private final Map<String, Integer> failures = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		private final Set<String> delivered = ConcurrentHashMap.newKeySet();

		private final AtomicInteger calls = new AtomicInteger();

		private final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private volatile String blocking = "";

		ScriptedHandler failFirst(String id, int times) {
			this.failures.put(id, times);
			return this;
		}

		ScriptedHandler failAlways(String id) {
			return failFirst(id, Integer.MAX_VALUE);
		}

		ScriptedHandler block(String id) {
			this.blocking = id;
			return this;
		}

		@Override
		public void handle(Delivery delivery) throws Exception {
			this.calls.incrementAndGet();
			if (delivery.id().equals(this.blocking)) {
				this.blocked.countDown();
				if (!this.released.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("Never released");
				}
			}
			int attempt = this.attempts.computeIfAbsent(delivery.id(), (id) -> new AtomicInteger()).incrementAndGet();
			if (attempt <= this.failures.getOrDefault(delivery.id(), 0)) {
				throw new IllegalStateException("attempt " + attempt + " of " + delivery.id() + " failed");
			}
			this.delivered.add(delivery.id());
		}

		void awaitBlocked() throws InterruptedException {
			if (!this.blocked.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The blocking item never reached the handler");
			}
		}

		void release() {
			this.released.countDown();
		}

		Set<String> delivered() {
			return this.delivered;
		}

		int calls() {
			return this.calls.get();
		}

	}

}
