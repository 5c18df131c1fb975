package io.unisights.spring.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.unisights.spring.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedKeyWindowTests {

	private final MutableClock clock = new MutableClock();

	private final BoundedKeyWindow window = new BoundedKeyWindow(Duration.ofMinutes(5), 3, this.clock);

	@Test
	void refusesAKeySeenWithinTheWindow() {
		assertThat(this.window.claim("k")).isTrue();
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.window.claim("k")).isFalse();
		assertThat(this.window.contains("k")).isTrue();
	}

	@Test
	void acceptsAKeyAgainOnceTheWindowHasPassed() {
		this.window.claim("k");

		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.window.contains("k")).isFalse();
		assertThat(this.window.claim("k")).isTrue();
	}

	@Test
	void forgetsTheOldestKeysBeyondItsCapacity() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.window.claim("k" + i)).isTrue();
		}

		assertThat(this.window.size()).isEqualTo(3);
		assertThat(this.window.claim("k9")).isFalse();
		assertThat(this.window.claim("k0")).isTrue();
	}

	@Test
	void acceptsAKeyAgainOnceReleased() {
		this.window.claim("k");

		this.window.release("k");

		assertThat(this.window.claim("k")).isTrue();
	}

	@Test
	void remembersNothingWithAZeroWindow() {
		BoundedKeyWindow none = new BoundedKeyWindow(Duration.ZERO, 3, this.clock);

		assertThat(none.claim("k")).isTrue();
		assertThat(none.claim("k")).isTrue();
		assertThat(none.contains("k")).isFalse();
	}

}
