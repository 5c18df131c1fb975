package io.unisights.ingest;

import java.time.Clock;
import java.time.Duration;

import io.unisights.ingest.WebhookVerificationException.Reason;

/**
 * The freshness check of a {@code webhook-timestamp} header: whole seconds since the epoch,
 * at most the tolerance from the receiver's clock either way, so that a captured request
 * cannot be replayed later.
 */
final class WebhookTimestamp {

	private WebhookTimestamp() {
	}

	static void check(String timestamp, Clock clock, Duration tolerance) {
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException ex) {
			throw new WebhookVerificationException(Reason.MALFORMED_TIMESTAMP,
					"The " + WebhookSignature.TIMESTAMP_HEADER + " header must be whole seconds since the epoch");
		}
		long now = clock.instant().getEpochSecond();
		long difference;
		try {
			difference = Math.abs(Math.subtractExact(now, seconds));
		}
		catch (ArithmeticException ex) {
			// A timestamp some 292 billion years away: out of any tolerance.
			difference = Long.MAX_VALUE;
		}
		if (difference < 0 || difference > tolerance.toSeconds()) {
			throw new WebhookVerificationException(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
					"The " + WebhookSignature.TIMESTAMP_HEADER + " header is " + ((difference < 0) ? Long.MAX_VALUE : difference)
							+ "s from the receiver's clock; at most " + tolerance.toSeconds() + "s is accepted");
		}
	}

}
