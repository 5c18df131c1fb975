package io.unisights.spring.security;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.unisights.spring.test.RecordingEventHandler;

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
 * A host that writes one chain for everything and opens the collector's endpoints in it
 * with {@link UnisightsRequest#toCollectorEndpoints()}, the collector's own chain switched
 * off.
 */
@Tag("spring-security")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = { SecuredHost.Application.class, HostComposedChainTests.HostSecurity.class },
		properties = { "unisights.security.permit-endpoints=false",
				"unisights.ingest.secrets=" + SecuredHost.INGEST_SECRET,
				"unisights.cors.allowed-origins=" + SecuredHost.ORIGIN })
class HostComposedChainTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@Test
	void theMatcherOpensExactlyTheCollectorsEndpoints() {
		CollectorRequests requests = new CollectorRequests(this.port);
		this.handler.reset();

		HttpResponse<String> beacon = requests.beacon(4);
		HttpResponse<String> event = requests.ingest("evt_composed");
		HttpResponse<String> preflight = requests.preflight(SecuredHost.ORIGIN);

		assertThat(beacon.statusCode()).as(beacon.body()).isEqualTo(200);
		assertThat(event.statusCode()).as(event.body()).isEqualTo(200);
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SecuredHost.ORIGIN);
		assertThat(this.handler.deliveries()).hasSize(2);
		assertThat(requests.get("/account").statusCode()).isEqualTo(401);
		assertThat(requests.get("/t/open/anything").statusCode()).isEqualTo(401);
	}

	@Configuration(proxyBeanMethods = false)
	static class HostSecurity {

		@Bean
		SecurityFilterChain hostSecurityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(UnisightsRequest.toCollectorEndpoints())
				.permitAll()
				.anyRequest()
				.authenticated())
				.csrf((csrf) -> csrf.ignoringRequestMatchers(UnisightsRequest.toCollectorEndpoints()))
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

}
