package io.unisights.spring.web;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * The servlet filter in front of the collector's endpoints, registered by each endpoint's
 * auto-configuration for that endpoint's paths only.
 * <ul>
 * <li>Every answer written at those paths, the endpoint's own, a refusal before it is
 * reached and the error page alike, carries {@code X-Content-Type-Options: nosniff}, so
 * that no browser reads a problem or a beacon's answer as another type than it says.</li>
 * <li>For an endpoint that reads a body, the body of a {@code POST} is read before the
 * request goes on, without holding a request thread while a slow sender trickles it (the
 * container's non-blocking reads); a body still arriving at {@code unisights.body-timeout}
 * is answered 408 and its connection closed. The endpoint takes the body with
 * {@link RequestBodies#read}.</li>
 * <li>A body over the limit is read to its end and thrown away before the 413, up to
 * 1 MiB past the limit and within the body timeout, so that the sender has sent it when
 * the answer comes and reads it rather than a reset connection.</li>
 * <li>A body the endpoint does not read (one longer still, or sent with a request that
 * needs none) is left unread and the connection closed after the answer, so that the
 * container's drain of it does not hold a request thread either.</li>
 * <li>For the beacon endpoint, CORS: preflights are answered and requests from origins
 * not allowed refused with 403, after the body is read, with the configuration as it is
 * ({@code UnisightsProperties.Cors#toCorsConfiguration()}, whose patterns mean hosts).</li>
 * </ul>
 */
public final class EndpointFilter implements Filter {

	/**
	 * Order of the filter: after the host's observation, security and request-context
	 * filters, just ahead of the dispatcher servlet.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";

	static final String NOSNIFF = "nosniff";

	/** The largest body read, in bytes, or {@code -1} when the endpoint reads none. */
	private final long maxBody;

	private final Duration bodyTimeout;

	private final @Nullable CorsConfiguration cors;

	private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

	private EndpointFilter(long maxBody, Duration bodyTimeout, @Nullable CorsConfiguration cors) {
		this.maxBody = maxBody;
		this.bodyTimeout = bodyTimeout;
		this.cors = cors;
	}

	/**
	 * Creates the filter of an endpoint that answers without reading a body, such as
	 * the open pixel and the click redirect.
	 * @return the filter
	 */
	public static EndpointFilter answering() {
		// No body is waited for: the timeout only bounds the moment until the request is
		// dispatched on in non-blocking mode.
		return new EndpointFilter(-1, Duration.ofSeconds(10), null);
	}

	/**
	 * Creates the filter of an endpoint that reads a body.
	 * @param limit the largest body the endpoint accepts; a larger one is left to the
	 * endpoint to refuse, unread as far as possible
	 * @param timeout how long a body may take to arrive, from the end of the headers
	 * @return the filter
	 */
	public static EndpointFilter readingBodies(DataSize limit, Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("Body timeout must be positive but was " + timeout);
		}
		return new EndpointFilter(limit.toBytes(), timeout, null);
	}

	/**
	 * Returns this filter applying a CORS configuration as well.
	 * @param configuration the configuration, applied as it is; {@code null} for none
	 * @return a filter with the configuration
	 */
	public EndpointFilter withCors(@Nullable CorsConfiguration configuration) {
		return new EndpointFilter(this.maxBody, this.bodyTimeout, configuration);
	}

	/**
	 * Registers the filter for an endpoint's paths.
	 * @param dispatcherServletPath where the dispatcher servlet is mapped
	 * ({@code spring.mvc.servlet.path}), or {@code null} for the root
	 * @param paths the endpoint's paths as its controller maps them, such as
	 * {@code /events} or {@code /t/open/*}
	 * @return the registration
	 */
	public FilterRegistrationBean<EndpointFilter> registration(@Nullable DispatcherServletPath dispatcherServletPath,
			String... paths) {
		Set<String> patterns = new LinkedHashSet<>();
		for (String path : paths) {
			patterns.add((dispatcherServletPath != null) ? dispatcherServletPath.getRelativePath(path) : path);
		}
		FilterRegistrationBean<EndpointFilter> registration = new FilterRegistrationBean<>(this);
		registration.setUrlPatterns(patterns);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		registration.setOrder(ORDER);
		return registration;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest httpRequest)
				|| !(response instanceof HttpServletResponse httpResponse)) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getDispatcherType() == DispatcherType.REQUEST) {
			// Set before anything answers, so that a refusal at any later stage carries it too.
			httpResponse.setHeader(CONTENT_TYPE_OPTIONS, NOSNIFF);
			if (BodyRead.start(httpRequest, httpResponse, this.maxBody, this.bodyTimeout)) {
				// The rest of the body arrives without this thread; the request is
				// dispatched again (DispatcherType.ASYNC) once it is read.
				return;
			}
		}
		else if (!BodyRead.dispatched(httpRequest)) {
			// Another asynchronous dispatch (not one of ours) goes on untouched.
			chain.doFilter(request, response);
			return;
		}
		// After the body, so that a refused origin's body is never left to a blocking drain.
		if (this.cors != null && (!this.corsProcessor.processRequest(this.cors, httpRequest, httpResponse)
				|| CorsUtils.isPreFlightRequest(httpRequest))) {
			return;
		}
		chain.doFilter(request, response);
	}

}
