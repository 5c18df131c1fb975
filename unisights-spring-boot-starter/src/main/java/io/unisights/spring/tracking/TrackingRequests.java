package io.unisights.spring.tracking;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.spring.Automation;
import io.unisights.spring.RequestContext;
import io.unisights.spring.web.ProblemException;
import io.unisights.spring.web.ProblemType;
import io.unisights.spring.web.RequestContexts;
import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingToken;
import io.unisights.tracking.TrackingTokenException;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;

/** What the open and click endpoints share: verifying, refusing and classifying. */
final class TrackingRequests {

	private static final Log logger = LogFactory.getLog(TrackingRequests.class);

	private final TrackingCodec codec;

	private final AutomationClassifier classifier;

	private final Clock clock;

	TrackingRequests(TrackingCodec codec, AutomationClassifier classifier, Clock clock) {
		this.codec = codec;
		this.classifier = classifier;
		this.clock = clock;
	}

	TrackingToken verify(String token, TrackingToken.Kind kind) {
		try {
			return this.codec.decode(token, kind);
		}
		catch (TrackingTokenException ex) {
			// Same answer for every reason, so probing reveals nothing; the log tells why.
			if (logger.isDebugEnabled()) {
				logger.debug("Refused " + kind.name().toLowerCase(java.util.Locale.ROOT) + " tracking link: "
						+ ex.reason() + " (" + ex.getMessage() + ")");
			}
			throw notFound();
		}
	}

	static ProblemException notFound() {
		return new ProblemException(ProblemType.TRACKING_LINK_NOT_FOUND, null, "This tracking link is not valid");
	}

	RequestContext context(HttpServletRequest request) {
		return RequestContexts.from(request, this.clock.instant());
	}

	Automation classify(HttpServletRequest request, TrackingToken token, RequestContext context) {
		return this.classifier.classify(request.getMethod(), context.userAgent(), token, context.receivedAt());
	}

	/** Tracking responses must reach the server every time and stay out of search indexes. */
	static HttpHeaders noStoreHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.setCacheControl(CacheControl.noStore());
		headers.set("X-Robots-Tag", "noindex");
		return headers;
	}

}
