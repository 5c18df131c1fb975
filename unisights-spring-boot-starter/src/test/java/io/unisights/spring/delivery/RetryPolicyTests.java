package io.unisights.spring.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(2));

	@Test
	void doublesTheWaitWithJitterOfAtMostHalf() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.policy.backoffNanos(1)).isBetween(millis(50), millis(100));
			assertThat(this.policy.backoffNanos(2)).isBetween(millis(100), millis(200));
			assertThat(this.policy.backoffNanos(3)).isBetween(millis(200), millis(400));
		}
	}

	@Test
	void neverWaitsLongerThanTheMaximumEvenAfterManyAttempts() {
		for (int attempts = 6; attempts < 100; attempts++) {
			assertThat(this.policy.backoffNanos(attempts)).isBetween(millis(1000), millis(2000));
		}
	}

	@Test
	void allowsAttemptsUpToTheMaximumOnly() {
		RetryPolicy three = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

		assertThat(three.allowsAnotherAttempt(2)).isTrue();
		assertThat(three.allowsAnotherAttempt(3)).isFalse();
		assertThat(three.backoffNanos(1)).isZero();
	}

	private static long millis(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
