package io.unisights.spring.beacon;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.beacon.BeaconEncoder;
import io.unisights.beacon.BeaconEvent;
import io.unisights.beacon.BeaconPayload;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies shaped exactly as the upstream browser SDK sends them, plain and encrypted, over
 * real HTTP: each is accepted, delivered with its values as sent, and its wire form (what
 * dead letters, Kafka and webhooks carry) is the {@code JSON.stringify} form of what was
 * sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.delivery.dedupe.enabled=false", "unisights.collect.max-bucket-age=5m" })
class SdkTrafficEndpointTests extends EndpointTestSupport {

	static final Instant NOW = FrozenClockTestApplication.NOW;

	/**
	 * The SDK's inner data as {@code JSON.stringify} writes it, with one {@code %s} for the
	 * URL: sorted device_info, nulls for every unset value, a scroll depth past 100.
	 */
	static final String DATA = """
			{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f","page_url":"%1$s",\
			"entry_page":"%1$s","exit_page":null,"utm_params":{},"device_info":{"device_type":"Desktop",\
			"os":"Linux","platform":"Linux x86_64","referrer":"direct","screen_height":1080,"screen_width":1920,\
			"user_agent":"Mozilla/5.0 (X11; Linux x86_64)"},"events":[{"type":"page_view","data":{"location":"%1$s",\
			"title":null,"timestamp":1796097600000}},{"type":"click","data":{"x":85.5,"y":33.25,\
			"timestamp":1796097600001}},{"type":"web_vital","data":{"name":"CLS","value":0.0000041,"id":"v5-1796097600002-1",\
			"rating":"good","delta":0.0000041,"entries":1,"navigation_type":"navigate","timestamp":1796097600002}},\
			{"type":"custom","data":{"name":"js_error","data":"{\\"a\\":{\\"b\\":[1,2.5,null,true]}}",\
			"timestamp":1796097600003}},{"type":"error","data":{"message":"boom","source":null,"lineno":null,\
			"colno":null,"timestamp":1796097600004}}],"scroll_depth":100.8,"time_on_page":30.567158}""";

	/** {@code location.href} values browsers produce, which {@code java.net.URI} refuses. */
	@ParameterizedTest
	@ValueSource(strings = { "https://shop.example.com/p/0?utm_source=news",
			"https://shop.example.com/search?q=a|b&sort={sort}", "https://shop.example.com/?q=^up^&r=back\\\\slash",
			"https://shop.example.com/?q=`tick`", "https://shop.example.com/a|b/c^d", "https://shop.example.com/100%",
			"https://shop.example.com/?discount=50%off", "https://my_shop.example.com/",
			"https://ads.example.com/landing?kw={keyword}&cr={creative}" })
	void acceptsRealSdkTrafficAndDeliversItAsSent(String url) {
		String json = DATA.formatted(url);
		String href = url.replace("\\\\", "\\");

		HttpResponse<String> plain = this.http.postJson("/events", "{\"data\":" + json + ",\"encrypted\":false}");
		HttpResponse<String> encrypted = this.http.postJson("/events", BeaconEncoder.withoutServerSecret()
			.encrypt(json.getBytes(StandardCharsets.UTF_8), "site", BeaconEncoder.bucketOf(NOW), "")
			.toString());

		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
		assertThat(encrypted.statusCode()).as(encrypted.body()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(2).allSatisfy((delivery) -> {
			BeaconPayload payload = ((BeaconDelivery) delivery).payload();
			assertThat(payload.pageUrl()).isEqualTo(href);
			assertThat(payload.entryPage()).isEqualTo(href);
			assertThat(((BeaconEvent.PageView) payload.events().get(0)).location()).isEqualTo(href);
			assertThat(payload.scrollDepth()).isEqualTo(100.8);
			assertThat(payload.scrollPercent()).isEqualTo(100.0);
			assertThat(payload.timeOnPage()).isEqualTo(30.567158);
			assertThat(((BeaconEvent.Click) payload.events().get(1)).y()).isEqualTo(33.25);
			assertThat(((BeaconEvent.WebVital) payload.events().get(2)).value()).isEqualTo(0.0000041);
			assertThat(delivery.wireData().toString()).isEqualTo(json);
		});
	}

}
