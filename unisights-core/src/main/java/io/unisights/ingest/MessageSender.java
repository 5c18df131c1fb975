package io.unisights.ingest;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.retry.Backoff;
import io.unisights.retry.RetryAfter;
import io.unisights.wire.SingleLine;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attempts of {@link EventsClient}: sends one message, signed afresh on every attempt,
 * until it is delivered, refused or out of attempts, then hands what failed to the
 * dead-letter sink. Logs under the client's name, so a host configures one logger.
 */
final class MessageSender {

	private static final System.Logger logger = System.getLogger(EventsClient.class.getName());

	private final HttpClient http;

	private final URI endpoint;

	private final WebhookSignature signature;

	private final Duration timeout;

	private final int maxAttempts;

	private final Backoff backoff;

	private final Duration maxRetryAfter;

	private final @Nullable DeadLetterSink<SendFailure> deadLetterSink;

	private final @Nullable PiiRedactor redactor;

	private final Clock clock;

	private final EventsClient.Sleeper sleeper;

	MessageSender(HttpClient http, URI endpoint, WebhookSignature signature, Duration timeout, int maxAttempts,
			Backoff backoff, Duration maxRetryAfter, @Nullable DeadLetterSink<SendFailure> deadLetterSink,
			@Nullable PiiRedactor redactor, Clock clock, EventsClient.Sleeper sleeper) {
		this.http = http;
		this.endpoint = endpoint;
		this.signature = signature;
		this.timeout = timeout;
		this.maxAttempts = maxAttempts;
		this.backoff = backoff;
		this.maxRetryAfter = maxRetryAfter;
		this.deadLetterSink = deadLetterSink;
		this.redactor = redactor;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Sends a message under its id.
	 * @param messageId the {@code webhook-id}, the same on every attempt
	 * @param payload the body, without {@code sent_at} (added per attempt)
	 * @param deadLetter whether a failure goes to the dead-letter sink (not while replaying)
	 * @return what became of it
	 */
	SendResult send(String messageId, ObjectNode payload, boolean deadLetter) {
		Instant firstAttemptAt = this.clock.instant();
		int attempt = 0;
		int status = 0;
		String responseBody = null;
		String error = null;
		while (true) {
			attempt++;
			Instant now = this.clock.instant();
			// sent_at is the time of this attempt: the receiver subtracts it from its own
			// receipt time to measure this host's clock skew.
			payload.put("sent_at", now.toString());
			byte[] body = EventJson.MAPPER.writeValueAsBytes(payload);
			payload.remove("sent_at");
			logAttempt(messageId, attempt, payload);
			Duration retryAfter = null;
			boolean retryable;
			try {
				HttpResponse<String> response = this.http.send(request(messageId, now, body),
						HttpResponse.BodyHandlers.ofString());
				status = response.statusCode();
				responseBody = response.body();
				if (status >= 200 && status < 300) {
					SendResult.Outcome outcome = isDuplicate(responseBody) ? SendResult.Outcome.DUPLICATE
							: SendResult.Outcome.DELIVERED;
					logger.log(Level.DEBUG, () -> "Message " + SingleLine.escape(messageId) + " " + outcome.name().toLowerCase(Locale.ROOT)
							+ " (HTTP " + response.statusCode() + ")");
					return new SendResult(outcome, messageId, attempt, status, responseBody, null, false);
				}
				error = "HTTP " + status + describe(responseBody);
				retryable = status == 429 || status >= 500;
				if (retryable) {
					retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), now);
				}
			}
			catch (IOException ex) {
				status = 0;
				responseBody = null;
				error = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
				retryable = true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				error = "interrupted while sending";
				break;
			}
			if (!retryable || attempt >= this.maxAttempts) {
				break;
			}
			Duration delay = this.backoff.delayAtLeast(attempt, retryAfter);
			if (delay.compareTo(this.maxRetryAfter) > 0) {
				error = error + "; the receiver asked to retry after " + delay.toSeconds() + "s, more than the "
						+ this.maxRetryAfter.toSeconds() + "s this client waits";
				break;
			}
			logRetry(messageId, attempt, error, delay);
			try {
				this.sleeper.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				error = error + "; interrupted while waiting to retry";
				break;
			}
		}
		boolean kept = deadLetter && keep(new DeadLetter<>(messageId, payload, error, attempt, firstAttemptAt,
				this.clock.instant(), new SendFailure(status)));
		String reason = error;
		int attempts = attempt;
		logger.log(Level.ERROR, () -> "Message " + SingleLine.escape(messageId) + " not delivered after " + attempts
				+ " attempt(s): " + SingleLine.escape(redact(reason)) + (kept ? "; written to the dead-letter sink" : ""));
		return new SendResult(SendResult.Outcome.FAILED, messageId, attempt, status, responseBody, error, kept);
	}

	private HttpRequest request(String messageId, Instant now, byte[] body) {
		long timestamp = now.getEpochSecond();
		return HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header(WebhookSignature.ID_HEADER, messageId)
			.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(WebhookSignature.SIGNATURE_HEADER, this.signature.sign(messageId, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	private boolean keep(DeadLetter<SendFailure> letter) {
		if (this.deadLetterSink == null) {
			return false;
		}
		try {
			this.deadLetterSink.accept(letter);
			return true;
		}
		catch (RuntimeException ex) {
			logger.log(Level.ERROR, "Message " + SingleLine.escape(letter.id()) + " could not be written to the dead-letter sink", ex);
			return false;
		}
	}

	private static boolean isDuplicate(@Nullable String body) {
		if (body == null || body.isEmpty()) {
			return false;
		}
		try {
			JsonNode json = EventJson.MAPPER.readTree(body);
			return json != null && "duplicate".equals(json.path("status").asString(""));
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private static String describe(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		try {
			JsonNode json = EventJson.MAPPER.readTree(body);
			String detail = json.path("detail").asString("");
			return detail.isEmpty() ? "" : ": " + detail;
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	private void logAttempt(String messageId, int attempt, ObjectNode payload) {
		if (logger.isLoggable(Level.DEBUG)) {
			JsonNode shown = (this.redactor != null) ? this.redactor.redact(payload) : payload;
			logger.log(Level.DEBUG, "Sending message " + SingleLine.escape(messageId) + ", attempt " + attempt + " of " + this.maxAttempts
					+ ": " + shown);
		}
	}

	private void logRetry(String messageId, int attempt, String error, Duration delay) {
		logger.log(Level.WARNING, () -> "Message " + SingleLine.escape(messageId) + ", attempt " + attempt + " of "
				+ this.maxAttempts + " failed (" + SingleLine.escape(redact(error)) + "); retrying in " + delay.toMillis() + "ms");
	}

	private String redact(String text) {
		return (this.redactor != null) ? this.redactor.redact(text) : text;
	}

}
