package io.unisights.spring.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.CanonicalEventWireFormat;
import io.unisights.ingest.WebhookSignature;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A request to the server-to-server ingestion endpoint, signed per Standard Webhooks with
 * the core {@link WebhookSignature}, as the {@code EventsClient} or another sender signs
 * it. Use its {@link #headers()} and {@link #body()} with MockMvc, or
 * {@link #toHttpRequest(URI)} against a running server:
 * <pre class="code">
 * SignedIngestRequest request = SignedIngestRequest.builder("whsec_…")
 *     .event(CanonicalEvent.builder("order.created").id("evt_1").build())
 *     .build();
 * mockMvc.perform(post("/events/ingest").headers(request.headers()).content(request.body()));
 * </pre>
 * Instances are immutable.
 */
public final class SignedIngestRequest {

	private final byte[] body;

	private final String messageId;

	private final Instant timestamp;

	private final String signature;

	private SignedIngestRequest(byte[] body, String messageId, Instant timestamp, String signature) {
		this.body = body;
		this.messageId = messageId;
		this.timestamp = timestamp;
		this.signature = signature;
	}

	/**
	 * Starts a request signed with the given secret, one of
	 * {@code unisights.ingest.secrets}, or with an Ed25519 private key whose public key is
	 * one of {@code unisights.ingest.public-keys}.
	 * @param secret a Standard Webhooks secret, {@code whsec_<base64>} (a {@code v1}
	 * signature), or private key, {@code whsk_<base64>} (a {@code v1a} signature)
	 * @return a builder
	 */
	public static Builder builder(String secret) {
		return new Builder(secret);
	}

	/**
	 * Returns the body bytes exactly as they were signed.
	 * @return a copy of the body
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * Returns the body as text.
	 * @return the UTF-8 body
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * Returns the {@code webhook-id}.
	 * @return the message id
	 */
	public String messageId() {
		return this.messageId;
	}

	/**
	 * Returns the instant of {@code webhook-timestamp}, in whole seconds.
	 * @return the timestamp
	 */
	public Instant timestamp() {
		return this.timestamp;
	}

	/**
	 * Returns the {@code webhook-signature} header's value.
	 * @return the signature
	 */
	public String signature() {
		return this.signature;
	}

	/**
	 * Returns the headers to send: {@code Content-Type} and the three Standard Webhooks
	 * headers.
	 * @return a new, modifiable set of headers
	 */
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headerValues().forEach(headers::set);
		return headers;
	}

	/**
	 * Builds a request for {@code java.net.http} to a running server.
	 * @param endpoint the ingestion endpoint, such as
	 * {@code http://127.0.0.1:8080/events/ingest}
	 * @return the request
	 */
	public HttpRequest toHttpRequest(URI endpoint) {
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.body));
		headerValues().forEach(request::header);
		return request.build();
	}

	private Map<String, String> headerValues() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put(WebhookSignature.ID_HEADER, this.messageId);
		values.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(this.timestamp.getEpochSecond()));
		values.put(WebhookSignature.SIGNATURE_HEADER, this.signature);
		return values;
	}

	@Override
	public String toString() {
		return "SignedIngestRequest[webhook-id=" + this.messageId + ", body=" + bodyAsString() + "]";
	}

	/**
	 * Builds a {@link SignedIngestRequest}.
	 */
	public static final class Builder {

		private final WebhookSignature signature;

		private byte @Nullable [] body;

		private @Nullable String messageId;

		private @Nullable Instant timestamp;

		private Builder(String secret) {
			this.signature = WebhookSignature.of(secret);
			if (!this.signature.canSign()) {
				throw new IllegalArgumentException("A request is signed with a whsec_ secret or a whsk_ private key;"
						+ " a whpk_ public key only verifies");
			}
		}

		/**
		 * Sends one event, in the canonical wire form.
		 * @param event the event
		 * @return this builder
		 */
		public Builder event(CanonicalEvent event) {
			this.body = CanonicalEventWireFormat.toBytes(event);
			return this;
		}

		/**
		 * Sends a batch of events, in the canonical wire form.
		 * @param events the events
		 * @return this builder
		 */
		public Builder events(List<CanonicalEvent> events) {
			this.body = CanonicalEventWireFormat.toBatchBytes(events);
			return this;
		}

		/**
		 * Sends a body of your own, such as one that should be refused.
		 * @param json the body, signed as its UTF-8 bytes
		 * @return this builder
		 */
		public Builder body(String json) {
			this.body = json.getBytes(StandardCharsets.UTF_8);
			return this;
		}

		/**
		 * Sets the {@code webhook-id} (default a random {@code msg_} id); a repeated id
		 * is acknowledged without being delivered again.
		 * @param messageId the message id
		 * @return this builder
		 */
		public Builder messageId(String messageId) {
			this.messageId = Objects.requireNonNull(messageId, "messageId");
			return this;
		}

		/**
		 * Sets the {@code webhook-timestamp} (default now); outside
		 * {@code unisights.ingest.tolerance} the request is refused as a possible replay.
		 * @param timestamp the signing time
		 * @return this builder
		 */
		public Builder timestamp(Instant timestamp) {
			this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
			return this;
		}

		/**
		 * Signs the request.
		 * @return the request
		 * @throws IllegalStateException if no event or body was given
		 */
		public SignedIngestRequest build() {
			byte[] body = this.body;
			if (body == null) {
				throw new IllegalStateException("Give an event, events or a body to sign");
			}
			String id = (this.messageId != null) ? this.messageId : "msg_" + UUID.randomUUID();
			Instant at = Instant.ofEpochSecond(((this.timestamp != null) ? this.timestamp : Instant.now()).getEpochSecond());
			return new SignedIngestRequest(body.clone(), id, at, this.signature.sign(id, at.getEpochSecond(), body));
		}

	}

}
