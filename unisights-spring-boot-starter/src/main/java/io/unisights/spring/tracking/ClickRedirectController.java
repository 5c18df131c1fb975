package io.unisights.spring.tracking;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import io.unisights.spring.ClickDelivery;
import io.unisights.spring.web.UnisightsEndpoint;
import io.unisights.tracking.TrackingToken;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves click links at {@code unisights.tracking.click-path}: verifies the link, checks
 * its target against the allow-list, dispatches a {@link ClickDelivery} and redirects
 * (302). Anything invalid gets 404 and never a redirect, so the endpoint cannot serve as
 * an open redirect.
 */
@RestController
@UnisightsEndpoint
public final class ClickRedirectController {

	private final TrackingRequests requests;

	private final RedirectHosts allowedHosts;

	ClickRedirectController(TrackingRequests requests, RedirectHosts allowedHosts) {
		this.requests = requests;
		this.allowedHosts = allowedHosts;
	}

	/**
	 * Records a click and redirects to the link's target.
	 * @param token the link token
	 * @param request the request, for its context and method
	 * @return a 302 to the target
	 */
	@RequestMapping(path = { "${unisights.tracking.click-path:/t/click}/{token}",
			"${unisights.tracking.click-path:/t/click}/{token}/" }, method = { RequestMethod.GET, RequestMethod.HEAD })
	public ResponseEntity<Void> click(@PathVariable String token, HttpServletRequest request) {
		TrackingToken verified = this.requests.verify(token, TrackingToken.Kind.CLICK);
		URI target = target(verified);
		this.requests.dispatch(request, verified, ClickDelivery::new);
		HttpHeaders headers = TrackingRequests.noStoreHeaders();
		headers.set(HttpHeaders.LOCATION, target.toASCIIString());
		// The token must not leak to the target site through the Referer header.
		headers.set("Referrer-Policy", "no-referrer");
		return ResponseEntity.status(HttpStatus.FOUND).headers(headers).build();
	}

	private URI target(TrackingToken token) {
		String url = token.targetUrl();
		// The check a sender makes before minting, so that what is signed is what is followed.
		if (url == null || !this.allowedHosts.allowsTarget(url)) {
			throw TrackingRequests.notFound();
		}
		return URI.create(url);
	}

}
