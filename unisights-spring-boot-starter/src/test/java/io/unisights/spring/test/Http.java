package io.unisights.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.unisights.ingest.WebhookSignature;

/**
 * A real HTTP client for tests against a server on loopback.
 */
public final class Http {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final AtomicInteger messageIds = new AtomicInteger();

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	public Http(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> postJson(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * Posts a server event to {@code /events/ingest}, signed per Standard Webhooks under a
	 * message id of its own.
	 */
	public HttpResponse<String> postSignedIngest(byte[] body, String secret, long timestamp) {
		String messageId = "msg_" + messageIds.incrementAndGet();
		return send(request("/events/ingest").header("Content-Type", "application/json")
			.header("webhook-id", messageId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", WebhookSignature.of(secret).sign(messageId, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	public static JsonNode json(HttpResponse<String> response) {
		return mapper.readTree(response.body());
	}

	public static JsonNode json(String text) {
		return mapper.readTree(text);
	}

}
