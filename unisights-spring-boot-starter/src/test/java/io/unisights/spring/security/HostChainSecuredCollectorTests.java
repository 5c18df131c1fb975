package io.unisights.spring.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.tracking.TrackingLinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host whose own chain requires authentication for every request: the collector's
 * endpoints answer browsers, mail clients and signing servers as documented, and every
 * other path of the host still refuses anonymous requests.
 */
@Tag("spring-security")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = { SecuredHost.Application.class, HostChainSecuredCollectorTests.HostSecurity.class },
		properties = { "unisights.tracking.keys=" + SecuredHost.KEY,
				"unisights.tracking.base-url=https://mail.example.com",
				"unisights.ingest.secrets=" + SecuredHost.INGEST_SECRET,
				"unisights.cors.allowed-origins=" + SecuredHost.ORIGIN,
				"management.endpoints.web.exposure.include=health,unisightsdeadletter" })
class HostChainSecuredCollectorTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@Autowired
	TrackingLinks links;

	CollectorRequests requests;

	@BeforeEach
	void setUp() {
		this.requests = new CollectorRequests(this.port);
		this.handler.reset();
	}

	@Test
	void acceptsABeaconWithoutCredentialsCsrfTokenOrSession() {
		HttpResponse<String> response = this.requests.beacon(1);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(Http.json(response).get("status").asString()).isEqualTo("delivered");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SecuredHost.ORIGIN);
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.handler.deliveries()).singleElement().isInstanceOf(BeaconDelivery.class);
	}

	@Test
	void letsTheCorsPreflightThroughToTheBeaconEndpointsPolicy() {
		HttpResponse<String> allowed = this.requests.preflight(SecuredHost.ORIGIN);
		HttpResponse<String> other = this.requests.preflight("https://evil.example.net");

		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SecuredHost.ORIGIN);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).contains("POST"));
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(other.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void acceptsASignedServerEventWithoutCredentialsOrCsrfToken() {
		HttpResponse<String> response = this.requests.ingest("evt_secured");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(this.handler.deliveries()).singleElement()
			.isInstanceOfSatisfying(IngestDelivery.class, (delivery) -> assertThat(delivery.id()).isEqualTo("evt_secured"));
	}

	@Test
	void stillVerifiesTheSignatureOfServerEvents() {
		HttpResponse<String> unsigned = this.requests.post("/events/ingest");

		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unsigned.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(Http.json(unsigned).get("reason").asString()).isEqualTo("signature-header-missing");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void servesTheOpenPixelAndTheClickRedirectToMailClients() {
		String open = this.links.openUrl(JsonNodeFactory.instance.objectNode().put("message_id", "m-1"));
		String click = this.links.clickUrl("https://shop.example.com/sale",
				JsonNodeFactory.instance.objectNode().put("message_id", "m-1"));

		HttpResponse<String> pixel = this.requests.follow(open);
		HttpResponse<String> redirect = this.requests.follow(click);
		HttpResponse<String> slashed = this.requests.follow(open + "/");

		assertThat(pixel.statusCode()).isEqualTo(200);
		assertThat(pixel.headers().firstValue("Content-Type")).hasValue("image/gif");
		assertThat(pixel.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("https://shop.example.com/sale");
		assertThat(slashed.statusCode()).isEqualTo(200);
		List<Class<?>> delivered = this.handler.deliveries().stream().<Class<?>>map(Delivery::getClass).toList();
		assertThat(delivered).containsExactly(OpenDelivery.class, ClickDelivery.class, OpenDelivery.class);
	}

	@Test
	void refusalsKeepTheirDocumentedStatusAndProblem() {
		HttpResponse<String> forged = this.requests.get("/t/open/not-a-valid-token");
		HttpResponse<String> malformed = this.requests.http().postJson("/events", "{\"data\":");
		HttpResponse<String> wrongMethod = this.requests.get("/events");

		assertThat(forged.statusCode()).isEqualTo(404);
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(Http.json(malformed).get("reason").asString()).isEqualTo("malformed-json");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void everyOtherPathOfTheHostStillNeedsAuthentication() {
		assertThat(this.requests.get("/account").statusCode()).isEqualTo(401);
		// The host's CSRF protection refuses an anonymous POST before authentication does.
		assertThat(this.requests.post("/account").statusCode()).isEqualTo(403);
		assertThat(this.requests.get("/actuator/unisightsdeadletter").statusCode()).isEqualTo(401);
		// Near the collector's paths, but none of its endpoints.
		assertThat(this.requests.get("/t/open").statusCode()).isEqualTo(401);
		assertThat(this.requests.get("/t/open/token/deeper").statusCode()).isEqualTo(401);
		assertThat(this.requests.get("/events/ingest/other").statusCode()).isEqualTo(401);
		assertThat(this.requests.get("/events-export").statusCode()).isEqualTo(401);
	}

	@Test
	void theHostsChainStillAuthenticatesAndAsksForCsrfTokens() {
		Http http = this.requests.http();
		HttpResponse<String> authenticated = http
			.send(http.request("/account").header("Authorization", SecuredHost.basicAuthorization()).GET().build());
		HttpResponse<String> withoutToken = http.send(http.request("/account")
			.header("Authorization", SecuredHost.basicAuthorization())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());

		assertThat(authenticated.statusCode()).isEqualTo(200);
		assertThat(authenticated.body()).isEqualTo("account");
		assertThat(withoutToken.statusCode()).isEqualTo(403);
	}

	@Configuration(proxyBeanMethods = false)
	static class HostSecurity {

		@Bean
		SecurityFilterChain hostSecurityFilterChain(HttpSecurity http) {
			// Error pages open, as Spring Security recommends, so that refusals keep their status.
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/error").permitAll()
				.anyRequest()
				.authenticated())
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

}
