package io.unisights.spring.security;

import io.unisights.spring.beacon.BeaconCollectorAutoConfiguration;
import io.unisights.spring.ingest.IngestAutoConfiguration;
import io.unisights.spring.tracking.TrackingAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.web.servlet.ApplicationContextRequestMatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of a {@link SecurityFilterChain} for the collector's public endpoints
 * when the host uses Spring Security. Browsers, mail clients and signing servers cannot log
 * in, so the chain lets these requests through without authentication, session or CSRF
 * token (the ingestion endpoint authenticates each request by its signature, links by
 * theirs). Its {@code securityMatcher} is {@link UnisightsRequest#toCollectorEndpoints()}:
 * every other request of the host, the actuator included, stays with the host's chains.
 * Switched off by {@code unisights.security.permit-endpoints=false}.
 */
@AutoConfiguration(after = { BeaconCollectorAutoConfiguration.class, IngestAutoConfiguration.class,
		TrackingAutoConfiguration.class },
		// Boot's default chains back off when any SecurityFilterChain exists; coming after
		// them lets them see only the host's chains, never this one, so a host without a
		// chain of its own keeps Boot's "everything else needs a login".
		afterName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ApplicationContextRequestMatcher.class })
@ConditionalOnBooleanProperty(name = "unisights.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "unisights.security.permit-endpoints", matchIfMissing = true)
@EnableConfigurationProperties(CollectorSecurityProperties.class)
public final class UnisightsSecurityAutoConfiguration {

	/**
	 * Order of the collector's chain: just ahead of Spring Boot's default chains, behind
	 * any host chain with an explicit higher precedence.
	 */
	public static final int ORDER = SecurityFilterProperties.BASIC_AUTH_ORDER - 1;

	@Bean
	@Order(ORDER)
	@ConditionalOnBean(HttpSecurity.class)
	@ConditionalOnMissingBean(name = "unisightsSecurityFilterChain")
	SecurityFilterChain unisightsSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher(UnisightsRequest.toCollectorEndpoints())
			// OPTIONS preflights pass as well and are answered by the endpoints' own CORS
			// configuration (unisights.cors.*).
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
