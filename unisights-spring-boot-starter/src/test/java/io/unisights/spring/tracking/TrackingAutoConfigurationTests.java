package io.unisights.spring.tracking;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.tracking.TokenEncoding;
import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingAutoConfigurationTests {

	static final String KEY = "unisights.tracking.keys=auto-config-key-0123456789";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				TrackingAutoConfiguration.class));

	@Test
	void staysOffWithoutAKey() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TrackingCodec.class)
			.doesNotHaveBean(OpenPixelController.class)
			.doesNotHaveBean(ClickRedirectController.class)
			.doesNotHaveBean(TrackingProperties.class));
	}

	@Test
	void sharesTheClickAllowListAsABean() {
		this.contextRunner.withPropertyValues(KEY, "unisights.tracking.allowed-redirect-hosts=*.example.com")
			.run((context) -> {
				RedirectHosts hosts = context.getBean(RedirectHosts.class);
				assertThat(hosts.hosts()).containsExactly("*.example.com");
				assertThat(hosts.allowsTarget("https://shop.example.com/a")).isTrue();
				assertThat(hosts.allowsTarget("https://example.com.attacker.net/")).isFalse();
				assertThat(hosts.allowsTarget("https://shop.example.com\\@attacker.net/")).isFalse();
			});
	}

	@Test
	void backsOffWhenTheHostDefinesTheAllowList() {
		this.contextRunner.withPropertyValues(KEY)
			.withBean(RedirectHosts.class, () -> RedirectHosts.of(List.of("only.example.com")))
			.run((context) -> assertThat(context.getBean(RedirectHosts.class).hosts())
				.containsExactly("only.example.com"));
	}

	@Test
	void switchesOnWithAKeyAndBindsDefaults() {
		this.contextRunner.withPropertyValues(KEY).run((context) -> {
			assertThat(context).hasSingleBean(TrackingCodec.class)
				.hasSingleBean(OpenPixelController.class)
				.hasSingleBean(ClickRedirectController.class)
				.doesNotHaveBean(TrackingLinks.class);
			assertThat(context.getBeansOfType(io.unisights.spring.delivery.DeliveryRestorer.class).values())
				.extracting(io.unisights.spring.delivery.DeliveryRestorer::channel)
				.contains(io.unisights.spring.Channel.OPEN, io.unisights.spring.Channel.CLICK);
			TrackingProperties properties = context.getBean(TrackingProperties.class);
			assertThat(properties.enabled()).isNull();
			assertThat(properties.openPath()).isEqualTo("/t/open");
			assertThat(properties.clickPath()).isEqualTo("/t/click");
			assertThat(properties.baseUrl()).isNull();
			assertThat(properties.keys()).containsExactly("auto-config-key-0123456789");
			assertThat(properties.encrypt()).isFalse();
			assertThat(properties.ttl()).isNull();
			assertThat(properties.encoding()).isEqualTo(TokenEncoding.BASE64URL);
			assertThat(properties.maxLinkLength()).isEqualTo(2000);
			assertThat(properties.allowedRedirectHosts()).isEmpty();
			assertThat(properties.pytracking().fernetKeys()).isEmpty();
			assertThat(properties.pytracking().acceptUnsigned()).isFalse();
		});
	}

	@Test
	void bindsOverriddenProperties() {
		this.contextRunner
			.withPropertyValues("unisights.tracking.keys=new-key-0123456789abcdef,old-key-0123456789abcdef",
					"unisights.tracking.open-path=/mail/o", "unisights.tracking.click-path=/mail/c",
					"unisights.tracking.base-url=https://mail.example.com", "unisights.tracking.encrypt=true",
					"unisights.tracking.ttl=90d", "unisights.tracking.encoding=base32",
					"unisights.tracking.max-link-length=1500",
					"unisights.tracking.allowed-redirect-hosts=shop.example.com,*.example.org",
					"unisights.tracking.pytracking.fernet-keys=y2rWFb0mCBbW6cb0A8Pk8YpXQ8Yhmf2c4Td3iBj0F7E=",
					"unisights.tracking.pytracking.accept-unsigned=true")
			.run((context) -> {
				TrackingProperties properties = context.getBean(TrackingProperties.class);
				assertThat(properties.keys()).hasSize(2);
				assertThat(properties.openPath()).isEqualTo("/mail/o");
				assertThat(properties.clickPath()).isEqualTo("/mail/c");
				assertThat(properties.encrypt()).isTrue();
				assertThat(properties.ttl()).isEqualTo(Duration.ofDays(90));
				assertThat(properties.encoding()).isEqualTo(TokenEncoding.BASE32);
				assertThat(properties.maxLinkLength()).isEqualTo(1500);
				assertThat(properties.allowedRedirectHosts()).containsExactly("shop.example.com", "*.example.org");
				assertThat(properties.pytracking().fernetKeys()).hasSize(1);
				assertThat(properties.pytracking().acceptUnsigned()).isTrue();
				TrackingLinks links = context.getBean(TrackingLinks.class);
				String url = links.openUrl(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
				assertThat(url).matches("https://mail\\.example\\.com/mail/o/q[a-z2-7]+");
			});
	}

	@Test
	void refusesToStartAcceptingUnsignedLinksWithoutRedirectHostsNamingBothProperties() {
		this.contextRunner.withPropertyValues(KEY, "unisights.tracking.pytracking.accept-unsigned=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.tracking.pytracking.accept-unsigned")
				.hasMessageContaining("unisights.tracking.allowed-redirect-hosts")
				.hasMessageContaining("open redirect"));
		this.contextRunner
			.withPropertyValues(KEY, "unisights.tracking.pytracking.accept-unsigned=true",
					"unisights.tracking.allowed-redirect-hosts=shop.example.com")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TrackingCodec.class));
	}

	@Test
	void refusesToStartWithATtlNoTokenCanCarry() {
		this.contextRunner.withPropertyValues(KEY, "unisights.tracking.ttl=100000d")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.tracking.ttl must be positive and at most 50 years"));
	}

	@Test
	void failsStartupWhenEnabledWithoutAKeySayingWhatToSet() {
		this.contextRunner.withPropertyValues("unisights.tracking.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.tracking.enabled is true but no key is configured")
				.hasMessageContaining("set unisights.tracking.keys"));
	}

	@Test
	void failsStartupOnAShortKey() {
		this.contextRunner.withPropertyValues("unisights.tracking.keys=short")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid unisights.tracking configuration: Tracking key [0] is shorter"));
	}

	@Test
	void failsStartupOnAnInvalidPathOrBaseUrl() {
		this.contextRunner.withPropertyValues(KEY, "unisights.tracking.open-path=t/open")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unisights.tracking.open-path must start with '/'"));
		this.contextRunner.withPropertyValues(KEY, "unisights.tracking.base-url=mail.example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid unisights.tracking.base-url"));
	}

	@Test
	void switchesOffWhenDisabledDespiteAKey() {
		this.contextRunner.withPropertyValues(KEY, "unisights.tracking.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TrackingCodec.class)
				.doesNotHaveBean(OpenPixelController.class));
		this.contextRunner.withPropertyValues(KEY, "unisights.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TrackingCodec.class)
				.doesNotHaveBean(ClickRedirectController.class));
	}

	@Test
	void staysOffOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UnisightsAutoConfiguration.class,
					DeliveryAutoConfiguration.class, TrackingAutoConfiguration.class))
			.withPropertyValues(KEY)
			.run((context) -> assertThat(context).doesNotHaveBean(TrackingCodec.class));
	}

	@Test
	void backsOffWhenTheHostDefinesItsOwnCodecAndLinks() {
		this.contextRunner.withUserConfiguration(HostTracking.class)
			.withPropertyValues(KEY, "unisights.tracking.base-url=https://mail.example.com")
			.run((context) -> {
				assertThat(context).hasSingleBean(TrackingCodec.class).hasSingleBean(TrackingLinks.class);
				assertThat(context.getBean(TrackingCodec.class)).isSameAs(context.getBean("hostCodec"));
				assertThat(context.getBean(TrackingLinks.class)).isSameAs(context.getBean("hostLinks"));
				assertThat(context).hasSingleBean(OpenPixelController.class);
			});
	}

	@Test
	void neverRendersSecrets() {
		this.contextRunner
			.withPropertyValues(KEY, "unisights.tracking.pytracking.fernet-keys=y2rWFb0mCBbW6cb0A8Pk8YpXQ8Yhmf2c4Td3iBj0F7E=")
			.run((context) -> assertThat(context.getBean(TrackingProperties.class).toString())
				.doesNotContain("auto-config-key")
				.doesNotContain("y2rWFb0m")
				.contains("keys=[1 x ******]"));
	}

	@Configuration(proxyBeanMethods = false)
	static class HostTracking {

		@Bean
		TrackingCodec hostCodec() {
			return TrackingCodec.builder().keys(java.util.List.of("host-key-0123456789abcdef")).build();
		}

		@Bean
		TrackingLinks hostLinks(TrackingCodec codec) {
			return TrackingLinks.builder(codec).baseUrl("https://host.example.com").build();
		}

	}

}
