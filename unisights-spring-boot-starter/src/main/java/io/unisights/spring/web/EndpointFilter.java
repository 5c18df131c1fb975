package io.unisights.spring.web;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.core.Ordered;

/**
 * The servlet filter in front of the collector's endpoints, registered by each endpoint's
 * auto-configuration for that endpoint's paths only. Every answer written at those paths,
 * the endpoint's own, a refusal before it is reached and the error page alike, carries
 * {@code X-Content-Type-Options: nosniff}, so that no browser reads a problem or a
 * beacon's answer as another type than it says.
 */
public final class EndpointFilter implements Filter {

	/**
	 * Order of the filter: after the host's observation, security and request-context
	 * filters, just ahead of the dispatcher servlet.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";

	static final String NOSNIFF = "nosniff";

	private EndpointFilter() {
	}

	/**
	 * Creates the filter of an endpoint that answers without reading a body, such as
	 * the open pixel and the click redirect.
	 * @return the filter
	 */
	public static EndpointFilter answering() {
		return new EndpointFilter();
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
		if (request.getDispatcherType() == DispatcherType.REQUEST
				&& response instanceof HttpServletResponse httpResponse) {
			// Set before anything answers, so that a refusal at any later stage carries it too.
			httpResponse.setHeader(CONTENT_TYPE_OPTIONS, NOSNIFF);
		}
		chain.doFilter(request, response);
	}

}
