package io.unisights.spring.security;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import io.unisights.spring.test.RecordingEventHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that only added {@code spring-boot-starter-security}: Spring Boot's default chains
 * stay in place for everything but the collector, whose chain must not make them back off.
 */
@Tag("spring-security")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredHost.Application.class,
		properties = { "unisights.ingest.secrets=" + SecuredHost.INGEST_SECRET,
				"management.endpoints.web.exposure.include=health,unisightsdeadletter" })
class DefaultSecuredCollectorTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	CollectorRequests requests;

	@BeforeEach
	void setUp() {
		this.requests = new CollectorRequests(this.port);
		this.handler.reset();
	}

	@Test
	void acceptsBeaconsAndSignedServerEvents() {
		HttpResponse<String> beacon = this.requests.beacon(2);
		HttpResponse<String> event = this.requests.ingest("evt_default");

		assertThat(beacon.statusCode()).as(beacon.body()).isEqualTo(200);
		assertThat(event.statusCode()).as(event.body()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(2);
	}

	@Test
	void refusalsKeepTheirStatusWithoutAnOpenErrorPage() {
		HttpResponse<String> unsigned = this.requests.post("/events/ingest");
		HttpResponse<String> wrongMethod = this.requests.get("/events");

		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unsigned.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(unsigned.body()).contains("signature-header-missing");
		// Spring MVC renders this one as an error page, which stays the collector's answer.
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(this.requests.get("/events/unknown").statusCode()).isEqualTo(401);
	}

	@Test
	void bootsDefaultChainsStillGuardTheHostAndTheActuator() {
		assertThat(this.requests.get("/account").statusCode()).isEqualTo(401);
		assertThat(this.requests.get("/error").statusCode()).isEqualTo(401);
		assertThat(this.requests.get("/actuator/unisightsdeadletter").statusCode()).isEqualTo(401);
		// Boot's own rule for the actuator: health stays open to probes.
		assertThat(this.requests.get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void trackingPathsAreNotOpenedWhileTrackingIsOff() {
		assertThat(this.requests.get("/t/open/anything").statusCode()).isEqualTo(401);
	}

}
