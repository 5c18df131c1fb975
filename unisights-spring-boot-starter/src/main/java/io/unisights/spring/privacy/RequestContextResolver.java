package io.unisights.spring.privacy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.DeviceInfo;
import io.unisights.spring.Agent;
import io.unisights.spring.Automation;
import io.unisights.spring.PrivacySignal;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.privacy.PrivacyProperties.AddressPolicy;
import io.unisights.spring.privacy.PrivacyProperties.SignalPolicy;

import org.springframework.http.HttpHeaders;

/**
 * Builds the {@link RequestContext} of each beacon, open and click, and decides whether
 * the item is delivered at all: reads the privacy signals and applies their policies
 * ({@code unisights.privacy.gpc}, {@code dnt}), classifies the user agent, computes the
 * visitor id from the raw address and user agent and then keeps of them only what
 * {@code unisights.privacy.ip} and the policies allow. The raw values go no further
 * than this class: not into the context, the dead letters, the logs or the stores.
 * <p>
 * The address is {@link HttpServletRequest#getRemoteAddr()}, the servlet container's:
 * behind a proxy it is the proxy's, unless {@code server.forward-headers-strategy} lets
 * the container read {@code X-Forwarded-For} or {@code Forwarded} — and then any client
 * that reaches the application without passing that proxy can choose its own.
 */
public final class RequestContextResolver {

	private final PrivacyProperties properties;

	private final BeaconTrafficProperties.AutomationPolicy beaconAutomation;

	private final @Nullable UserAgentClassifier classifier;

	private final @Nullable VisitorIds visitorIds;

	private final @Nullable VisitorIds addressHashes;

	private final ClientAddresses addresses;

	private final DispatchResult droppedAnswer;

	RequestContextResolver(PrivacyProperties properties, BeaconTrafficProperties.AutomationPolicy beaconAutomation,
			@Nullable UserAgentClassifier classifier, VisitorSaltStore salts, DispatchResult droppedAnswer) {
		this.properties = properties;
		this.beaconAutomation = beaconAutomation;
		this.classifier = classifier;
		VisitorIds ids = new VisitorIds(salts);
		this.visitorIds = properties.visitorId().enabled() ? ids : null;
		this.addressHashes = (properties.ip() == AddressPolicy.HASH) ? ids : null;
		this.addresses = new ClientAddresses(properties.ipv4PrefixLength(), properties.ipv6PrefixLength());
		this.droppedAnswer = droppedAnswer;
	}

	/**
	 * A resolver that keeps requests as they came, with no classification, visitor id or
	 * policy: what the collector did before it read privacy signals.
	 * @return the resolver
	 */
	public static RequestContextResolver keepingEverything() {
		PrivacyProperties properties = new PrivacyProperties(SignalPolicy.IGNORE, SignalPolicy.IGNORE,
				AddressPolicy.KEEP, 24, 48, new PrivacyProperties.VisitorId(false),
				new PrivacyProperties.UserAgent(false, 0));
		return new RequestContextResolver(properties, BeaconTrafficProperties.AutomationPolicy.CLASSIFY, null,
				new MemoryVisitorSaltStore(), DispatchResult.DELIVERED);
	}

	/**
	 * Resolves the request of a beacon.
	 * @param request the request
	 * @param receivedAt when it arrived
	 * @param payload the decoded beacon: its asset id is the visitor id's site, and its
	 * {@code device_info} is checked against the header
	 * @return what to deliver, if anything
	 */
	public Resolution beacon(HttpServletRequest request, Instant receivedAt, BeaconPayload payload) {
		return resolve(request, receivedAt, payload.assetId(), payload);
	}

	/**
	 * Resolves the request of an email open or click.
	 * @param request the request
	 * @param receivedAt when it arrived
	 * @return what to deliver, if anything; the site of its visitor id is the host the
	 * link pointed at
	 */
	public Resolution tracking(HttpServletRequest request, Instant receivedAt) {
		return resolve(request, receivedAt, request.getServerName(), null);
	}

	private Resolution resolve(HttpServletRequest request, Instant receivedAt, @Nullable String site,
			@Nullable BeaconPayload payload) {
		String address = request.getRemoteAddr();
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		Set<PrivacySignal> signals = signals(request);
		SignalPolicy policy = policy(signals);
		if (policy == SignalPolicy.DROP) {
			return new Resolution(
					new RequestContext(null, null, origin, receivedAt, null, null, null, Automation.NONE, signals),
					payload, false);
		}
		UserAgentClassifier.Classification classification = (this.classifier != null)
				? this.classifier.classify(userAgent) : null;
		Agent agent = (classification != null) ? classification.agent() : null;
		Automation automation = (classification != null) ? classification.automation() : Automation.NONE;
		if (payload != null && classification != null && !automation.automated()) {
			automation = DeviceInfoCheck.check(payload.deviceInfo(), userAgent, agent);
		}
		boolean deliver = payload == null || !automation.automated()
				|| this.beaconAutomation != BeaconTrafficProperties.AutomationPolicy.DROP;
		VisitorIds.Ids ids = (this.visitorIds != null) ? this.visitorIds.ids(site, address, userAgent, receivedAt) : null;
		boolean anonymize = policy == SignalPolicy.ANONYMIZE;
		String keptAddress = address(address, anonymize, receivedAt);
		String keptUserAgent = anonymize ? reduced(userAgent, agent) : userAgent;
		RequestContext context = new RequestContext(keptAddress, keptUserAgent, origin, receivedAt,
				(ids != null) ? ids.current() : null, (ids != null) ? ids.previous() : null, agent, automation, signals);
		return new Resolution(context, anonymize ? anonymized(payload, keptUserAgent) : payload, deliver);
	}

	/**
	 * What a dropped item is answered with, so that the client cannot tell: 200
	 * {@code delivered} in synchronous delivery, 202 {@code queued} in asynchronous.
	 * @return the answer
	 */
	public DispatchResult droppedAnswer() {
		return this.droppedAnswer;
	}

	private static Set<PrivacySignal> signals(HttpServletRequest request) {
		boolean gpc = isOne(request.getHeader("Sec-GPC"));
		boolean dnt = isOne(request.getHeader("DNT"));
		if (!gpc && !dnt) {
			return Set.of();
		}
		Set<PrivacySignal> signals = EnumSet.noneOf(PrivacySignal.class);
		if (gpc) {
			signals.add(PrivacySignal.GPC);
		}
		if (dnt) {
			signals.add(PrivacySignal.DNT);
		}
		return signals;
	}

	private static boolean isOne(@Nullable String header) {
		return header != null && header.strip().equals("1");
	}

	/** The strictest policy of the signals sent. */
	private SignalPolicy policy(Set<PrivacySignal> signals) {
		SignalPolicy policy = SignalPolicy.IGNORE;
		if (signals.contains(PrivacySignal.GPC)) {
			policy = this.properties.gpc();
		}
		if (signals.contains(PrivacySignal.DNT) && this.properties.dnt().compareTo(policy) > 0) {
			policy = this.properties.dnt();
		}
		return policy;
	}

	private @Nullable String address(@Nullable String address, boolean anonymize, Instant receivedAt) {
		AddressPolicy policy = this.properties.ip();
		if (anonymize && policy == AddressPolicy.KEEP) {
			policy = AddressPolicy.TRUNCATE;
		}
		return switch (policy) {
			case KEEP -> address;
			case TRUNCATE -> this.addresses.truncate(address);
			case HASH -> (this.addressHashes != null) ? this.addressHashes.hashAddress(address, receivedAt) : null;
			case DROP -> null;
		};
	}

	private static @Nullable String reduced(@Nullable String userAgent, @Nullable Agent agent) {
		if (userAgent == null) {
			return null;
		}
		// Without a parsed agent nothing safe is left to keep.
		return (agent != null) ? agent.reduced() : null;
	}

	/** The beacon with the SDK's copy of the user agent reduced as the header's is. */
	private static @Nullable BeaconPayload anonymized(@Nullable BeaconPayload payload, @Nullable String userAgent) {
		if (payload == null || payload.deviceInfo() == null || payload.deviceInfo().userAgent() == null) {
			return payload;
		}
		DeviceInfo device = payload.deviceInfo();
		DeviceInfo reduced = new DeviceInfo(userAgent, device.platform(), device.os(), device.screenWidth(),
				device.screenHeight(), device.deviceType(), device.referrer(), device.extras(), device.keys());
		return new BeaconPayload(payload.assetId(), payload.sessionId(), payload.pageUrl(), payload.entryPage(),
				payload.exitPage(), payload.utmParams(), reduced, payload.events(), payload.scrollDepth(),
				payload.timeOnPage(), payload.keys());
	}

	/**
	 * What the collector does with one request.
	 *
	 * @param context the request's context, reduced as the settings say
	 * @param payload the beacon to deliver, its {@code device_info.user_agent} reduced as
	 * the context's user agent is; {@code null} for opens and clicks
	 * @param deliver whether the item is delivered; when not, it is answered with
	 * {@link RequestContextResolver#droppedAnswer()} as if it were
	 */
	public record Resolution(RequestContext context, @Nullable BeaconPayload payload, boolean deliver) {

	}

}
