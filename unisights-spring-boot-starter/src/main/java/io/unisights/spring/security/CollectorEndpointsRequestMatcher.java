package io.unisights.spring.security;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.security.web.servlet.ApplicationContextRequestMatcher;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches the collector's endpoints that the application context switched on, resolved once
 * on the first request so that the matcher can be built before the context is refreshed,
 * and the error dispatches of requests to them.
 */
final class CollectorEndpointsRequestMatcher extends ApplicationContextRequestMatcher<ApplicationContext> {

	private volatile @Nullable RequestMatcher delegate;

	CollectorEndpointsRequestMatcher() {
		super(ApplicationContext.class);
	}

	@Override
	protected boolean ignoreApplicationContext(WebApplicationContext context) {
		// A separate management server serves the actuator only, never the collector.
		return hasServerNamespace(context, "management");
	}

	@Override
	protected void initialized(Supplier<ApplicationContext> context) {
		ApplicationContext resolved = context.get();
		// Boot's builder carries spring.mvc.servlet.path, under which the controllers live.
		PathPatternRequestMatcher.Builder paths = resolved.getBeanProvider(PathPatternRequestMatcher.Builder.class)
			.getIfAvailable(PathPatternRequestMatcher::withDefaults);
		List<RequestMatcher> matchers = CollectorPaths.of(resolved)
			.patterns()
			.stream()
			.<RequestMatcher>map(paths::matcher)
			.toList();
		this.delegate = matchers.isEmpty() ? (request) -> false : new OrRequestMatcher(matchers);
	}

	@Override
	protected boolean matches(HttpServletRequest request, Supplier<ApplicationContext> context) {
		RequestMatcher matcher = this.delegate;
		if (matcher == null) {
			return false;
		}
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			// The error page that Spring MVC renders for one of the collector's requests (a
			// 405 for a wrong method, say) is part of its answer: without this, the host's
			// chain would turn it into a 401 for the anonymous sender.
			return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
					&& matcher.matches(new OriginalRequest(request, original));
		}
		return matcher.matches(request);
	}

	@Override
	public String toString() {
		return "UnisightsRequest.toCollectorEndpoints()";
	}

	/**
	 * An error dispatch seen with the URI of the request that failed. The path that
	 * matchers parse and cache is kept apart, so the error dispatch's own stays untouched.
	 */
	private static final class OriginalRequest extends HttpServletRequestWrapper {

		private final String requestUri;

		private @Nullable Object parsedPath;

		OriginalRequest(HttpServletRequest request, String requestUri) {
			super(request);
			this.requestUri = requestUri;
		}

		@Override
		public String getRequestURI() {
			return this.requestUri;
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return ServletRequestPathUtils.PATH_ATTRIBUTE.equals(name) ? this.parsedPath : super.getAttribute(name);
		}

		@Override
		public void setAttribute(String name, Object value) {
			if (ServletRequestPathUtils.PATH_ATTRIBUTE.equals(name)) {
				this.parsedPath = value;
			}
			else {
				super.setAttribute(name, value);
			}
		}

		@Override
		public void removeAttribute(String name) {
			if (ServletRequestPathUtils.PATH_ATTRIBUTE.equals(name)) {
				this.parsedPath = null;
			}
			else {
				super.removeAttribute(name);
			}
		}

	}

}
