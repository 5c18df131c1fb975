package io.unisights.spring.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import io.unisights.spring.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateFilterTests {

	private final MutableClock clock = new MutableClock();

	private final DuplicateFilter filter = new DuplicateFilter(Duration.ofMinutes(5), 3, this.clock);

	@Test
	void keysTheSameSessionAndContentAlikeWhateverTheDeliveryId() {
		assertThat(this.filter.keyOf(Beacons.delivery("a", 1))).isEqualTo(this.filter.keyOf(Beacons.delivery("b", 1)))
			.isNotEqualTo(this.filter.keyOf(Beacons.delivery("a", 2)));
	}

	@Test
	void refusesAKeySeenWithinTheWindow() {
		DuplicateFilter.Key key = this.filter.keyOf(Beacons.delivery("a", 1));

		assertThat(this.filter.claim(key)).isTrue();
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.filter.claim(key)).isFalse();
	}

	@Test
	void acceptsAKeyAgainOnceTheWindowHasPassed() {
		DuplicateFilter.Key key = this.filter.keyOf(Beacons.delivery("a", 1));
		this.filter.claim(key);

		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.filter.claim(key)).isTrue();
	}

	@Test
	void forgetsTheOldestKeysBeyondItsCapacity() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.filter.claim(this.filter.keyOf(Beacons.delivery("x", i)))).isTrue();
		}

		assertThat(this.filter.size()).isEqualTo(3);
		assertThat(this.filter.claim(this.filter.keyOf(Beacons.delivery("x", 9)))).isFalse();
		assertThat(this.filter.claim(this.filter.keyOf(Beacons.delivery("x", 0)))).isTrue();
	}

	@Test
	void acceptsAKeyAgainOnceReleased() {
		DuplicateFilter.Key key = this.filter.keyOf(Beacons.delivery("a", 1));
		this.filter.claim(key);

		this.filter.release(key);

		assertThat(this.filter.claim(key)).isTrue();
	}

}
