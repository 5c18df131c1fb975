package io.unisights.retry;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");

	@Test
	void readsDelaySeconds() {
		assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryAfter.parse(" 120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
		assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void readsAnHttpDateFromTheGivenInstant() {
		assertThat(RetryAfter.parse("Thu, 01 May 2025 10:16:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse("Thu, 1 May 2025 11:15:30 GMT", NOW)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void readsAPastDateAsNow() {
		assertThat(RetryAfter.parse("Thu, 01 May 2025 10:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
		assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void readsNoHintFromGarbage() {
		assertThat(RetryAfter.parse(null, NOW)).isNull();
		assertThat(RetryAfter.parse("", NOW)).isNull();
		assertThat(RetryAfter.parse("   ", NOW)).isNull();
		assertThat(RetryAfter.parse("soon", NOW)).isNull();
		assertThat(RetryAfter.parse("1.5", NOW)).isNull();
		assertThat(RetryAfter.parse("+5", NOW)).isNull();
		assertThat(RetryAfter.parse("5s", NOW)).isNull();
		assertThat(RetryAfter.parse("2025-05-01T10:16:00Z", NOW)).isNull();
		assertThat(RetryAfter.parse("Thu, 01 May 2025 25:00:00 GMT", NOW)).isNull();
	}

	@Test
	void readsNoHintFromANegativeNumber() {
		assertThat(RetryAfter.parse("-1", NOW)).isNull();
		assertThat(RetryAfter.parse("-0", NOW)).isNull();
	}

	@Test
	void readsMoreDigitsThanALongHoldsAsTheLongestDelay() {
		assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(RetryAfter.parse("9223372036854775807", NOW)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
	}

	@Test
	void capsAtTheGivenMaximum() {
		Duration max = Duration.ofMinutes(5);
		assertThat(RetryAfter.parse("3600", NOW, max)).isEqualTo(max);
		assertThat(RetryAfter.parse("99999999999999999999999", NOW, max)).isEqualTo(max);
		assertThat(RetryAfter.parse("Fri, 02 May 2025 10:15:30 GMT", NOW, max)).isEqualTo(max);
		assertThat(RetryAfter.parse("300", NOW, max)).isEqualTo(max);
		assertThat(RetryAfter.parse("299", NOW, max)).isEqualTo(Duration.ofSeconds(299));
		assertThat(RetryAfter.parse("soon", NOW, max)).isNull();
		assertThat(RetryAfter.parse("-1", NOW, max)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> RetryAfter.parse("1", NOW, Duration.ofSeconds(-1)))
			.withMessageContaining("max");
	}

}
