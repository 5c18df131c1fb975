package io.unisights.spring;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Settings shared by every endpoint of the collector.
 *
 * @param enabled Whether the collector's endpoints and delivery are switched on
 * @param debug Whether problem responses for handler failures include the exception's
 * message; keep off in production, where it could reveal internals
 * @param cors Cross-origin settings of the beacon endpoint
 * @param bodyTimeout Longest a request to the beacon or ingestion endpoint may take to
 * send its body, counted from the end of its headers; a body still arriving then is
 * answered 408 and its connection closed. Bodies are read without holding a request
 * thread, so slow senders wait here without keeping others from being served
 */
@ConfigurationProperties("unisights")
public record UnisightsProperties(@DefaultValue("true") boolean enabled, boolean debug, @DefaultValue Cors cors,
		@DefaultValue("10s") Duration bodyTimeout) {

	/**
	 * Checks the components.
	 */
	public UnisightsProperties {
		if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
			throw new IllegalArgumentException("unisights.body-timeout must be positive but was " + bodyTimeout);
		}
	}

	/**
	 * Cross-origin settings of the beacon endpoint. {@code navigator.sendBeacon} sends
	 * credentials, so allowed origins are echoed exactly, never as {@code *}.
	 *
	 * @param allowedOrigins Origins whose pages may send beacons: exact origins such as
	 * https://shop.example.com, or patterns whose wildcard stands for host labels
	 * (https://*.example.com) or a port (http://localhost:*, :[8080,8081]) and never for a
	 * path, query or user-info; a lone * allows every origin; empty means no CORS headers
	 * are sent for any origin
	 * @param maxAge How long browsers may cache a preflight answer
	 */
	public record Cors(@DefaultValue List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {

		/**
		 * Checks every origin and pattern, naming the first one that is neither.
		 */
		public Cors {
			allowedOrigins = List.copyOf(allowedOrigins);
			AllowedOrigins.of(allowedOrigins);
		}

		/**
		 * Builds the CORS configuration for the beacon endpoint. Its origins are checked
		 * by this library's patterns (a wildcard means a host or a port), so it is to be
		 * applied as it is, by a {@code CorsProcessor}: combined with another
		 * configuration it allows no origin.
		 * @return the configuration, or {@code null} if no origin is allowed
		 */
		public @Nullable CorsConfiguration toCorsConfiguration() {
			if (this.allowedOrigins.isEmpty()) {
				return null;
			}
			CorsConfiguration configuration = new HostOriginsCorsConfiguration(AllowedOrigins.of(this.allowedOrigins));
			configuration.addAllowedMethod("POST");
			configuration.addAllowedHeader(CorsConfiguration.ALL);
			configuration.setAllowCredentials(true);
			configuration.setMaxAge(this.maxAge);
			return configuration;
		}

	}

	/**
	 * A CORS configuration whose origins are matched by {@link AllowedOrigins}; the
	 * matching origin is echoed, as credentials require.
	 */
	private static final class HostOriginsCorsConfiguration extends CorsConfiguration {

		private final AllowedOrigins origins;

		HostOriginsCorsConfiguration(AllowedOrigins origins) {
			this.origins = origins;
		}

		@Override
		public @Nullable String checkOrigin(@Nullable String origin) {
			return (origin != null && !origin.isBlank() && this.origins.allows(origin)) ? origin : null;
		}

	}

}
