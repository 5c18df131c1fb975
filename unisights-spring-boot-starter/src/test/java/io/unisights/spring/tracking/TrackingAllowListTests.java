package io.unisights.spring.tracking;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import io.unisights.spring.test.SharedVectors;
import io.unisights.tracking.TrackingLinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.unisights.spring.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that restricts redirect targets, encrypts its links in base32 and has no
 * pytracking configuration.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = { RecordingTestApplication.class, TrackingAllowListTests.ClockConfiguration.class },
		properties = { "unisights.tracking.keys=allow-list-key-0123456789abcdef",
				"unisights.tracking.base-url=https://mail.example.com/", "unisights.tracking.encrypt=true",
				"unisights.tracking.encoding=base32",
				"unisights.tracking.allowed-redirect-hosts=shop.example.com,*.example.org" })
class TrackingAllowListTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@Autowired
	TrackingLinks links;

	@Autowired
	MutableClock clock;

	TrackingHttp http;

	final ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("message_id", "m-9");

	@BeforeEach
	void setUp() {
		this.http = new TrackingHttp(this.port);
		this.handler.reset();
	}

	@Test
	void redirectsToAnExactlyAllowedHostIgnoringCase() {
		assertRedirects("https://SHOP.example.com/cart");
	}

	@Test
	void redirectsToASubdomainOfAWildcardHost() {
		assertRedirects("http://news.example.org/today");
		assertRedirects("https://a.b.example.org/");
	}

	@Test
	void refusesEveryOtherHostWith404() {
		for (String target : List.of("https://evil.example.com/", "https://example.org/",
				"https://shop.example.com.evil.example/", "https://notexample.org/")) {
			String link = this.links.clickUrl(target, this.metadata);
			this.clock.advance(Duration.ofHours(1));
			HttpResponse<byte[]> response = this.http.get(link);
			assertThat(response.statusCode()).as(target).isEqualTo(404);
			assertThat(response.headers().firstValue("Location")).as(target).isEmpty();
		}
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void readsItsBase32LinksAfterAMailerUpperCasedThem() {
		String link = this.links.clickUrl("https://shop.example.com/cart", this.metadata);
		String token = link.substring(link.lastIndexOf('/') + 1);
		this.clock.advance(Duration.ofHours(1));

		assertThat(token).matches("[a-z2-7]+");
		HttpResponse<byte[]> response = this.http.get("/t/click/" + token.toUpperCase(java.util.Locale.ROOT));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("https://shop.example.com/cart");
	}

	@Test
	void refusesPytrackingLinksByDefault() {
		for (JsonNode vector : SharedVectors.vectors("pytracking-links.json")) {
			String link = vector.get("link").asString();
			String token = link.substring(link.lastIndexOf('/') + 1);
			String path = ("click".equals(vector.get("kind").asString()) ? "/t/click/" : "/t/open/") + token;
			assertThat(this.http.get(path).statusCode()).as(vector.get("name").asString()).isEqualTo(404);
		}
		assertThat(this.handler.deliveries()).isEmpty();
	}

	private void assertRedirects(String target) {
		String link = this.links.clickUrl(target, this.metadata);
		this.clock.advance(Duration.ofHours(1));

		HttpResponse<byte[]> response = this.http.get(link);

		assertThat(response.statusCode()).as(target).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).as(target).hasValue(target);
	}

	@Configuration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MutableClock clock() {
			return new MutableClock(java.time.Instant.parse("2026-05-04T08:00:00Z"));
		}

	}

}
