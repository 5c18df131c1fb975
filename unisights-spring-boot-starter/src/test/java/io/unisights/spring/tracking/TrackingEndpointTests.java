package io.unisights.spring.tracking;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.spring.Automation;
import io.unisights.spring.Channel;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;
import io.unisights.tracking.TrackingToken.Format;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.unisights.spring.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open and click endpoints over real HTTP with links minted by the {@link TrackingLinks}
 * bean: what the client gets and exactly what the handler receives.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = { RecordingTestApplication.class, TrackingEndpointTests.ClockConfiguration.class },
		properties = { "unisights.tracking.keys=" + TrackingEndpointTests.KEY + "," + TrackingEndpointTests.OLD_KEY,
				"unisights.tracking.base-url=https://mail.example.com", "unisights.tracking.ttl=30d" })
class TrackingEndpointTests {

	static final String KEY = "current-key-0123456789abcdef";

	static final String OLD_KEY = "retired-key-0123456789abcdef";

	static final Instant SENT = Instant.parse("2026-05-04T08:00:00Z");

	static final String TARGET = "https://shop.example.com/sale?utm_source=mail&q=%C3%BCber#offers";

	static final String GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@Autowired
	TrackingLinks links;

	@Autowired
	MutableClock clock;

	TrackingHttp http;

	final ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("message_id", "m-7").put("customer", 42);

	@BeforeEach
	void setUp() {
		this.http = new TrackingHttp(this.port);
		this.handler.reset();
		this.clock.set(SENT);
	}

	@Test
	void servesAnUncachedTransparentPixelAndDeliversTheOpen() {
		String link = this.links.openUrl(this.metadata);
		this.clock.advance(Duration.ofHours(2));

		HttpResponse<byte[]> response = this.http.get(link);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/gif");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
		assertThat(response.body()).hasSize(43);
		assertThat(new String(response.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
		assertThat(this.handler.deliveries()).singleElement().isInstanceOfSatisfying(OpenDelivery.class, (open) -> {
			assertThat(open.channel()).isEqualTo(Channel.OPEN);
			assertThat(open.metadata()).isEqualTo(this.metadata);
			assertThat(open.token().issuedAt()).isEqualTo(SENT);
			assertThat(open.token().format()).isEqualTo(Format.NATIVE);
			assertThat(open.automation()).isEqualTo(Automation.NONE);
			assertThat(open.context().clientIp()).isEqualTo("127.0.0.1");
			assertThat(open.context().userAgent()).isEqualTo(TrackingHttp.THUNDERBIRD);
			assertThat(open.context().receivedAt()).isEqualTo(SENT.plus(Duration.ofHours(2)));
			JsonNode wire = Http.json(open.wireData().toString());
			assertThat(wire.get("metadata")).isEqualTo(this.metadata);
			assertThat(wire.get("tracked_url").isNull()).isTrue();
			assertThat(wire.get("sent_at").asString()).isEqualTo("2026-05-04T08:00:00Z");
			assertThat(wire.get("automated").asBoolean()).isFalse();
			assertThat(wire.get("automated_reason").isNull()).isTrue();
			assertThat(wire.get("format").asString()).isEqualTo("native");
		});
	}

	@Test
	void answersHeadWithThePixelHeadersAndClassifiesItAsAutomated() {
		HttpResponse<byte[]> response = this.http.send("HEAD", this.links.openUrl(this.metadata),
				TrackingHttp.THUNDERBIRD);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/gif");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.body()).isEmpty();
		assertThat(automation()).isEqualTo(Automation.because(Automation.Reason.HEAD_REQUEST));
	}

	@Test
	void classifiesGmailsImageProxyAsAMailProxy() {
		this.http.send("GET", this.links.openUrl(this.metadata), GMAIL_PROXY);

		assertThat(automation()).isEqualTo(Automation.because(Automation.Reason.MAIL_PROXY));
	}

	@Test
	void classifiesApplesPrivacyProxyAsAMailProxy() {
		this.http.send("GET", this.links.openUrl(this.metadata), "Mozilla/5.0");

		assertThat(automation()).isEqualTo(Automation.because(Automation.Reason.MAIL_PROXY));
	}

	@Test
	void redirectsAClickToItsExactTargetAndDeliversIt() {
		String link = this.links.clickUrl(TARGET, this.metadata);
		this.clock.advance(Duration.ofMinutes(3));

		HttpResponse<byte[]> response = this.http.get(link);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(TARGET);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(this.handler.deliveries()).singleElement().isInstanceOfSatisfying(ClickDelivery.class, (click) -> {
			assertThat(click.channel()).isEqualTo(Channel.CLICK);
			assertThat(click.trackedUrl()).isEqualTo(TARGET);
			assertThat(click.metadata()).isEqualTo(this.metadata);
			assertThat(click.automation()).isEqualTo(Automation.NONE);
			assertThat(click.context().receivedAt()).isEqualTo(SENT.plus(Duration.ofMinutes(3)));
			JsonNode wire = Http.json(click.wireData().toString());
			assertThat(wire.get("tracked_url").asString()).isEqualTo(TARGET);
			assertThat(wire.get("metadata")).isEqualTo(this.metadata);
			assertThat(wire.get("automated").asBoolean()).isFalse();
		});
	}

	@Test
	void classifiesAClickSecondsAfterSendingAsTooFast() {
		String link = this.links.clickUrl(TARGET, this.metadata);
		this.clock.advance(Duration.ofSeconds(2));

		HttpResponse<byte[]> response = this.http.get(link);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(automation()).isEqualTo(Automation.because(Automation.Reason.TOO_FAST));
		JsonNode wire = Http.json(this.handler.deliveries().get(0).wireData().toString());
		assertThat(wire.get("automated").asBoolean()).isTrue();
		assertThat(wire.get("automated_reason").asString()).isEqualTo("too-fast");
	}

	@Test
	void classifiesASecurityScannerButStillRedirectsIt() {
		String link = this.links.clickUrl(TARGET, this.metadata);
		this.clock.advance(Duration.ofHours(1));

		HttpResponse<byte[]> response = this.http.send("GET", link,
				"Mozilla/5.0 (compatible; Barracuda Sentinel (EE))");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(automation()).isEqualTo(Automation.because(Automation.Reason.SECURITY_SCANNER));
	}

	@Test
	void acceptsATrailingSlashAfterTheToken() {
		this.clock.advance(Duration.ofHours(1));

		assertThat(this.http.get(this.links.openUrl(this.metadata) + "/").statusCode()).isEqualTo(200);
		assertThat(this.http.get(this.links.clickUrl(TARGET, this.metadata) + "/").statusCode()).isEqualTo(302);
		assertThat(this.handler.deliveries()).hasSize(2);
	}

	@Test
	void refusesATamperedTokenWith404AndNoRedirect() {
		String link = this.links.clickUrl(TARGET, this.metadata);
		String token = link.substring(link.lastIndexOf('/') + 1);
		byte[] raw = Base64.getUrlDecoder().decode(token);
		raw[raw.length / 2] ^= 0x01;
		String tampered = link.substring(0, link.lastIndexOf('/') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

		assertNotFound(this.http.get(tampered));
	}

	@Test
	void refusesAnExpiredTokenWith404() {
		String open = this.links.openUrl(this.metadata);
		String click = this.links.clickUrl(TARGET, this.metadata);
		this.clock.advance(Duration.ofDays(31));

		assertNotFound(this.http.get(open));
		assertNotFound(this.http.get(click));
	}

	@Test
	void refusesATokenSignedWithAnUnknownKeyWith404() {
		TrackingCodec stranger = TrackingCodec.builder().keys(List.of("someone-elses-key-0123456789")).build();

		assertNotFound(this.http.get("/t/click/" + stranger.encodeClick("https://evil.example/", this.metadata)));
		assertNotFound(this.http.get("/t/open/" + stranger.encodeOpen(this.metadata)));
	}

	@Test
	void acceptsLinksSignedWithTheRetiredKey() {
		TrackingCodec retired = TrackingCodec.builder()
			.keys(List.of(OLD_KEY))
			.clock(Clock.fixed(SENT, java.time.ZoneOffset.UTC))
			.build();
		this.clock.advance(Duration.ofHours(1));

		HttpResponse<byte[]> response = this.http.get("/t/click/" + retired.encodeClick(TARGET, this.metadata));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(TARGET);
	}

	@Test
	void refusesAnOpenTokenOnTheClickEndpointAndTheReverse() {
		String open = this.links.openUrl(this.metadata);
		String click = this.links.clickUrl(TARGET, this.metadata);

		assertNotFound(this.http.get(open.replace("/t/open/", "/t/click/")));
		assertNotFound(this.http.get(click.replace("/t/click/", "/t/open/")));
	}

	@Test
	void refusesGarbageAndUnsignedPytrackingLinksWith404() {
		String plain = Base64.getUrlEncoder()
			.encodeToString("{\"url\": \"https://evil.example/\", \"metadata\": {}}".getBytes(StandardCharsets.UTF_8));

		assertNotFound(this.http.get("/t/click/not-a-token"));
		assertNotFound(this.http.get("/t/click/" + plain));
		assertNotFound(this.http.get("/t/open/AAAA"));
		assertNotFound(this.http.get("/t/open/qqqqqqqq"));
	}

	@Test
	void answers500WhenTheHandlerFails() {
		this.handler.failWith(new IllegalStateException("boom"));
		this.clock.advance(Duration.ofHours(1));

		HttpResponse<byte[]> response = this.http.get(this.links.clickUrl(TARGET, this.metadata));

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	private Automation automation() {
		assertThat(this.handler.deliveries()).hasSize(1);
		Object delivery = this.handler.deliveries().get(0);
		return (delivery instanceof OpenDelivery open) ? open.automation() : ((ClickDelivery) delivery).automation();
	}

	private void assertNotFound(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = Http.json(new String(response.body(), StandardCharsets.UTF_8));
		assertThat(problem.get("reason").asString()).isEqualTo("tracking-link-not-found");
		assertThat(problem.get("status").asInt()).isEqualTo(404);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MutableClock clock() {
			return new MutableClock(SENT);
		}

	}

}
