package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.Channel;
import io.unisights.spring.EventHandler;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryMetrics.Counter;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryHealthIndicatorTests {

	private static final DeliveryProperties.Health THRESHOLDS = new DeliveryProperties.Health(0.9,
			Duration.ofMinutes(5));

	@TempDir
	Path temp;

	private final MutableClock clock = new MutableClock();

	private final DeliveryMetrics metrics = new DeliveryMetrics(this.clock);

	private final FaultyHandler handler = new FaultyHandler();

	private AsynchronousEventDispatcher dispatcher;

	@AfterEach
	void stop() {
		this.handler.release();
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
	}

	@Test
	void isUpWhileNothingWasDeadLettered() {
		Health health = indicator(null).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("mode", "sync")
			.containsEntry("deadLettered", 0L)
			.doesNotContainKey("lastDeadLetteredAt");
	}

	@Test
	void staysUpWhenAnItemIsDeadLetteredAndReportsItForTheWindow() {
		DeliveryHealthIndicator indicator = indicator(null);
		this.clock.advance(Duration.ofHours(1));
		this.metrics.deadLettered(Channel.BEACON, DeliveryMetrics.Reason.HANDLER_FAILED);

		Health justAfter = indicator.health();
		assertThat(justAfter.getStatus()).isEqualTo(Status.UP);
		assertThat(justAfter.getDetails()).containsEntry("deadLettered", 1L)
			.containsEntry("lastDeadLetteredAt", "2025-01-01T01:00:00Z")
			.containsEntry("deadLetteredRecently", true)
			.doesNotContainKey("reason");

		this.clock.advance(THRESHOLDS.deadLetterWindow().minusNanos(1));
		assertThat(indicator.health().getDetails()).containsEntry("deadLetteredRecently", true);

		this.clock.advance(Duration.ofNanos(1));
		Health afterWindow = indicator.health();
		assertThat(afterWindow.getStatus()).isEqualTo(Status.UP);
		assertThat(afterWindow.getDetails()).containsEntry("deadLettered", 1L)
			.containsEntry("lastDeadLetteredAt", "2025-01-01T01:00:00Z")
			.containsEntry("deadLetteredRecently", false);
	}

	@Test
	void aNewDeadLetterRestartsTheWindow() {
		DeliveryHealthIndicator indicator = indicator(null);
		this.metrics.deadLettered(Channel.BEACON, DeliveryMetrics.Reason.HANDLER_FAILED);
		this.clock.advance(Duration.ofMinutes(4));
		this.metrics.deadLettered(Channel.BEACON, DeliveryMetrics.Reason.SHUTTING_DOWN);

		this.clock.advance(Duration.ofMinutes(4));

		assertThat(indicator.health().getDetails()).containsEntry("deadLetteredRecently", true);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(indicator.health().getDetails()).containsEntry("deadLetteredRecently", false);
	}

	@Test
	void staysUpWhenTheSinkFailedAndCountsTheFailures() {
		DeliveryHealthIndicator indicator = indicator(null);
		this.metrics.count(Counter.DEAD_LETTER_FAILURES, Channel.BEACON);
		this.metrics.count(Counter.DEAD_LETTER_FAILURES, Channel.INGEST);

		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("deadLetterFailures", 2L);
	}

	@Test
	void namesTheDeadLetterFileWithoutItsFolder() {
		Path file = this.temp.resolve("letters.jsonl");
		DeliveryHealthIndicator indicator = new DeliveryHealthIndicator(this.metrics, null,
				new JsonlDeadLetterFile(file), THRESHOLDS, this.clock);

		Health health = indicator.health();

		assertThat(health.getDetails()).containsEntry("deadLetterFile", "letters.jsonl")
			.containsEntry("deadLetterFileBytes", 0L);
		assertThat(health.getDetails().values()).noneMatch((value) -> value.toString().contains(this.temp.toString()));
	}

	@Test
	void isOutOfServiceFromTheQueueThresholdOn() throws Exception {
		this.handler.block();
		this.dispatcher = new AsynchronousEventDispatcher(
				new HandlerChain(List.of(this.handler), this.metrics, this.clock),
				new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
				new JsonlDeadLetterFile(this.temp.resolve("letters.jsonl")), this.metrics, null,
				new MemoryDeliveryStore(10, DataSize.ofMegabytes(1), Duration.ofSeconds(1)),
				new DeliveryCodec(List.of(new BeaconDeliveryRestorer())), 1, WorkerThreads.factory(true),
				Duration.ofSeconds(30), Duration.ofSeconds(1));
		this.dispatcher.start();
		DeliveryHealthIndicator indicator = indicator(this.dispatcher);
		this.dispatcher.dispatch(Beacons.delivery("busy", 0));
		this.handler.awaitEntered();
		for (int i = 1; i <= 8; i++) {
			this.dispatcher.dispatch(Beacons.delivery("item-" + i, i));
		}

		Health belowThreshold = indicator.health();
		assertThat(belowThreshold.getStatus()).isEqualTo(Status.UP);
		assertThat(belowThreshold.getDetails()).containsEntry("mode", "async")
			.containsEntry("queueSize", 8)
			.containsEntry("queueCapacity", 10);

		this.dispatcher.dispatch(Beacons.delivery("item-9", 9));
		Health atThreshold = indicator.health();
		assertThat(atThreshold.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(atThreshold.getDetails()).containsEntry("queueSize", 9)
			.containsEntry("reason", "queue nearly full");

		this.handler.release();
		this.dispatcher.stop();
		assertThat(this.metrics.total(Counter.DELIVERED)).isEqualTo(10);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void isDownWhileTheStoreCannotKeepItemsEvenWithTheQueueNearlyFull() throws Exception {
		SwitchableStore store = new SwitchableStore(new MemoryDeliveryStore(1, DataSize.ofMegabytes(1),
				Duration.ofSeconds(1)));
		this.handler.block();
		this.dispatcher = new AsynchronousEventDispatcher(
				new HandlerChain(List.of(this.handler), this.metrics, this.clock),
				new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
				new JsonlDeadLetterFile(this.temp.resolve("letters.jsonl")), this.metrics, null, store,
				new DeliveryCodec(List.of(new BeaconDeliveryRestorer())), 1, WorkerThreads.factory(true),
				Duration.ofSeconds(30), Duration.ofSeconds(1));
		this.dispatcher.start();
		DeliveryHealthIndicator indicator = indicator(this.dispatcher);
		this.dispatcher.dispatch(Beacons.delivery("busy", 0));
		this.handler.awaitEntered();
		this.dispatcher.dispatch(Beacons.delivery("queued", 1));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

		store.availability = DeliveryStore.Availability.unavailable("commit failed with SQLException 0.2 s ago");
		Health down = indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("reason", "store unavailable")
			.containsEntry("storeProblem", "commit failed with SQLException 0.2 s ago")
			.containsEntry("queueSize", 1);

		store.availability = DeliveryStore.Availability.AVAILABLE;
		assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		this.handler.release();
	}

	/** A store whose availability the test sets; the jdbc store's own is tested on PostgreSQL. */
	private static final class SwitchableStore implements DeliveryStore {

		private final DeliveryStore delegate;

		private volatile Availability availability = Availability.AVAILABLE;

		private SwitchableStore(DeliveryStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean add(StoredDelivery item, DuplicateFilter.Claim claim) {
			return this.delegate.add(item, claim);
		}

		@Override
		public StoredDelivery take(long timeoutMillis) throws InterruptedException {
			return this.delegate.take(timeoutMillis);
		}

		@Override
		public void remove(StoredDelivery item) {
			this.delegate.remove(item);
		}

		@Override
		public boolean durable() {
			return this.delegate.durable();
		}

		@Override
		public List<StoredDelivery> close() {
			return this.delegate.close();
		}

		@Override
		public int size() {
			return this.delegate.size();
		}

		@Override
		public int capacity() {
			return this.delegate.capacity();
		}

		@Override
		public Availability availability() {
			return this.availability;
		}

	}

	@Test
	void autoConfiguredIndicatorUsesTheContextsClockAndConfiguredWindow() {
		EventHandler failing = new EventHandler() {

			@Override
			public void handle(io.unisights.spring.Delivery delivery) {
				throw new IllegalStateException("store down");
			}

		};
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
							DeadLetterAutoConfiguration.class, DeliveryHealthAutoConfiguration.class))
			.withBean(MutableClock.class, () -> this.clock)
			.withBean(EventHandler.class, () -> failing)
			.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.retry.max-attempts=1",
					"unisights.delivery.health.dead-letter-window=1m",
					"unisights.delivery.dead-letter.path=" + this.temp.resolve("letters.jsonl"))
			.run((context) -> {
				DeliveryHealthIndicator indicator = context.getBean(DeliveryHealthIndicator.class);
				AsynchronousEventDispatcher dispatcher = context.getBean(AsynchronousEventDispatcher.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

				dispatcher.dispatch(Beacons.delivery("failing", 1));
				// Stopping drains the queue, so the item is dead-lettered when it returns.
				dispatcher.stop();

				assertThat(context.getBean(JsonlDeadLetterFile.class).count()).isOne();
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("lastDeadLetteredAt", "2025-01-01T00:00:00Z")
					.containsEntry("deadLetteredRecently", true)
					.containsEntry("deadLetterFile", "letters.jsonl");
				this.clock.advance(Duration.ofSeconds(59));
				assertThat(indicator.health().getDetails()).containsEntry("deadLetteredRecently", true);
				this.clock.advance(Duration.ofSeconds(1));
				assertThat(indicator.health().getDetails()).containsEntry("deadLetteredRecently", false);
			});
	}

	private DeliveryHealthIndicator indicator(AsynchronousEventDispatcher dispatcher) {
		return new DeliveryHealthIndicator(this.metrics, dispatcher, null, THRESHOLDS, this.clock);
	}

}
