package io.unisights.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An ingestion endpoint on loopback that answers from a script, then with 200, and
 * records every request it receives after checking its signature.
 */
final class FlakyServer implements AutoCloseable {

	private final HttpServer server;

	private final WebhookSignature signature;

	private final Deque<Response> script = new ArrayDeque<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Response otherwise = Response.status(200, "{\"status\":\"delivered\"}");

	FlakyServer(WebhookSignature signature) {
		this.signature = signature;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/events/ingest", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	synchronized FlakyServer then(Response response, int times) {
		for (int i = 0; i < times; i++) {
			this.script.add(response);
		}
		return this;
	}

	FlakyServer otherwise(Response response) {
		this.otherwise = response;
		return this;
	}

	List<Received> received() {
		return this.received;
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
		String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
		String signatures = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
		boolean authentic;
		try {
			this.signature.verify(id, timestamp, signatures, body);
			authentic = true;
		}
		catch (WebhookVerificationException ex) {
			authentic = false;
		}
		this.received.add(new Received(id, new String(body, StandardCharsets.UTF_8), authentic));
		Response response;
		synchronized (this) {
			response = this.script.isEmpty() ? this.otherwise : this.script.poll();
		}
		response.answer(exchange);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Received(String messageId, String body, boolean authentic) {

	}

	@FunctionalInterface
	interface Response {

		void answer(HttpExchange exchange) throws IOException;

		static Response status(int status, String body) {
			return status(status, body, null);
		}

		static Response status(int status, String body, String retryAfter) {
			return (exchange) -> {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				if (retryAfter != null) {
					exchange.getResponseHeaders().add("Retry-After", retryAfter);
				}
				exchange.sendResponseHeaders(status, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			};
		}

		/** Closes the connection without answering, as a crashing server does. */
		static Response drop() {
			return HttpExchange::close;
		}

	}

}
