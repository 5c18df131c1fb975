package io.unisights.spring.security;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.unisights.spring.test.RecordingEventHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code unisights.security.permit-endpoints=false}: the host secures the collector's paths
 * like any other, here with Spring Boot's default chain.
 */
@Tag("spring-security")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredHost.Application.class,
		properties = "unisights.security.permit-endpoints=false")
class PermitEndpointsSwitchTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@Autowired
	ApplicationContext context;

	@Test
	void leavesTheCollectorsPathsToTheHostsSecurity() {
		CollectorRequests requests = new CollectorRequests(this.port);

		assertThat(requests.beacon(3).statusCode()).isEqualTo(401);
		assertThat(this.handler.deliveries()).isEmpty();
		assertThat(this.context.containsBean("unisightsSecurityFilterChain")).isFalse();
	}

}
