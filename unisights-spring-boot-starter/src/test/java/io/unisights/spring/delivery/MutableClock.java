package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it.
 */
final class MutableClock extends Clock {

	private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public ZoneOffset getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
