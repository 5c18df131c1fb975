package io.unisights.spring.forward;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.delivery.DeliveryException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * POSTs every delivery as {@link ForwardedEvent} JSON to one URL, signed per Standard
 * Webhooks: {@code webhook-id} is the delivery id (the same on every retry, so the
 * receiver can deduplicate), {@code webhook-timestamp} the time of the attempt and
 * {@code webhook-signature} the HMAC-SHA256 signature.
 * <p>
 * Outcomes: 2xx is success; 429, 5xx and I/O errors are retried by the delivery machinery,
 * after at least the {@code Retry-After} the receiver asked for; 410 Gone means the receiver
 * is gone for good, so the forwarder disables itself with an error log and dead-letters what
 * follows (replay the file once the receiver is back); any other answer is dead-lettered
 * without retrying.
 * <p>
 * Only {@code http} and {@code https} URLs are accepted, redirects are never followed, and
 * the URL is configuration, never request input: the collector cannot be steered into
 * calling an address of an attacker's choosing.
 */
public final class WebhookForwarder implements EventHandler {

	private static final Log logger = LogFactory.getLog(WebhookForwarder.class);

	private final URI url;

	private final WebhookSignature signature;

	private final Duration timeout;

	private final HttpClient client;

	private final Clock clock;

	private volatile boolean gone;

	/**
	 * Creates a forwarder.
	 * @param url the http or https URL to POST to
	 * @param secret the signing secret, {@code whsec_<base64>}
	 * @param timeout connect and response timeout of one request
	 */
	public WebhookForwarder(URI url, String secret, Duration timeout) {
		this(url, WebhookSignature.of(secret), timeout, Clock.systemUTC());
	}

	WebhookForwarder(URI url, WebhookSignature signature, Duration timeout, Clock clock) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
			throw new IllegalArgumentException("webhook URL must be an absolute http or https URL but was " + url);
		}
		this.url = url;
		this.signature = signature;
		this.timeout = timeout;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Returns whether the receiver answered 410 Gone, which switched the forwarder off.
	 * @return whether the forwarder is disabled
	 */
	public boolean isDisabled() {
		return this.gone;
	}

	@Override
	public void handle(Delivery delivery) {
		if (this.gone) {
			throw DeliveryException.permanent("webhook " + this.url + " answered 410 Gone earlier; "
					+ delivery.id() + " is kept for replay", null);
		}
		byte[] body = ForwardedEvent.toBytes(delivery);
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header(WebhookSignature.ID_HEADER, delivery.id())
			.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(WebhookSignature.SIGNATURE_HEADER, this.signature.sign(delivery.id(), timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<Void> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			throw DeliveryException.retryable("webhook " + this.url + " unreachable for " + delivery.id() + ": " + ex,
					null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw DeliveryException.retryable("interrupted while forwarding " + delivery.id(), null, ex);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return;
		}
		String failure = "webhook " + this.url + " answered " + status + " for " + delivery.id();
		if (status == 410) {
			this.gone = true;
			logger.error("Webhook " + this.url + " answered 410 Gone: forwarding is disabled until restart; "
					+ "deliveries go to the dead-letter file");
			throw DeliveryException.permanent(failure, null);
		}
		if (status == 429 || status >= 500) {
			throw DeliveryException.retryable(failure,
					retryAfter(response.headers().firstValue("Retry-After").orElse(null)), null);
		}
		throw DeliveryException.permanent(failure, null);
	}

	/** Reads {@code Retry-After}: delay-seconds or an HTTP date. */
	@Nullable Duration retryAfter(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			long seconds = Long.parseLong(trimmed);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(this.clock.instant(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unparseable) {
				return null;
			}
		}
	}

	@Override
	public String toString() {
		return "WebhookForwarder[" + this.url + "]";
	}

}
