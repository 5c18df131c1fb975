package io.unisights.sample;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What the sample shows to whom. The collector's endpoints are the starter's own chain
 * (open to browsers, mail clients and signing servers); the demo pages and what they call
 * are open too, so that they work as a site's pages would. Everything that shows
 * collected data or acts on it (the dashboard, {@code /sample/received}, the actuator but
 * health) needs the demo user's login ({@code spring.security.user.*}, whose password
 * {@link SampleSecrets} generates at first start).
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurityConfiguration {

	/** Open to anyone: the demo pages, their assets and the endpoints they call. */
	private static final String[] DEMO_PATHS = { "/demo", "/demo/**", "/email", "/email/**", "/sample.css",
			"/webjars/**", "/favicon.ico", "/error", "/sample/emails/**", "/sample/baseline", "/actuator/health",
			"/actuator/health/**" };

	/**
	 * Posted by the demo pages' scripts and by the load benchmark, which hold no session
	 * to forge a request with: the email endpoints sign links to the allow-list's hosts
	 * only and accept JSON or HTML bodies only, which no cross-site form can send, and the
	 * baseline discards what it reads.
	 */
	private static final String[] SESSIONLESS_POSTS = { "/sample/emails/**", "/sample/baseline" };

	@Bean
	SecurityFilterChain sampleSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(DEMO_PATHS)
			.permitAll()
			.anyRequest()
			.authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(SESSIONLESS_POSTS)
				.ignoringRequestMatchers(SampleSecurityConfiguration::isScriptedActuatorCall))
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * A call of the actuator by a script ({@code curl -u demo:… -X POST}), which has no
	 * session and so no CSRF token: it carries its credentials and no {@code Origin}.
	 * Browsers send an {@code Origin} with every {@code POST}, so a page of another site
	 * cannot pass for one, even where the browser keeps the demo user's credentials.
	 */
	private static boolean isScriptedActuatorCall(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/actuator/")
				&& request.getHeader(HttpHeaders.AUTHORIZATION) != null && request.getHeader(HttpHeaders.ORIGIN) == null;
	}

}
