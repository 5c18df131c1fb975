package io.unisights.spring.forward;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.unisights.ingest.WebhookSignature;
import io.unisights.retry.RetryAfter;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.delivery.DeliveryException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.observation.ClientHttpObservationDocumentation;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * POSTs every delivery as {@link ForwardedEvent} JSON to one URL, signed per Standard
 * Webhooks: {@code webhook-id} is the delivery id (the same on every retry, so the
 * receiver can deduplicate), {@code webhook-timestamp} the time of the attempt and
 * {@code webhook-signature} the {@code v1} HMAC-SHA256 signature under a {@code whsec_}
 * secret, the {@code v1a} Ed25519 signature under a {@code whsk_} private key, or both.
 * <p>
 * Outcomes: 2xx is success; 429, 5xx and I/O errors are retried by the delivery machinery,
 * after at least the {@code Retry-After} the receiver asked for; 410 Gone means the receiver
 * is gone for good, so the forwarder disables itself with an error log and dead-letters what
 * follows (replay the file once the receiver is back); any other answer is dead-lettered
 * without retrying.
 * <p>
 * The timeout bounds the whole exchange, from connecting to the last byte of the answer: a
 * receiver that sends its status and then stalls the body does not hold a delivery worker
 * longer. Requests go through a {@link RestClient} on the JDK HTTP client (whose Spring
 * request factory applies its read timeout to the whole exchange), configured from Boot's
 * {@link HttpClientSettings} and {@code RestClient.Builder} when the forwarder is
 * auto-configured.
 * <p>
 * Only {@code http} and {@code https} URLs are accepted, redirects are never followed, and
 * the URL is configuration, never request input: the collector cannot be steered into
 * calling an address of an attacker's choosing. User-info in the URL is sent as Basic
 * authentication; user-info and query are masked wherever the URL is shown (logs,
 * exception messages, dead letters, the {@code http.url} of client observations).
 */
public final class WebhookForwarder implements EventHandler {

	private static final Log logger = LogFactory.getLog(WebhookForwarder.class);

	private final WebhookUrl url;

	private final WebhookSignature signature;

	private final RestClient client;

	private final Duration timeout;

	private final Clock clock;

	private volatile boolean gone;

	/**
	 * Creates a forwarder with a client of its own.
	 * @param url the http or https URL to POST to
	 * @param secret the signing secret, {@code whsec_<base64>}, or an Ed25519 private key,
	 * {@code whsk_<base64>}
	 * @param timeout the longest one exchange may take, connecting and reading the answer
	 * included
	 */
	public WebhookForwarder(URI url, String secret, Duration timeout) {
		this(url, secret, timeout, RestClient.builder(), HttpClientSettings.defaults());
	}

	/**
	 * Creates a forwarder on a client built from Boot's HTTP client support, such as the
	 * {@code RestClient.Builder} and {@link HttpClientSettings} beans, so that its
	 * observations, customizers, SSL bundle and address filter apply. The forwarder's own
	 * timeout replaces the settings' timeouts, and redirects are never followed.
	 * @param url the http or https URL to POST to
	 * @param secret the signing secret, {@code whsec_<base64>}, or an Ed25519 private key,
	 * {@code whsk_<base64>}
	 * @param timeout the longest one exchange may take, connecting and reading the answer
	 * included
	 * @param restClientBuilder the builder to start from; the forwarder sets its request
	 * factory and observation convention
	 * @param settings the HTTP client settings to start from
	 */
	public WebhookForwarder(URI url, String secret, Duration timeout, RestClient.Builder restClientBuilder,
			HttpClientSettings settings) {
		this(url, WebhookSignature.of(secret), timeout, restClientBuilder, settings);
	}

	/**
	 * Creates a forwarder that signs with the given signature, such as a secret and a
	 * private key together, on a client built from Boot's HTTP client support.
	 * @param url the http or https URL to POST to
	 * @param signature what signs each request; it must {@link WebhookSignature#canSign() sign}
	 * @param timeout the longest one exchange may take, connecting and reading the answer
	 * included
	 * @param restClientBuilder the builder to start from; the forwarder sets its request
	 * factory and observation convention
	 * @param settings the HTTP client settings to start from
	 */
	public WebhookForwarder(URI url, WebhookSignature signature, Duration timeout,
			RestClient.Builder restClientBuilder, HttpClientSettings settings) {
		this(url, signature, timeout, restClientBuilder, settings, ClientHttpRequestFactoryBuilder.jdk(),
				defaultObservationConvention());
	}

	WebhookForwarder(URI url, WebhookSignature signature, Duration timeout, RestClient.Builder restClientBuilder,
			HttpClientSettings settings, JdkClientHttpRequestFactoryBuilder requestFactoryBuilder,
			ClientRequestObservationConvention observationConvention) {
		this(WebhookUrl.of(url), signature, timeout, restClientBuilder, settings, requestFactoryBuilder,
				observationConvention, Clock.systemUTC());
	}

	WebhookForwarder(WebhookUrl url, WebhookSignature signature, Duration timeout,
			RestClient.Builder restClientBuilder, HttpClientSettings settings,
			JdkClientHttpRequestFactoryBuilder requestFactoryBuilder,
			ClientRequestObservationConvention observationConvention, Clock clock) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("webhook timeout must be positive but was " + timeout);
		}
		if (!signature.canSign()) {
			throw new IllegalArgumentException(
					"webhook signature must hold a whsec_ secret or a whsk_ private key; public keys only verify");
		}
		this.url = url;
		this.signature = signature;
		this.timeout = timeout;
		this.clock = clock;
		HttpClientSettings own = settings.withTimeouts(timeout, timeout).withRedirects(HttpRedirects.DONT_FOLLOW);
		this.client = restClientBuilder.requestFactory(requestFactoryBuilder.build(own))
			.observationConvention(new MaskedUrlConvention(observationConvention, url))
			.build();
	}

	static ClientRequestObservationConvention defaultObservationConvention() {
		return new DefaultClientRequestObservationConvention();
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
		Answer answer;
		try {
			answer = this.client.post()
				.uri(this.url.target())
				.contentType(MediaType.APPLICATION_JSON)
				.headers((headers) -> {
					if (this.url.authorization() != null) {
						headers.set(HttpHeaders.AUTHORIZATION, this.url.authorization());
					}
					headers.set(WebhookSignature.ID_HEADER, delivery.id());
					headers.set(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
					headers.set(WebhookSignature.SIGNATURE_HEADER, this.signature.sign(delivery.id(), timestamp, body));
				})
				.body(body)
				// Only the status and Retry-After matter; the body is discarded on close,
				// within the same timeout.
				.exchange((request, response) -> new Answer(response.getStatusCode().value(),
						response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
		}
		catch (RestClientException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String what = (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException)
					? " did not complete the exchange within " + this.timeout + " for "
					: " unreachable for ";
			// Spring's message quotes the request URL, query included: never pass it on.
			throw DeliveryException.retryable("webhook " + this.url + what + delivery.id() + ": "
					+ cause.getClass().getName() + ": " + this.url.scrub(cause.getMessage()), null,
					this.url.leaks(cause) ? null : cause);
		}
		int status = answer.status();
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
			throw DeliveryException.retryable(failure, retryAfter(answer.retryAfter()), null);
		}
		throw DeliveryException.permanent(failure, null);
	}

	/** Reads {@code Retry-After} (delay-seconds or an HTTP-date) against this forwarder's clock. */
	@Nullable Duration retryAfter(@Nullable String value) {
		return RetryAfter.parse(value, this.clock.instant());
	}

	@Override
	public String toString() {
		return "WebhookForwarder[" + this.url + "]";
	}

	private record Answer(int status, @Nullable String retryAfter) {
	}

	/**
	 * The host's (or the default) client observation convention, with the request URL's
	 * user-info and query masked in {@code http.url}: spans are exported to other systems.
	 */
	private record MaskedUrlConvention(ClientRequestObservationConvention delegate,
			WebhookUrl url) implements ClientRequestObservationConvention {

		@Override
		public String getName() {
			return this.delegate.getName();
		}

		@Override
		public @Nullable String getContextualName(ClientRequestObservationContext context) {
			return this.delegate.getContextualName(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return this.delegate.supportsContext(context);
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
			return this.delegate.getLowCardinalityKeyValues(context);
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
			String key = ClientHttpObservationDocumentation.HighCardinalityKeyNames.HTTP_URL.asString();
			return this.delegate.getHighCardinalityKeyValues(context)
				.and(KeyValue.of(key, this.url.masked()));
		}

	}

}
