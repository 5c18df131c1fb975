package io.unisights.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3): either delay-seconds
 * ({@code 120}) or an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}), which is measured
 * from the given instant. A date already past means "now"; a value that is neither form
 * (a negative or signed number, a fraction, text) is no hint at all, so the caller falls
 * back to its own backoff.
 * <pre>{@code
 * Duration wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
 *         clock.instant(), Duration.ofMinutes(5));
 * }</pre>
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * Reads a header value.
	 * @param value the header value, or {@code null} if the answer had none
	 * @param now the time the answer arrived, for an HTTP-date
	 * @return how long to wait, or {@code null} if the value is absent or not a valid
	 * {@code Retry-After}; delay-seconds too large for a {@code long} read as
	 * {@code Long.MAX_VALUE} seconds
	 */
	public static @Nullable Duration parse(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (isDigits(trimmed)) {
			try {
				return Duration.ofSeconds(Long.parseLong(trimmed));
			}
			catch (NumberFormatException ex) {
				// More digits than a long holds: still a valid, very long delay.
				return Duration.ofSeconds(Long.MAX_VALUE);
			}
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration until = Duration.between(now, at);
			return until.isNegative() ? Duration.ZERO : until;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Reads a header value and caps it, for callers that wait whatever the receiver asks
	 * but never longer than {@code max}.
	 * @param value the header value, or {@code null} if the answer had none
	 * @param now the time the answer arrived, for an HTTP-date
	 * @param max the longest wait returned, not negative
	 * @return how long to wait, at most {@code max}, or {@code null} if the value is absent
	 * or not a valid {@code Retry-After}
	 * @throws IllegalArgumentException if {@code max} is negative
	 */
	public static @Nullable Duration parse(@Nullable String value, Instant now, Duration max) {
		if (max.isNegative()) {
			throw new IllegalArgumentException("max must not be negative but was " + max);
		}
		Duration wait = parse(value, now);
		return (wait != null && wait.compareTo(max) > 0) ? max : wait;
	}

	private static boolean isDigits(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
