package io.unisights.spring.security;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.test.Http;

/**
 * The requests a browser, a mail client and a signing server send to the collector, over
 * real HTTP, without any credential of the host.
 */
final class CollectorRequests {

	static final String BEACON = """
			{"data":{"asset_id":"prop_123","session_id":"550e8400-e29b-41d4-a716-446655440000",\
			"page_url":"https://shop.example.com/","entry_page":"https://shop.example.com/","exit_page":null,\
			"utm_params":{},"device_info":{"device_type":"Desktop","os":"Linux","platform":"Linux x86_64",\
			"referrer":"direct","screen_height":1080,"screen_width":1920,"user_agent":"Mozilla/5.0"},\
			"events":[{"type":"page_view","data":{"location":"https://shop.example.com/","title":"Shop",\
			"timestamp":1763900000000}}],"scroll_depth":75.5,"time_on_page":%d},"encrypted":false}""";

	private final Http http;

	CollectorRequests(int port) {
		this.http = new Http(port);
	}

	Http http() {
		return this.http;
	}

	/** A beacon as {@code navigator.sendBeacon} posts it from the shop's pages. */
	HttpResponse<String> beacon(int timeOnPage) {
		return this.http.send(this.http.request("/events")
			.header("Content-Type", "application/json")
			.header("Origin", SecuredHost.ORIGIN)
			.POST(BodyPublishers.ofString(BEACON.formatted(timeOnPage)))
			.build());
	}

	/** The preflight a browser sends before a cross-origin application/json beacon. */
	HttpResponse<String> preflight(String origin) {
		return this.http.send(this.http.request("/events")
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.method("OPTIONS", BodyPublishers.noBody())
			.build());
	}

	/** A server event signed per Standard Webhooks with the configured secret. */
	HttpResponse<String> ingest(String eventId) {
		byte[] body = ("{\"id\":\"" + eventId + "\",\"type\":\"order.created\",\"occurred_at\":\"2025-05-01T10:15:30Z\","
				+ "\"source\":\"shop\",\"identity\":{\"id\":\"cus_1\"},\"data\":{\"total\":5}}")
			.getBytes(StandardCharsets.UTF_8);
		long timestamp = Instant.now().getEpochSecond();
		String messageId = "msg_" + eventId;
		return this.http.send(this.http.request("/events/ingest")
			.header("Content-Type", "application/json")
			.header(WebhookSignature.ID_HEADER, messageId)
			.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(WebhookSignature.SIGNATURE_HEADER,
					WebhookSignature.of(SecuredHost.INGEST_SECRET).sign(messageId, timestamp, body))
			.POST(BodyPublishers.ofByteArray(body))
			.build());
	}

	/** A mail client following a tracking link (its host replaced by the test server's). */
	HttpResponse<String> follow(String link) {
		return get(URI.create(link).getRawPath());
	}

	HttpResponse<String> get(String path) {
		return this.http.send(this.http.request(path).GET().build());
	}

	HttpResponse<String> post(String path) {
		return this.http.postJson(path, "{}");
	}

}
