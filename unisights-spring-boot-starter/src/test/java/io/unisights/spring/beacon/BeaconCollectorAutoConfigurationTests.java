package io.unisights.spring.beacon;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.web.UnisightsExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class BeaconCollectorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				BeaconCollectorAutoConfiguration.class));

	@Test
	void registersTheEndpointWithDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BeaconController.class)
				.hasSingleBean(BeaconDecoder.class)
				.hasSingleBean(EventDispatcher.class)
				.hasSingleBean(UnisightsExceptionHandler.class);
			CollectProperties properties = context.getBean(CollectProperties.class);
			assertThat(properties.path()).isEqualTo("/events");
			assertThat(properties.maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.validateSchema()).isTrue();
			assertThat(properties.validateRequiredFields()).isTrue();
			assertThat(properties.serverSecret()).isNull();
			assertThat(properties.maxBucketAge()).isNull();
		});
	}

	@Test
	void bindsOverriddenProperties() {
		this.contextRunner
			.withPropertyValues("unisights.collect.path=/api/events", "unisights.collect.max-payload-size=5MB",
					"unisights.collect.validate-schema=false", "unisights.collect.validate-required-fields=false",
					"unisights.collect.server-secret=s3cret", "unisights.collect.max-bucket-age=2m")
			.run((context) -> {
				CollectProperties properties = context.getBean(CollectProperties.class);
				assertThat(properties.path()).isEqualTo("/api/events");
				assertThat(properties.maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(5));
				assertThat(properties.validateSchema()).isFalse();
				assertThat(properties.validateRequiredFields()).isFalse();
				assertThat(properties.serverSecret()).isEqualTo("s3cret");
				assertThat(properties.maxBucketAge()).isEqualTo(Duration.ofMinutes(2));
			});
	}

	@Test
	void neverRendersTheServerSecret() {
		this.contextRunner.withPropertyValues("unisights.collect.server-secret=s3cret")
			.run((context) -> assertThat(context.getBean(CollectProperties.class).toString()).doesNotContain("s3cret")
				.contains("serverSecret=******"));
	}

	@Test
	void failsAtStartupOnAPathWithoutLeadingSlash() {
		this.contextRunner.withPropertyValues("unisights.collect.path=events")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.collect.path must start with '/'"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://*.example.com/path", "https://example.com?x", "https://user@example.com",
			"*://example.com", "example.com", "https://exa mple.com", "https://example.com:99999999",
			"https://example.com:[a,b]", "https://[::1]*" })
	void failsAtStartupOnAnAllowedOriginThatIsNoOriginNamingIt(String origin) {
		this.contextRunner
			.withPropertyValues("unisights.cors.allowed-origins[0]=https://ok.example.com",
					"unisights.cors.allowed-origins[1]=" + origin)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.cors.allowed-origins[1] must be an origin")
				.hasMessageContaining("but was '" + origin + "'"));
	}

	@Test
	void switchesOffWhenDisabled() {
		this.contextRunner.withPropertyValues("unisights.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BeaconController.class)
				.doesNotHaveBean(BeaconDecoder.class)
				.doesNotHaveBean(EventDispatcher.class)
				.doesNotHaveBean(UnisightsExceptionHandler.class));
	}

	@Test
	void staysOutOfNonWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
					BeaconCollectorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BeaconController.class)
				.doesNotHaveBean(EventDispatcher.class));
	}

	@Test
	void backsOffWhenHostDefinesDecoderAndDispatcher() {
		this.contextRunner.withUserConfiguration(HostConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BeaconDecoder.class).hasSingleBean(EventDispatcher.class);
			assertThat(context.getBean(BeaconDecoder.class)).isSameAs(HostConfiguration.DECODER);
			assertThat(context.getBean(EventDispatcher.class)).isSameAs(HostConfiguration.DISPATCHER);
			assertThat(context).hasSingleBean(BeaconController.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class HostConfiguration {

		static final BeaconDecoder DECODER = BeaconDecoder.builder().validateSchema(false).build();

		static final EventDispatcher DISPATCHER = (delivery) -> DispatchResult.DELIVERED;

		@Bean
		BeaconDecoder hostDecoder() {
			return DECODER;
		}

		@Bean
		EventDispatcher hostDispatcher() {
			return DISPATCHER;
		}

	}

}
