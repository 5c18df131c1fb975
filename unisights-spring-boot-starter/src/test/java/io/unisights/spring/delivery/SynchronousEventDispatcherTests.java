package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.delivery.DeliveryMetrics.Counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SynchronousEventDispatcherTests {

	private final BeaconDelivery delivery = Beacons.delivery("id-1", 1);

	private final DeliveryMetrics metrics = new DeliveryMetrics(Clock.systemUTC());

	@Test
	void runsEveryHandlerInOrder() {
		List<String> calls = new ArrayList<>();
		EventDispatcher dispatcher = dispatcher(1, recording(calls, "first"), recording(calls, "second"));

		assertThat(dispatcher.dispatch(this.delivery)).isEqualTo(DispatchResult.DELIVERED);
		assertThat(calls).containsExactly("first:id-1", "second:id-1");
		assertThat(this.metrics.total(Counter.DELIVERED)).isEqualTo(1);
	}

	@Test
	void retriesAHandlerThatFailsThenSucceedsWithoutRerunningCompletedOnes() {
		List<String> calls = new ArrayList<>();
		FaultyHandler flaky = new FaultyHandler().failFirst(2);
		EventDispatcher dispatcher = dispatcher(3, recording(calls, "first"), flaky);

		assertThat(dispatcher.dispatch(this.delivery)).isEqualTo(DispatchResult.DELIVERED);
		assertThat(flaky.attempts("id-1")).isEqualTo(3);
		assertThat(flaky.delivered()).containsExactly("id-1");
		assertThat(calls).containsExactly("first:id-1");
		assertThat(this.metrics.total(Counter.RETRIED)).isEqualTo(2);
	}

	@Test
	void failsTheRequestOnceTheAttemptsAreSpentSoTheSenderRetries() {
		List<String> calls = new ArrayList<>();
		FaultyHandler failing = new FaultyHandler().failAlways(true);
		EventDispatcher dispatcher = dispatcher(2, failing, recording(calls, "second"));

		assertThatExceptionOfType(HandlerFailedException.class).isThrownBy(() -> dispatcher.dispatch(this.delivery))
			.satisfies((ex) -> {
				assertThat(ex.getDeliveryId()).isEqualTo("id-1");
				assertThat(ex.getMessage()).contains(FaultyHandler.class.getName());
				assertThat(ex.getCause()).hasMessage("store down for id-1");
			});
		assertThat(failing.attempts("id-1")).isEqualTo(2);
		assertThat(calls).isEmpty();
		assertThat(this.metrics.rejected()).isEqualTo(1);
		assertThat(this.metrics.total(Counter.ACCEPTED)).isZero();
	}

	@Test
	void stopsRetryingAtAPermanentFailure() {
		AtomicInteger attempts = new AtomicInteger();
		EventHandler refusing = new EventHandler() {

			@Override
			public void handle(Delivery delivery) {
				attempts.incrementAndGet();
				throw DeliveryException.permanent("receiver refused " + delivery.id(), null);
			}

		};
		EventDispatcher dispatcher = dispatcher(5, refusing);

		assertThatExceptionOfType(HandlerFailedException.class).isThrownBy(() -> dispatcher.dispatch(this.delivery));
		assertThat(attempts).hasValue(1);
		assertThat(this.metrics.total(Counter.RETRIED)).isZero();
	}

	@Test
	void waitsAtLeastAsLongAsARetryableFailureAsks() {
		DeliveryException hinted = DeliveryException.retryable("busy", Duration.ofSeconds(2), null);
		assertThat(DeliveryException.waitNanos(hinted, 1_000)).isEqualTo(Duration.ofSeconds(2).toNanos());
		assertThat(DeliveryException.waitNanos(hinted, Duration.ofSeconds(3).toNanos()))
			.isEqualTo(Duration.ofSeconds(3).toNanos());
		DeliveryException greedy = DeliveryException.retryable("busy", Duration.ofDays(1), null);
		assertThat(DeliveryException.waitNanos(greedy, 0)).isEqualTo(DeliveryException.MAX_RETRY_AFTER.toNanos());
		assertThat(DeliveryException.waitNanos(new IllegalStateException(), 42)).isEqualTo(42);
	}

	@Test
	void capsAHintTooLongToCountInNanoseconds() {
		// What a receiver's Retry-After of 9223372036854775807 seconds becomes.
		DeliveryException centuries = DeliveryException.retryable("busy", Duration.ofSeconds(Long.MAX_VALUE), null);
		assertThat(DeliveryException.waitNanos(centuries, 0)).isEqualTo(DeliveryException.MAX_RETRY_AFTER.toNanos());
	}

	@Test
	void acknowledgesADuplicateWithoutDeliveringItAgain() {
		FaultyHandler handler = new FaultyHandler();
		DuplicateFilter duplicates = new DuplicateFilter(KeyWindow.inMemory(Duration.ofMinutes(1), 10, Clock.systemUTC()), null);
		EventDispatcher dispatcher = new SynchronousEventDispatcher(
				new HandlerChain(List.of(handler), this.metrics, Clock.systemUTC()),
				new RetryPolicy(1, Duration.ZERO, Duration.ZERO), this.metrics, duplicates);

		assertThat(dispatcher.dispatch(Beacons.delivery("a", 7))).isEqualTo(DispatchResult.DELIVERED);
		assertThat(dispatcher.dispatch(Beacons.delivery("b", 7))).isEqualTo(DispatchResult.DUPLICATE);
		assertThat(dispatcher.dispatch(Beacons.delivery("c", 8))).isEqualTo(DispatchResult.DELIVERED);
		assertThat(handler.delivered()).containsExactlyInAnyOrder("a", "c");
		assertThat(this.metrics.duplicates()).isEqualTo(1);
	}

	@Test
	void deliversTheSendersRetryOfAFailedItemRatherThanCallingItADuplicate() {
		FaultyHandler handler = new FaultyHandler().failAlways(true);
		DuplicateFilter duplicates = new DuplicateFilter(KeyWindow.inMemory(Duration.ofMinutes(1), 10, Clock.systemUTC()), null);
		EventDispatcher dispatcher = new SynchronousEventDispatcher(
				new HandlerChain(List.of(handler), this.metrics, Clock.systemUTC()),
				new RetryPolicy(1, Duration.ZERO, Duration.ZERO), this.metrics, duplicates);
		assertThatExceptionOfType(HandlerFailedException.class)
			.isThrownBy(() -> dispatcher.dispatch(Beacons.delivery("a", 7)));
		handler.failAlways(false);

		assertThat(dispatcher.dispatch(Beacons.delivery("a-again", 7))).isEqualTo(DispatchResult.DELIVERED);
		assertThat(handler.delivered()).containsExactly("a-again");
	}

	@Test
	void acknowledgesWhenNoHandlerIsRegistered() {
		assertThat(dispatcher(1).dispatch(this.delivery)).isEqualTo(DispatchResult.DELIVERED);
	}

	private EventDispatcher dispatcher(int attempts, EventHandler... handlers) {
		return new SynchronousEventDispatcher(
				new HandlerChain(List.of(handlers), this.metrics, Clock.systemUTC()),
				new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(2)), this.metrics,
				null);
	}

	private static EventHandler recording(List<String> calls, String name) {
		return new EventHandler() {

			@Override
			public void handle(Delivery delivery) {
				calls.add(name + ":" + delivery.id());
			}

		};
	}

}
