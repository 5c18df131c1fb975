package io.unisights.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.unisights.deadletter.JsonLinesFile;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends {@link CanonicalEvent}s to a unisights ingestion endpoint, signed by the Standard
 * Webhooks scheme, and makes sure each one is either delivered or kept.
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

	private static final System.Logger logger = System.getLogger(EventsClient.class.getName());

	private final HttpClient http;

	private final URI endpoint;

	private final WebhookSignature signature;

	private final Duration timeout;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration maxRetryAfter;

	private final @Nullable DeadLetterSink deadLetterSink;

	private final @Nullable PiiRedactor redactor;

	private final Clock clock;

	private final Sleeper sleeper;

	private EventsClient(Builder builder, URI endpoint, WebhookSignature signature) {
		this.http = (builder.httpClient != null) ? builder.httpClient
				: HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(builder.timeout)
					.followRedirects(HttpClient.Redirect.NEVER)
					.build();
		this.endpoint = endpoint;
		this.signature = signature;
		this.timeout = builder.timeout;
		this.maxAttempts = builder.maxAttempts;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.maxRetryAfter = builder.maxRetryAfter;
		this.deadLetterSink = builder.deadLetterSink;
		this.redactor = builder.redactPii ? PiiRedactor.defaults().withKeys(builder.redactKeys) : null;
		this.clock = builder.clock;
		this.sleeper = builder.sleeper;
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
		return deliver(event.id(), CanonicalEventWireFormat.toJson(event), true);
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
		return deliver("msg_" + UUID.randomUUID(), payload, true);
	}

	/**
	 * Sends every message of a dead-letter file (as written by
	 * {@link DeadLetterSink#jsonl(Path)}) again, under its original id; the file then holds
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
		int[] counts = new int[2];
		JsonLinesFile.at(file).replay((line, number) -> {
			DeadLetter letter;
			try {
				letter = JsonlDeadLetterSink.decode(line);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Keeping unreadable line " + number + " of dead-letter file " + file + ": "
						+ ex.getMessage());
				counts[1]++;
				return line;
			}
			SendResult result = deliver(letter.messageId(), letter.payload(), false);
			if (result.isSuccess()) {
				counts[0]++;
				return null;
			}
			counts[1]++;
			return JsonlDeadLetterSink.line(new DeadLetter(letter.messageId(), letter.payload(),
					letter.attempts() + result.attempts(), result.status(), Objects.toString(result.error(), ""),
					this.clock.instant()));
		});
		return new ReplayResult(counts[0], counts[1]);
	}

	private SendResult deliver(String messageId, ObjectNode payload, boolean deadLetter) {
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
					logger.log(Level.DEBUG, () -> "Message " + messageId + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
							+ " (HTTP " + response.statusCode() + ")");
					return new SendResult(outcome, messageId, attempt, status, responseBody, null, false);
				}
				error = "HTTP " + status + describe(responseBody);
				retryable = status == 429 || status >= 500;
				if (retryable) {
					retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null), now);
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
			Duration delay = delay(attempt, retryAfter);
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
		boolean kept = deadLetter && keep(messageId, payload, attempt, status, error);
		String reason = error;
		int attempts = attempt;
		logger.log(Level.ERROR, () -> "Message " + messageId + " not delivered after " + attempts + " attempt(s): "
				+ redact(reason) + (kept ? "; written to the dead-letter sink" : ""));
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

	private boolean keep(String messageId, ObjectNode payload, int attempts, int status, String error) {
		if (this.deadLetterSink == null) {
			return false;
		}
		try {
			this.deadLetterSink.accept(new DeadLetter(messageId, payload, attempts, status, error, this.clock.instant()));
			return true;
		}
		catch (RuntimeException ex) {
			logger.log(Level.ERROR, "Message " + messageId + " could not be written to the dead-letter sink", ex);
			return false;
		}
	}

	/** Full jitter: a uniform delay up to the exponential cap, unless the server asked for more. */
	private Duration delay(int attempt, @Nullable Duration retryAfter) {
		long cap = this.initialBackoff.toMillis();
		for (int i = 1; i < attempt && cap < this.maxBackoff.toMillis(); i++) {
			cap *= 2;
		}
		cap = Math.min(cap, this.maxBackoff.toMillis());
		Duration jittered = Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
		return (retryAfter != null && retryAfter.compareTo(jittered) > 0) ? retryAfter : jittered;
	}

	static @Nullable Duration retryAfter(@Nullable String header, Instant now) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.trim();
		try {
			long seconds = Long.parseLong(value);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			// Not delta-seconds: an HTTP-date, then.
		}
		try {
			Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration until = Duration.between(now, at);
			return until.isNegative() ? Duration.ZERO : until;
		}
		catch (DateTimeParseException ex) {
			return null;
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
			logger.log(Level.DEBUG, "Sending message " + messageId + ", attempt " + attempt + " of " + this.maxAttempts
					+ ": " + shown);
		}
	}

	private void logRetry(String messageId, int attempt, String error, Duration delay) {
		logger.log(Level.WARNING, () -> "Message " + messageId + ", attempt " + attempt + " of " + this.maxAttempts
				+ " failed (" + redact(error) + "); retrying in " + delay.toMillis() + "ms");
	}

	private String redact(String text) {
		return (this.redactor != null) ? this.redactor.redact(text) : text;
	}

	@Override
	public String toString() {
		return "EventsClient[endpoint=" + this.endpoint + ", maxAttempts=" + this.maxAttempts + "]";
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

		private Duration timeout = Duration.ofSeconds(10);

		private int maxAttempts = 5;

		private Duration initialBackoff = Duration.ofMillis(500);

		private Duration maxBackoff = Duration.ofSeconds(30);

		private Duration maxRetryAfter = Duration.ofMinutes(1);

		private @Nullable DeadLetterSink deadLetterSink;

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
		 * Sets the secret shared with the receiver. Required.
		 * @param secret {@code whsec_<base64>}, as listed in the receiver's
		 * {@code unisights.ingest.secrets}
		 * @return this builder
		 */
		public Builder secret(String secret) {
			this.secret = secret;
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
		public Builder deadLetterSink(DeadLetterSink deadLetterSink) {
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
			return deadLetterSink(DeadLetterSink.jsonl(file));
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
		 * @throws IllegalArgumentException if the base URL or secret is missing or
		 * malformed, or a number is out of range
		 */
		public EventsClient build() {
			if (this.baseUrl == null || !this.baseUrl.isAbsolute()
					|| !("http".equals(this.baseUrl.getScheme()) || "https".equals(this.baseUrl.getScheme()))) {
				throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL but was " + this.baseUrl);
			}
			if (this.secret == null) {
				throw new IllegalArgumentException("secret is required");
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
			WebhookSignature signature = WebhookSignature.of(this.secret);
			return new EventsClient(this, endpoint, signature);
		}

	}

}
