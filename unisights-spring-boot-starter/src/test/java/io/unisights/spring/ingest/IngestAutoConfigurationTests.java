package io.unisights.spring.ingest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.unisights.ingest.EventTypes;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class IngestAutoConfigurationTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				IngestAutoConfiguration.class));

	@Test
	void staysOffWithoutASecret() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(IngestController.class)
			.doesNotHaveBean(WebhookSignature.class));
		this.contextRunner.withPropertyValues("unisights.ingest.secrets=")
			.run((context) -> assertThat(context).doesNotHaveBean(IngestController.class));
	}

	@Test
	void registersTheEndpointWithDefaultsOnceASecretIsSet() {
		this.contextRunner.withPropertyValues("unisights.ingest.secrets[0]=" + SECRET).run((context) -> {
			assertThat(context).hasSingleBean(IngestController.class)
				.hasSingleBean(IngestDeliveryRestorer.class)
				.hasSingleBean(EventTypes.class);
			IngestProperties properties = context.getBean(IngestProperties.class);
			assertThat(properties.path()).isEqualTo("/events/ingest");
			assertThat(properties.tolerance()).isEqualTo(Duration.ofMinutes(5));
			assertThat(properties.maxBatchSize()).isEqualTo(500);
			assertThat(properties.maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.dedupeWindow()).isEqualTo(Duration.ofHours(24));
			assertThat(properties.allowUnknownTypes()).isFalse();
			assertThat(properties.toString()).doesNotContain(SECRET.substring(6));
			assertThat(context.getBean(WebhookSignature.class).secretCount()).isEqualTo(1);
		});
	}

	@Test
	void bindsOverriddenProperties() {
		this.contextRunner
			.withPropertyValues("unisights.ingest.secrets=" + SECRET + "," + WebhookSignature.generateSecret(),
					"unisights.ingest.tolerance=30s", "unisights.ingest.extra-types=loyalty.points_earned")
			.run((context) -> {
				WebhookSignature signature = context.getBean(WebhookSignature.class);
				assertThat(signature.secretCount()).isEqualTo(2);
				assertThat(signature.tolerance()).isEqualTo(Duration.ofSeconds(30));
				assertThat(context.getBean(EventTypes.class).contains("loyalty.points_earned")).isTrue();
			});
	}

	@Test
	void failsAtStartupOnAMalformedSecret() {
		this.contextRunner.withPropertyValues("unisights.ingest.secrets=whsec_short")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void registersTheEndpointWithPublicKeysAlone() {
		WebhookSignature.KeyPair old = WebhookSignature.generateKeyPair();
		WebhookSignature.KeyPair fresh = WebhookSignature.generateKeyPair();
		this.contextRunner
			.withPropertyValues("unisights.ingest.public-keys[0]=" + old.publicKey(),
					"unisights.ingest.public-keys[1]=" + fresh.publicKey())
			.run((context) -> {
				assertThat(context).hasSingleBean(IngestController.class);
				WebhookSignature signature = context.getBean(WebhookSignature.class);
				assertThat(signature.publicKeyCount()).isEqualTo(2);
				assertThat(signature.secretCount()).isZero();
				assertThat(context.getBean(IngestProperties.class).toString()).contains("publicKeys=2 set");
			});
		this.contextRunner.withPropertyValues("unisights.ingest.public-keys=")
			.run((context) -> assertThat(context).doesNotHaveBean(IngestController.class));
	}

	@Test
	void verifiesWithSecretsAndPublicKeysTogether() {
		this.contextRunner
			.withPropertyValues("unisights.ingest.secrets=" + SECRET,
					"unisights.ingest.public-keys=" + WebhookSignature.generateKeyPair().publicKey())
			.run((context) -> {
				WebhookSignature signature = context.getBean(WebhookSignature.class);
				assertThat(signature.secretCount()).isEqualTo(1);
				assertThat(signature.publicKeyCount()).isEqualTo(1);
			});
	}

	@Test
	void failsAtStartupNamingAMalformedPublicKey() {
		String good = WebhookSignature.generateKeyPair().publicKey();
		this.contextRunner
			.withPropertyValues("unisights.ingest.public-keys[0]=" + good, "unisights.ingest.public-keys[1]=whpk_c2hvcnQ=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.ingest.public-keys[1]")
				.hasMessageContaining("32 bytes"));
	}

	@Test
	void failsAtStartupOnAPrivateKeyListedAsAPublicKeyWithoutShowingIt() {
		String privateKey = WebhookSignature.generateKeyPair().privateKey();
		this.contextRunner.withPropertyValues("unisights.ingest.public-keys[0]=" + privateKey)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.ingest.public-keys[0]")
				.hasMessageContaining("whsk_ private key")
				.hasMessageNotContaining(privateKey.substring(5)));
	}

	@Test
	void failsAtStartupNamingAMalformedSecret() {
		this.contextRunner.withPropertyValues("unisights.ingest.secrets[0]=" + SECRET, "unisights.ingest.secrets[1]=whsec_short")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.ingest.secrets[1]"));
	}

	@Test
	void staysOffWhenTheCollectorIsDisabled() {
		this.contextRunner.withPropertyValues("unisights.enabled=false", "unisights.ingest.secrets=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(IngestController.class));
	}

}
