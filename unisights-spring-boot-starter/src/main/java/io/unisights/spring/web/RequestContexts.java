package io.unisights.spring.web;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import io.unisights.spring.RequestContext;

import org.springframework.http.HttpHeaders;

/**
 * Captures the {@link RequestContext} of a servlet request.
 */
public final class RequestContexts {

	private RequestContexts() {
	}

	/**
	 * Captures what the collector keeps about a request. The client address is the
	 * container's, so it honours {@code server.forward-headers-strategy}.
	 * @param request the request
	 * @param receivedAt when the request arrived
	 * @return the context
	 */
	public static RequestContext from(HttpServletRequest request, Instant receivedAt) {
		return new RequestContext(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT),
				request.getHeader(HttpHeaders.ORIGIN), receivedAt);
	}

}
