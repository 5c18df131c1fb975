package io.unisights.spring.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.spring.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DuplicateFilterTests {

	private final MutableClock clock = new MutableClock();

	private final KeyWindow beacons = KeyWindow.inMemory(Duration.ofMinutes(5), 3, this.clock);

	private final KeyWindow events = KeyWindow.inMemory(Duration.ofHours(24), 3, this.clock);

	private final DuplicateFilter filter = new DuplicateFilter(this.beacons, this.events);

	@Test
	void keysTheSameSessionAndContentAlikeWhateverTheDeliveryId() {
		assertThat(this.filter.keyOf(Beacons.delivery("a", 1))).isEqualTo(this.filter.keyOf(Beacons.delivery("b", 1)))
			.isNotEqualTo(this.filter.keyOf(Beacons.delivery("a", 2)));
		assertThat(this.filter.keyOf(Beacons.delivery("a", 1)).window()).isSameAs(this.beacons);
	}

	@Test
	void keysAServerEventByItsIdInTheIngestWindow() {
		DuplicateFilter.Claim claim = this.filter.keyOf(event("evt_1"));

		assertThat(claim.key()).isEqualTo("ingest-event:evt_1");
		assertThat(claim.window()).isSameAs(this.events);
	}

	@Test
	void suppressesNothingOfAChannelWithoutWindow() {
		DuplicateFilter none = new DuplicateFilter(null, KeyWindow.inMemory(Duration.ZERO, 3, this.clock));

		assertThat(none.keyOf(Beacons.delivery("a", 1))).isNull();
		assertThat(none.keyOf(event("evt_1"))).isNull();
	}

	@Test
	void keepsADuplicateFromTheHostsOwnDispatcher() {
		List<String> dispatched = new ArrayList<>();
		EventDispatcher guarded = DuplicateFilter.guard((delivery) -> {
			dispatched.add(delivery.id());
			return DispatchResult.DELIVERED;
		}, this.filter);

		assertThat(guarded.dispatch(event("evt_1"))).isEqualTo(DispatchResult.DELIVERED);
		assertThat(guarded.dispatch(event("evt_1"))).isEqualTo(DispatchResult.DUPLICATE);
		assertThat(guarded.dispatch(Beacons.delivery("a", 1))).isEqualTo(DispatchResult.DELIVERED);
		assertThat(guarded.dispatch(Beacons.delivery("b", 1))).isEqualTo(DispatchResult.DUPLICATE);
		assertThat(dispatched).containsExactly("evt_1", "a");
	}

	@Test
	void forgetsTheKeyOfAnItemTheHostsDispatcherRefused() {
		AtomicBoolean refuse = new AtomicBoolean(true);
		EventDispatcher guarded = DuplicateFilter.guard((delivery) -> {
			if (refuse.getAndSet(false)) {
				throw new QueueFullException("full", false, Duration.ofSeconds(1));
			}
			return DispatchResult.QUEUED;
		}, this.filter);

		assertThatExceptionOfType(QueueFullException.class).isThrownBy(() -> guarded.dispatch(event("evt_2")));
		// The sender's retry is not mistaken for a duplicate.
		assertThat(guarded.dispatch(event("evt_2"))).isEqualTo(DispatchResult.QUEUED);
	}

	@Test
	void leavesTheCollectorsOwnDispatchersAsTheyAre() {
		SynchronousEventDispatcher own = new SynchronousEventDispatcher(
				new HandlerChain(List.of(), new DeliveryMetrics(this.clock), this.clock),
				new RetryPolicy(1, Duration.ZERO, Duration.ZERO), new DeliveryMetrics(this.clock), this.filter);

		assertThat(DuplicateFilter.guard(own, this.filter)).isSameAs(own);
		EventDispatcher host = (delivery) -> DispatchResult.DELIVERED;
		assertThat(DuplicateFilter.guard(host, null)).isSameAs(host);
	}

	private static IngestDelivery event(String id) {
		CanonicalEvent event = CanonicalEvent.builder("order.created")
			.id(id)
			.occurredAt(Instant.parse("2025-01-01T00:00:00Z"))
			.source("shop")
			.build();
		return IngestDelivery.of(event, new RequestContext(null, null, null, Instant.parse("2025-01-01T00:00:01Z")));
	}

}
