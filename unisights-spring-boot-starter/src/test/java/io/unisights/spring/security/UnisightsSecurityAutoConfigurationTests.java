package io.unisights.spring.security;

import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.beacon.BeaconCollectorAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.ingest.IngestAutoConfiguration;
import io.unisights.spring.tracking.TrackingAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("spring-security")
class UnisightsSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UnisightsAutoConfiguration.class,
				DeliveryAutoConfiguration.class, BeaconCollectorAutoConfiguration.class,
				TrackingAutoConfiguration.class, IngestAutoConfiguration.class,
				UnisightsSecurityAutoConfiguration.class))
		.withPropertyValues("unisights.delivery.dead-letter.path=target/unused-dead-letters.jsonl");

	@Test
	void contributesItsChainAheadOfBootsDefaultWhichStaysInPlace() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("unisightsSecurityFilterChain").hasBean("defaultSecurityFilterChain");
			List<SecurityFilterChain> chains = context.getBean(FilterChainProxy.class).getFilterChains();
			assertThat(chains).hasSize(2);
			assertThat(chains.get(0)).isSameAs(context.getBean("unisightsSecurityFilterChain"));
			assertThat(chains.get(1)).isSameAs(context.getBean("defaultSecurityFilterChain"));
		});
	}

	@Test
	void backsOffWhenPermitEndpointsIsFalse() {
		this.contextRunner.withPropertyValues("unisights.security.permit-endpoints=false")
			.run((context) -> assertThat(context).doesNotHaveBean("unisightsSecurityFilterChain")
				.hasBean("defaultSecurityFilterChain"));
	}

	@Test
	void backsOffWhenTheCollectorIsDisabled() {
		this.contextRunner.withPropertyValues("unisights.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("unisightsSecurityFilterChain"));
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("unisightsSecurityFilterChain"));
	}

	@Test
	void backsOffWhenTheHostDefinesAChainOfTheSameName() {
		this.contextRunner
			.withBean("unisightsSecurityFilterChain", SecurityFilterChain.class,
					() -> new DefaultSecurityFilterChain((request) -> false))
			.run((context) -> assertThat(
					context.getBean("unisightsSecurityFilterChain", SecurityFilterChain.class).getFilters())
				.isEmpty());
	}

	@Test
	void matchesTheBeaconPathOnlyWhileTheOtherEndpointsAreOff() {
		this.contextRunner.withPropertyValues("unisights.collect.path=/collect").run((context) -> {
			RequestMatcher matcher = UnisightsRequest.toCollectorEndpoints();
			assertThat(matcher.matches(request(context, "POST", "/collect"))).isTrue();
			assertThat(matcher.matches(request(context, "OPTIONS", "/collect"))).isTrue();
			assertThat(matcher.matches(request(context, "POST", "/events"))).isFalse();
			assertThat(matcher.matches(request(context, "POST", "/events/ingest"))).isFalse();
			assertThat(matcher.matches(request(context, "GET", "/t/open/token"))).isFalse();
		});
	}

	@Test
	void matchesEveryEndpointSwitchedOnAtItsConfiguredPath() {
		this.contextRunner
			.withPropertyValues("unisights.tracking.keys=tracking-key-0123456789abcdef",
					"unisights.tracking.open-path=/mail/o", "unisights.tracking.click-path=/mail/c",
					"unisights.ingest.secrets=" + SecuredHost.INGEST_SECRET, "unisights.ingest.path=/server-events")
			.run((context) -> {
				RequestMatcher matcher = UnisightsRequest.toCollectorEndpoints();
				assertThat(matcher.matches(request(context, "POST", "/events"))).isTrue();
				assertThat(matcher.matches(request(context, "POST", "/server-events"))).isTrue();
				assertThat(matcher.matches(request(context, "GET", "/mail/o/abc"))).isTrue();
				assertThat(matcher.matches(request(context, "HEAD", "/mail/o/abc/"))).isTrue();
				assertThat(matcher.matches(request(context, "GET", "/mail/c/abc"))).isTrue();
				assertThat(matcher.matches(request(context, "GET", "/mail/c/abc/def"))).isFalse();
				assertThat(matcher.matches(request(context, "GET", "/mail/o"))).isFalse();
				assertThat(matcher.matches(request(context, "POST", "/events/ingest"))).isFalse();
				assertThat(matcher.matches(request(context, "GET", "/t/open/abc"))).isFalse();
			});
	}

	@Test
	void matchesTheErrorDispatchOfACollectorRequestOnly() {
		this.contextRunner.run((context) -> {
			RequestMatcher matcher = UnisightsRequest.toCollectorEndpoints();
			MockHttpServletRequest collector = request(context, "GET", "/error");
			collector.setDispatcherType(DispatcherType.ERROR);
			collector.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/events");
			MockHttpServletRequest host = request(context, "GET", "/error");
			host.setDispatcherType(DispatcherType.ERROR);
			host.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/account");

			assertThat(matcher.matches(collector)).isTrue();
			assertThat(matcher.matches(host)).isFalse();
			assertThat(matcher.matches(request(context, "GET", "/error"))).isFalse();
			assertThat(collector.getRequestURI()).isEqualTo("/error");
		});
	}

	@Test
	void matchesUnderTheDispatcherServletsPath() {
		this.contextRunner.withPropertyValues("spring.mvc.servlet.path=/api").run((context) -> {
			RequestMatcher matcher = UnisightsRequest.toCollectorEndpoints();
			MockHttpServletRequest underServlet = request(context, "POST", "/api/events");
			underServlet.setServletPath("/api");
			underServlet.setPathInfo("/events");
			assertThat(matcher.matches(underServlet)).isTrue();
			assertThat(matcher.matches(request(context, "POST", "/events"))).isFalse();
		});
	}

	private static MockHttpServletRequest request(AssertableWebApplicationContext context, String method,
			String path) {
		MockServletContext servletContext = new MockServletContext();
		servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext, method, path);
		request.setServletPath(path);
		return request;
	}

}
