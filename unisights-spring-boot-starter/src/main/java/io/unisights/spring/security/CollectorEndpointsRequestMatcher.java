package io.unisights.spring.security;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.security.web.servlet.ApplicationContextRequestMatcher;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;

/**
 * Matches the collector's endpoints that the application context switched on, resolved once
 * on the first request so that the matcher can be built before the context is refreshed.
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
		return matcher != null && matcher.matches(request);
	}

	@Override
	public String toString() {
		return "UnisightsRequest.toCollectorEndpoints()";
	}

}
