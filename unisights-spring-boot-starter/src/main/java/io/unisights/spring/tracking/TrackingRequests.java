package io.unisights.spring.tracking;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.spring.Automation;
import io.unisights.spring.RequestContext;
import io.unisights.spring.TrackingDelivery;
import io.unisights.spring.delivery.DeliveryIds;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.privacy.RequestContextResolver;
import io.unisights.spring.web.ProblemException;
import io.unisights.spring.web.ProblemType;
import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingToken;
import io.unisights.tracking.TrackingTokenException;
import io.unisights.wire.SingleLine;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;

/** What the open and click endpoints share: verifying, refusing, classifying and dispatching. */
final class TrackingRequests {

	private static final Log logger = LogFactory.getLog(TrackingRequests.class);

	private final TrackingCodec codec;

	private final AutomationClassifier classifier;

	private final Clock clock;

	private final RequestContextResolver contexts;

	private final EventDispatcher dispatcher;

	TrackingRequests(TrackingCodec codec, AutomationClassifier classifier, Clock clock,
			RequestContextResolver contexts, EventDispatcher dispatcher) {
		this.codec = codec;
		this.classifier = classifier;
		this.clock = clock;
		this.contexts = contexts;
		this.dispatcher = dispatcher;
	}

	TrackingToken verify(String token, TrackingToken.Kind kind) {
		try {
			return this.codec.decode(token, kind);
		}
		catch (TrackingTokenException ex) {
			// Same answer for every reason, so probing reveals nothing; the log tells why.
			if (logger.isDebugEnabled()) {
				logger.debug("Refused " + kind.name().toLowerCase(java.util.Locale.ROOT) + " tracking link: "
						+ ex.reason() + " (" + SingleLine.escape(ex.getMessage()) + ")");
			}
			throw notFound();
		}
	}

	static ProblemException notFound() {
		return new ProblemException(ProblemType.TRACKING_LINK_NOT_FOUND, null, "This tracking link is not valid");
	}

	/**
	 * Dispatches the open or click a request made with a verified link, unless a privacy
	 * policy says it is not delivered (the client is answered all the same).
	 * @param deliveries {@code OpenDelivery::new} or {@code ClickDelivery::new}
	 */
	void dispatch(HttpServletRequest request, TrackingToken verified, Deliveries deliveries) {
		RequestContextResolver.Resolution resolved = this.contexts.tracking(request, this.clock.instant());
		if (resolved.deliver()) {
			RequestContext context = resolved.context();
			this.dispatcher.dispatch(
					deliveries.of(DeliveryIds.next(), verified, classify(request, verified, context), context));
		}
	}

	private Automation classify(HttpServletRequest request, TrackingToken token, RequestContext context) {
		// The raw header, not the context's (reduced under an anonymize policy): mail proxies are told apart by it.
		return this.classifier.classify(request.getMethod(), request.getHeader(HttpHeaders.USER_AGENT),
				context.automation(), token, context.receivedAt());
	}

	/** Tracking responses must reach the server every time and stay out of search indexes. */
	static HttpHeaders noStoreHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.setCacheControl(CacheControl.noStore());
		headers.set("X-Robots-Tag", "noindex");
		return headers;
	}

	/** Makes the delivery of one channel from what every tracking request yields. */
	@FunctionalInterface
	interface Deliveries {

		TrackingDelivery of(String id, TrackingToken token, Automation automation, RequestContext context);

	}

}
