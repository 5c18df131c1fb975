package io.unisights.spring.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.node.JsonNodeFactory;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.test.MutableClock;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.tracking.TrackingLinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Beacons, opens and clicks over real HTTP, with or without privacy signals. */
abstract class PrivacyEndpointTestSupport {

	static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.6778.85 Safari/537.36";

	static final String CHROME_REDUCED = "Chrome/131 (Windows; desktop)";

	static final String SESSION = "550e8400-e29b-41d4-a716-446655440000";

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@Autowired
	TrackingLinks links;

	@Autowired
	MutableClock clock;

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@BeforeEach
	void reset() {
		this.handler.reset();
		this.clock.set(PrivacyTestApplication.NOW);
	}

	static String beacon(String userAgent) {
		return """
				{"data":{"asset_id":"shop","session_id":"%s","page_url":"https://shop.example.com/","entry_page":null,
				"exit_page":null,"utm_params":{},"device_info":{"device_type":"Desktop","os":"Windows","platform":"Win32",
				"referrer":"direct","screen_height":1080,"screen_width":1920,"user_agent":"%s"},
				"events":[{"type":"page_view","data":{"location":"https://shop.example.com/","title":"Shop","timestamp":1780300800000}}],
				"scroll_depth":10,"time_on_page":1.5},"encrypted":false}
				""".formatted(SESSION, userAgent);
	}

	HttpResponse<String> postBeacon(String userAgent, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/events"))
			.header("Content-Type", "application/json")
			.header("User-Agent", userAgent)
			.POST(HttpRequest.BodyPublishers.ofString(beacon(CHROME)));
		setHeaders(request, headers);
		return send(request, HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<byte[]> get(String link, String... headers) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + URI.create(link).getRawPath()))
			.header("User-Agent", CHROME)
			.GET();
		setHeaders(request, headers);
		return send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	String openLink() {
		return this.links.openUrl(JsonNodeFactory.instance.objectNode().put("message_id", "m-1"));
	}

	String clickLink() {
		return this.links.clickUrl("https://shop.example.com/sale",
				JsonNodeFactory.instance.objectNode().put("message_id", "m-1"));
	}

	BeaconDelivery onlyBeacon() {
		assertThat(this.handler.deliveries()).hasSize(1);
		return (BeaconDelivery) this.handler.deliveries().get(0);
	}

	Delivery only() {
		assertThat(this.handler.deliveries()).hasSize(1);
		return this.handler.deliveries().get(0);
	}

	static List<Class<?>> channels() {
		return List.of(BeaconDelivery.class, OpenDelivery.class, ClickDelivery.class);
	}

	private static void setHeaders(HttpRequest.Builder request, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.client.send(request.timeout(Duration.ofMinutes(2)).build(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
