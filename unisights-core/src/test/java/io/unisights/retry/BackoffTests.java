package io.unisights.retry;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import io.unisights.retry.Backoff.Jitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTests {

	private static final Duration INITIAL = Duration.ofMillis(100);

	private static final Duration MAX = Duration.ofSeconds(2);

	@Test
	void doublesTheCeilingUpToTheMaximum() {
		Backoff backoff = new Backoff(INITIAL, MAX, Jitter.FULL);
		assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(1600));
		assertThat(backoff.ceiling(6)).isEqualTo(MAX);
		assertThat(backoff.ceiling(64)).isEqualTo(MAX);
		assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(MAX);
	}

	@Test
	void fullJitterDrawsBetweenZeroAndTheCeiling() {
		Backoff backoff = new Backoff(INITIAL, MAX, Jitter.FULL);
		RandomGenerator random = new SplittableRandom(7);
		long below = 0;
		for (int i = 0; i < 2_000; i++) {
			for (int attempt = 1; attempt < 10; attempt++) {
				Duration delay = backoff.delay(attempt, random);
				assertThat(delay).isBetween(Duration.ZERO, backoff.ceiling(attempt));
				if (delay.compareTo(backoff.ceiling(attempt).dividedBy(2)) < 0) {
					below++;
				}
			}
		}
		// Full jitter reaches below half the ceiling, which equal jitter never does.
		assertThat(below).isPositive();
	}

	@Test
	void equalJitterDrawsBetweenHalfTheCeilingAndTheCeiling() {
		Backoff backoff = new Backoff(INITIAL, MAX, Jitter.EQUAL);
		RandomGenerator random = new SplittableRandom(7);
		for (int i = 0; i < 2_000; i++) {
			for (int attempt = 1; attempt < 10; attempt++) {
				Duration ceiling = backoff.ceiling(attempt);
				assertThat(backoff.delay(attempt, random)).isBetween(ceiling.dividedBy(2), ceiling);
			}
		}
	}

	@Test
	void reachesBothEndsOfTheRange() {
		// A random source at its extremes shows the bounds are inclusive.
		RandomGenerator lowest = new FixedRandom(false);
		RandomGenerator highest = new FixedRandom(true);
		Backoff full = new Backoff(INITIAL, MAX, Jitter.FULL);
		assertThat(full.delay(2, lowest)).isEqualTo(Duration.ZERO);
		assertThat(full.delay(2, highest)).isEqualTo(Duration.ofMillis(200));
		Backoff equal = new Backoff(INITIAL, MAX, Jitter.EQUAL);
		assertThat(equal.delay(2, lowest)).isEqualTo(Duration.ofMillis(200));
		assertThat(equal.delay(2, highest)).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void isDeterministicForASeededRandom() {
		Backoff backoff = new Backoff(INITIAL, MAX, Jitter.FULL);
		RandomGenerator first = new SplittableRandom(42);
		RandomGenerator second = new SplittableRandom(42);
		for (int attempt = 1; attempt < 20; attempt++) {
			assertThat(backoff.delay(attempt, first)).isEqualTo(backoff.delay(attempt, second));
		}
		assertThat(backoff.delay(3, new SplittableRandom(42))).isNotEqualTo(backoff.delay(3, new SplittableRandom(43)));
	}

	@Test
	void takesARetryAfterHintWhenItIsLonger() {
		Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), Jitter.FULL);
		assertThat(backoff.delayAtLeast(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delayAtLeast(1, Duration.ZERO)).isBetween(Duration.ZERO, Duration.ofMillis(5));
		assertThat(backoff.delayAtLeast(1, null)).isBetween(Duration.ZERO, Duration.ofMillis(5));
	}

	@Test
	void waitsNothingWithZeroBackoff() {
		Backoff none = new Backoff(Duration.ZERO, Duration.ZERO, Jitter.EQUAL);
		assertThat(none.delay(1)).isZero();
		assertThat(none.delay(30)).isZero();
		assertThat(new Backoff(Duration.ZERO, Duration.ZERO, Jitter.FULL).delay(3)).isZero();
	}

	@Test
	void staysWithinALongOfNanosecondsForHugeDurations() {
		Duration centuries = Duration.ofDays(365L * 1000);
		Backoff backoff = new Backoff(Duration.ofDays(365L * 500), centuries, Jitter.FULL);
		assertThat(backoff.ceiling(3).toNanos()).isEqualTo(Long.MAX_VALUE - 1);
		assertThat(backoff.delay(3, new FixedRandom(true)).toNanos()).isEqualTo(Long.MAX_VALUE - 1);
		Backoff equal = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE), Jitter.EQUAL);
		assertThat(equal.delay(100, new SplittableRandom(1))).isPositive();
	}

	@Test
	void refusesAnInvalidRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(-1), MAX, Jitter.FULL))
			.withMessageContaining("initial");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(2), Jitter.FULL))
			.withMessageContaining("initial <= max");
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(INITIAL, MAX, Jitter.FULL).delay(0))
			.withMessageContaining("failedAttempts");
	}

	/** Always draws the lowest or the highest value of the range asked for. */
	private record FixedRandom(boolean highest) implements RandomGenerator {

		@Override
		public long nextLong() {
			throw new UnsupportedOperationException();
		}

		@Override
		public long nextLong(long bound) {
			return this.highest ? bound - 1 : 0;
		}

	}

}
