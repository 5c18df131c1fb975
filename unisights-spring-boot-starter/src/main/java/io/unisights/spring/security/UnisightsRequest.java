package io.unisights.spring.security;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Factory of {@link RequestMatcher}s for the collector's endpoints, for hosts that write
 * their own {@code SecurityFilterChain}, in the spirit of Spring Boot's
 * {@code PathRequest.toH2Console()}:
 * <pre class="code">
 * http.authorizeHttpRequests((requests) -&gt; requests
 *     .requestMatchers(UnisightsRequest.toCollectorEndpoints()).permitAll()
 *     .anyRequest().authenticated());
 * http.csrf((csrf) -&gt; csrf.ignoringRequestMatchers(UnisightsRequest.toCollectorEndpoints()));
 * </pre>
 */
public final class UnisightsRequest {

	private UnisightsRequest() {
	}

	/**
	 * Returns a matcher of the collector's public endpoints that are switched on: the
	 * beacon endpoint ({@code unisights.collect.path}), the server-to-server ingestion
	 * endpoint ({@code unisights.ingest.path}) and the open pixel and click redirect
	 * ({@code unisights.tracking.open-path}, {@code click-path}), any HTTP method, so that
	 * CORS preflights match too. The paths are read from the application context on the
	 * first request; the actuator's dead-letter endpoint is not among them.
	 * @return the matcher
	 */
	public static RequestMatcher toCollectorEndpoints() {
		return new CollectorEndpointsRequestMatcher();
	}

}
