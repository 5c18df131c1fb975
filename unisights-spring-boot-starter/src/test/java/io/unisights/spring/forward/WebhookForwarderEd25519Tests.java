package io.unisights.spring.forward;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.delivery.DeliveryException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The webhook forwarder signing Standard Webhooks {@code v1a} with an Ed25519 private key,
 * over real HTTP to a receiver that holds only the public key.
 */
class WebhookForwarderEd25519Tests {

	private static final WebhookSignature.KeyPair PAIR = WebhookSignature.generateKeyPair();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				ForwardAutoConfiguration.class));

	@Test
	void signsWithThePrivateKeyForAReceiverThatHoldsThePublicKey() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(PAIR.publicKey())) {
			this.contextRunner
				.withPropertyValues("unisights.forward.webhook.url=" + receiver.url(),
						"unisights.forward.webhook.private-key=" + PAIR.privateKey())
				.run((context) -> context.getBean(WebhookForwarder.class).handle(Deliveries.beacon("ed25519-1")));
			assertThat(receiver.received()).singleElement().satisfies((request) -> {
				assertThat(request.authentic()).isTrue();
				assertThat(request.answered()).isEqualTo(200);
				assertThat(request.headers().get("webhook-signature")).startsWith("v1a,").doesNotContain(" ");
			});
		}
	}

	@Test
	void signsWithTheSecretAndThePrivateKeyTogether() throws Exception {
		String secret = WebhookSignature.generateSecret();
		try (WebhookReceiver publicKeyOnly = new WebhookReceiver(PAIR.publicKey());
				WebhookReceiver secretOnly = new WebhookReceiver(secret)) {
			for (WebhookReceiver receiver : new WebhookReceiver[] { publicKeyOnly, secretOnly }) {
				this.contextRunner
					.withPropertyValues("unisights.forward.webhook.url=" + receiver.url(),
							"unisights.forward.webhook.secret=" + secret,
							"unisights.forward.webhook.private-key=" + PAIR.privateKey())
					.run((context) -> context.getBean(WebhookForwarder.class).handle(Deliveries.beacon("both-1")));
				assertThat(receiver.received()).singleElement().satisfies((request) -> {
					assertThat(request.authentic()).isTrue();
					assertThat(request.headers().get("webhook-signature").split(" ")).hasSize(2);
				});
			}
		}
	}

	@Test
	void isRefusedByAReceiverThatHoldsAnotherPublicKey() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(WebhookSignature.generateKeyPair().publicKey())) {
			this.contextRunner
				.withPropertyValues("unisights.forward.webhook.url=" + receiver.url(),
						"unisights.forward.webhook.private-key=" + PAIR.privateKey())
				.run((context) -> assertThatExceptionOfType(DeliveryException.class)
					.isThrownBy(() -> context.getBean(WebhookForwarder.class).handle(Deliveries.beacon("other-1")))
					.withMessageContaining("answered 401"));
			assertThat(receiver.received()).singleElement().satisfies((request) -> assertThat(request.authentic()).isFalse());
		}
	}

	@Test
	void failsAtStartupNamingAMalformedPrivateKeyWithoutShowingIt() {
		this.contextRunner
			.withPropertyValues("unisights.forward.webhook.url=http://127.0.0.1:9/hook",
					"unisights.forward.webhook.private-key=" + PAIR.publicKey())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.forward.webhook.private-key")
				.hasMessageContaining("whpk_ public key")
				.hasMessageNotContaining(PAIR.publicKey().substring(5)));
		String truncated = PAIR.privateKey().substring(0, 20);
		this.contextRunner
			.withPropertyValues("unisights.forward.webhook.url=http://127.0.0.1:9/hook",
					"unisights.forward.webhook.private-key=" + truncated)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.forward.webhook.private-key")
				.hasMessageNotContaining(truncated.substring(5)));
	}

	@Test
	void failsAtStartupNamingAMalformedSecret() {
		this.contextRunner
			.withPropertyValues("unisights.forward.webhook.url=http://127.0.0.1:9/hook",
					"unisights.forward.webhook.secret=whsec_c2hvcnQ=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.forward.webhook.secret"));
	}

	@Test
	void failsAtStartupWithNeitherSecretNorPrivateKey() {
		this.contextRunner.withPropertyValues("unisights.forward.webhook.url=http://127.0.0.1:9/hook")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.forward.webhook.secret")
				.hasMessageContaining("unisights.forward.webhook.private-key"));
	}

}
