package io.unisights.spring.forward;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.delivery.DeliveryException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured webhook forwarder is built on Boot's HTTP client support: the
 * host's {@code RestClientCustomizer}s and {@code spring.http.clients.*} settings reach
 * it, except what the forwarder's guarantees rule out (following redirects).
 */
class WebhookForwarderClientTests {

	private static final String SECRET = WebhookSignature.generateSecret();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				ForwardAutoConfiguration.class))
		.withPropertyValues("unisights.forward.webhook.secret=" + SECRET);

	@Test
	void appliesTheHostsRestClientCustomizers() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
			RestClientCustomizer customizer = (builder) -> builder.defaultHeader("X-Deployment", "eu-1");
			this.contextRunner.withBean(RestClientCustomizer.class, () -> customizer)
				.withPropertyValues("unisights.forward.webhook.url=" + receiver.url())
				.run((context) -> context.getBean(WebhookForwarder.class).handle(Deliveries.beacon("customized-1")));
			assertThat(receiver.received()).singleElement().satisfies((request) -> {
				assertThat(request.authentic()).isTrue();
				assertThat(request.headers()).containsEntry("X-Deployment", "eu-1");
			});
		}
	}

	@Test
	void neverFollowsARedirectEvenWhenTheHostsClientSettingsDo() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
			receiver.thenAnswer(307, -1);
			this.contextRunner
				.withPropertyValues("spring.http.clients.redirects=follow",
						"unisights.forward.webhook.url=" + receiver.url())
				.run((context) -> assertThatExceptionOfType(DeliveryException.class)
					.isThrownBy(() -> context.getBean(WebhookForwarder.class).handle(Deliveries.beacon("moved-1")))
					.withMessageContaining("answered 307")
					.satisfies((failure) -> assertThat(failure.isRetryable()).isFalse()));
			assertThat(receiver.received()).singleElement()
				.satisfies((request) -> assertThat(request.target()).isEqualTo("/hook"));
		}
	}

}
