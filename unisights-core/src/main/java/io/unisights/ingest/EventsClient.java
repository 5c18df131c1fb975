package io.unisights.ingest;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.unisights.deadletter.DeadLetterFile;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.deadletter.JsonLinesFile;
import io.unisights.retry.Backoff;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends {@link CanonicalEvent}s to a unisights ingestion endpoint, signed by the Standard
 * Webhooks scheme (with a shared {@code whsec_} secret, an Ed25519 {@code whsk_} private
 * key, or both), and makes sure each one is either delivered or kept.
 * <p>
 * A message (an event, or a batch of events) keeps one {@code webhook-id} across all of
 * its attempts and any later replay, so the receiver handles it once however often it
 * arrives. Each attempt is signed afresh with the current time, and carries
 * {@code sent_at} so the receiver can correct for this host's clock skew. Connection
 * failures, timeouts, 429 and 5xx responses are retried with exponential backoff and full
 * jitter, waiting at least as long as a {@code Retry-After} header asks; any other 4xx is
 * final. What is not delivered goes to the {@link DeadLetterSink}, if one is set, and
 * {@link #replay(Path)} sends a dead-letter file again.
 * <p>
 * {@link #send} blocks while it retries. Instances are immutable and thread-safe; create
 * one per receiver and share it.
 * <pre>{@code
 * EventsClient client = EventsClient.builder()
 *     .baseUrl("https://analytics.example.com")
 *     .secret(System.getenv("UNISIGHTS_INGEST_SECRET"))
 *     .deadLetterFile(Path.of("/var/lib/shop/unisights-dead-letters.jsonl"))
 *     .build();
 * SendResult result = client.send(CanonicalEvent.builder("order.created")
 *     .source("shop")
 *     .identity("cus_123")
 *     .data("total", 99.90)
 *     .build());
 * }</pre>
 */
public final class EventsClient {

	/** Path of the ingestion endpoint unless the receiver configured another. */
	public static final String DEFAULT_PATH = "/events/ingest";

	private final MessageSender sender;

	private final URI endpoint;

	private final Clock clock;

	private EventsClient(Builder builder, URI endpoint, WebhookSignature signature) {
		HttpClient http = (builder.httpClient != null) ? builder.httpClient
				: HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(builder.timeout)
					.followRedirects(HttpClient.Redirect.NEVER)
					.build();
		PiiRedactor redactor = builder.redactPii ? PiiRedactor.defaults().withKeys(builder.redactKeys) : null;
		this.sender = new MessageSender(http, endpoint, signature, builder.timeout, builder.maxAttempts,
				new Backoff(builder.initialBackoff, builder.maxBackoff, Backoff.Jitter.FULL), builder.maxRetryAfter,
				builder.deadLetterSink, redactor, builder.clock, builder.sleeper);
		this.endpoint = endpoint;
		this.clock = builder.clock;
	}

	/**
	 * Starts building a client.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Sends one event under its own id, retrying as configured.
	 * @param event the event
	 * @return what became of it; never throws for a delivery failure
	 */
	public SendResult send(CanonicalEvent event) {
		return this.sender.send(event.id(), CanonicalEventWireFormat.toJson(event), true);
	}

	/**
	 * Sends events as one batch request under a message id generated once for the batch.
	 * The receiver still recognises each event by its own id, so a batch that is sent
	 * again after a partial failure delivers only what is missing.
	 * @param events the events, at least one and no more than the receiver accepts
	 * @return what became of the batch; never throws for a delivery failure
	 */
	public SendResult sendBatch(List<CanonicalEvent> events) {
		if (events.isEmpty()) {
			throw new IllegalArgumentException("A batch needs at least one event");
		}
		ObjectNode payload = EventJson.NODES.objectNode();
		var array = payload.putArray("events");
		for (CanonicalEvent event : events) {
			array.add(CanonicalEventWireFormat.toJson(event));
		}
		return this.sender.send("msg_" + UUID.randomUUID(), payload, true);
	}

	/**
	 * Sends every message of a dead-letter file (as written by
	 * {@link Builder#deadLetterFile(Path)}) again, under its original id; the file then holds
	 * only what still fails, plus whatever was appended meanwhile. Messages that fail again
	 * are not handed to this client's dead-letter sink: they stay in the file. Lines that
	 * cannot be read are kept as they are. The messages are moved aside to
	 * {@code <file>.replaying} first, so a crash during replay loses none
	 * ({@link JsonLinesFile}).
	 * @param file the dead-letter file; a missing file replays nothing
	 * @return how many messages were delivered and how many remain
	 * @throws UncheckedIOException if the file cannot be read or rewritten
	 */
	public ReplayResult replay(Path file) {
		return DeadLetterReplay.replay(file, this.sender, this.clock);
	}

	@Override
	public String toString() {
		return "EventsClient[endpoint=" + this.endpoint + ", maxAttempts=" + this.sender.maxAttempts() + "]";
	}

	/** Waits between attempts; replaced in tests so that they do not sleep. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Builds an {@link EventsClient}, validating the configuration up front.
	 */
	public static final class Builder {

		private @Nullable URI baseUrl;

		private String path = DEFAULT_PATH;

		private @Nullable String secret;

		private @Nullable String privateKey;

		private Duration timeout = Duration.ofSeconds(10);

		private int maxAttempts = 5;

		private Duration initialBackoff = Duration.ofMillis(500);

		private Duration maxBackoff = Duration.ofSeconds(30);

		private Duration maxRetryAfter = Duration.ofMinutes(1);

		private @Nullable DeadLetterSink<SendFailure> deadLetterSink;

		private boolean redactPii = true;

		private final List<String> redactKeys = new ArrayList<>();

		private @Nullable HttpClient httpClient;

		private Clock clock = Clock.systemUTC();

		private Sleeper sleeper = (duration) -> Thread.sleep(duration.toMillis());

		private Builder() {
		}

		/**
		 * Sets the receiver's base URL. Required.
		 * @param baseUrl such as {@code https://analytics.example.com}
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			return baseUrl(URI.create(baseUrl));
		}

		/**
		 * Sets the receiver's base URL. Required.
		 * @param baseUrl an absolute http(s) URI
		 * @return this builder
		 */
		public Builder baseUrl(URI baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Sets the path of the ingestion endpoint, resolved against the base URL.
		 * @param path the path, default {@value EventsClient#DEFAULT_PATH}
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = path;
			return this;
		}

		/**
		 * Sets the secret shared with the receiver, which signs {@code v1} (HMAC-SHA256).
		 * A secret, a {@link #privateKey(String) private key} or both are required.
		 * @param secret {@code whsec_<base64>}, as listed in the receiver's
		 * {@code unisights.ingest.secrets}
		 * @return this builder
		 */
		public Builder secret(String secret) {
			this.secret = secret;
			return this;
		}

		/**
		 * Sets the Ed25519 private key, which signs {@code v1a}: the receiver holds only the
		 * public half, so its configuration cannot be used to forge events. With a secret
		 * as well, every request carries both signatures (useful while a receiver moves
		 * from one scheme to the other).
		 * @param privateKey {@code whsk_<base64>}, whose public key ({@code whpk_…}) is
		 * listed in the receiver's {@code unisights.ingest.public-keys};
		 * {@link WebhookSignature#generateKeyPair()} makes a pair
		 * @return this builder
		 */
		public Builder privateKey(String privateKey) {
			this.privateKey = privateKey;
			return this;
		}

		/**
		 * Sets how long one attempt may take, connecting included.
		 * @param timeout the timeout, default 10 seconds
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Sets how many requests are made for one message at most.
		 * @param maxAttempts at least 1, default 5
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Sets the exponential backoff: before retry {@code n} the client waits a random
		 * time between zero and {@code min(max, initial × 2^(n-1))}.
		 * @param initial the first cap, default 500ms
		 * @param max the largest cap, default 30s
		 * @return this builder
		 */
		public Builder backoff(Duration initial, Duration max) {
			this.initialBackoff = initial;
			this.maxBackoff = max;
			return this;
		}

		/**
		 * Sets the longest {@code Retry-After} the client honours; a receiver that asks
		 * for more ends the retries and the message is dead-lettered.
		 * @param maxRetryAfter the limit, default one minute
		 * @return this builder
		 */
		public Builder maxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
			return this;
		}

		/**
		 * Sets where undelivered messages go; by default they are only logged and reported
		 * in the {@link SendResult}.
		 * @param deadLetterSink the sink
		 * @return this builder
		 */
		public Builder deadLetterSink(DeadLetterSink<SendFailure> deadLetterSink) {
			this.deadLetterSink = deadLetterSink;
			return this;
		}

		/**
		 * Appends undelivered messages to a JSON Lines file, created readable by its owner
		 * only. Send it again with {@link EventsClient#replay(Path)}.
		 * @param file the file
		 * @return this builder
		 */
		public Builder deadLetterFile(Path file) {
			return deadLetterSink(DeadLetterFile.at(file, JsonlDeadLetterSink.LINES));
		}

		/**
		 * Sets whether log lines mask personal data: email addresses, phone numbers and
		 * the values of {@link PiiRedactor#DEFAULT_KEYS} and {@link #redactKeys}. Payloads
		 * are logged at {@code DEBUG} only.
		 * @param redactPii default {@code true}
		 * @return this builder
		 */
		public Builder redactPii(boolean redactPii) {
			this.redactPii = redactPii;
			return this;
		}

		/**
		 * Adds keys whose values are masked in log lines, wherever they appear.
		 * @param keys keys such as {@code customer_name}, compared ignoring case
		 * @return this builder
		 */
		public Builder redactKeys(Collection<String> keys) {
			this.redactKeys.addAll(keys);
			return this;
		}

		/**
		 * Sets the HTTP client to use, to share its connection pool and executor; by
		 * default the client makes its own.
		 * @param httpClient the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		Builder sleeper(Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws IllegalArgumentException if the base URL is missing or malformed, neither a
		 * secret nor a private key is set, a key is malformed, or a number is out of range
		 */
		public EventsClient build() {
			if (this.baseUrl == null || !this.baseUrl.isAbsolute()
					|| !("http".equals(this.baseUrl.getScheme()) || "https".equals(this.baseUrl.getScheme()))) {
				throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL but was " + this.baseUrl);
			}
			if (this.secret == null && this.privateKey == null) {
				throw new IllegalArgumentException("secret or privateKey is required");
			}
			if (this.maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + this.maxAttempts);
			}
			if (this.timeout.isNegative() || this.timeout.isZero()) {
				throw new IllegalArgumentException("timeout must be positive");
			}
			if (this.initialBackoff.isNegative() || this.maxBackoff.compareTo(this.initialBackoff) < 0) {
				throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
			}
			String base = this.baseUrl.toString();
			String separator = (base.endsWith("/") || this.path.startsWith("/")) ? "" : "/";
			if (base.endsWith("/") && this.path.startsWith("/")) {
				base = base.substring(0, base.length() - 1);
			}
			URI endpoint = URI.create(base + separator + this.path);
			WebhookSignature.Builder keys = WebhookSignature.builder();
			if (this.secret != null) {
				keys.secret(this.secret);
			}
			if (this.privateKey != null) {
				keys.privateKey(this.privateKey);
			}
			WebhookSignature signature = keys.build();
			return new EventsClient(this, endpoint, signature);
		}

	}

}
