package io.unisights.spring.forward;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.test.Http;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver on loopback that verifies every request's Standard Webhooks
 * signature and answers from a script, then 200 once the script is spent. A scripted 3xx
 * points elsewhere on the receiver, so that a client that follows it is seen.
 */
final class WebhookReceiver implements AutoCloseable {

	/** One request as received. */
	record Received(@Nullable String webhookId, boolean authentic, int answered, @Nullable JsonNode body,
			String target, Map<String, String> headers) {

		@Nullable String authorization() {
			return this.headers.get("Authorization");
		}

	}

	private final HttpServer server;

	private final WebhookSignature signature;

	private final Deque<int[]> script = new ArrayDeque<>();

	private final List<Received> received = new ArrayList<>();

	WebhookReceiver(String secret) throws IOException {
		this.signature = WebhookSignature.of(secret);
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/hook", this::receive);
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
	}

	/** Queues answers: a status, and for 429/503 a Retry-After in seconds (or -1 for none). */
	synchronized WebhookReceiver thenAnswer(int status, int retryAfterSeconds) {
		this.script.add(new int[] { status, retryAfterSeconds });
		return this;
	}

	synchronized List<Received> received() {
		return List.copyOf(this.received);
	}

	private void receive(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
		boolean authentic;
		try {
			this.signature.verify(id, exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
					exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body);
			authentic = true;
		}
		catch (RuntimeException ex) {
			authentic = false;
		}
		int status;
		int retryAfter;
		synchronized (this) {
			int[] next = authentic ? this.script.poll() : new int[] { 401, -1 };
			status = (next != null) ? next[0] : 200;
			retryAfter = (next != null) ? next[1] : -1;
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
			JsonNode json = (body.length > 0) ? Http.json(new String(body)) : null;
			this.received.add(new Received(id, authentic, status, json, exchange.getRequestURI().toString(), headers));
		}
		if (status >= 300 && status < 400) {
			exchange.getResponseHeaders().add("Location", url() + "/moved");
		}
		if (retryAfter >= 0) {
			exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
		}
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
