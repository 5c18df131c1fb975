package io.unisights.spring;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the collector knew about the HTTP request that carried an event, after the
 * privacy settings ({@code unisights.privacy.*}) applied.
 *
 * @param clientIp the client address as the servlet container reports it, which honours
 * Spring's forwarded-header handling ({@code server.forward-headers-strategy}); never
 * trust it further than your proxy set-up allows. Truncated, hashed or absent as
 * {@code unisights.privacy.ip} (or an {@code anonymize} policy) says
 * @param userAgent the {@code User-Agent} header, if sent; reduced to
 * {@link Agent#reduced()} under an {@code anonymize} policy
 * @param origin the {@code Origin} header, if sent (browsers send it with beacons)
 * @param receivedAt when the collector received the request
 * @param visitorId a cookieless visitor id: HMAC-SHA256 under today's random salt of the
 * site, the raw address and the raw user agent, equal for one visitor within a day (UTC)
 * and on every replica, unlinkable across days once the salt is gone; {@code null} when
 * visitor ids are off or the item was restored from a form that had none
 * @param previousVisitorId the same visitor's id under yesterday's salt, kept for the
 * overlap so that a visit spanning midnight can be joined up; {@code null} when there is
 * no previous salt
 * @param agent what the user agent says (browser, operating system, device class), or
 * {@code null} when there is none or parsing is off
 * @param automation whether the request looks machine-made by its user agent (and, for
 * beacons, by the SDK's {@code device_info}), never {@code null}:
 * {@link Automation#NONE} for a person
 * @param privacySignals the privacy signals the request carried ({@code Sec-GPC: 1},
 * {@code DNT: 1}), empty when none
 */
public record RequestContext(@Nullable String clientIp, @Nullable String userAgent, @Nullable String origin,
		Instant receivedAt, @Nullable String visitorId, @Nullable String previousVisitorId, @Nullable Agent agent,
		Automation automation, Set<PrivacySignal> privacySignals) {

	/**
	 * Checks the components and, where needed, normalises them (immutable copies).
	 */
	public RequestContext {
		privacySignals = privacySignals.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(privacySignals));
	}

	/**
	 * Creates a context without visitor id, agent, classification or privacy signals, as
	 * the collector made them before it read those.
	 * @param clientIp the client address
	 * @param userAgent the {@code User-Agent} header, if sent
	 * @param origin the {@code Origin} header, if sent
	 * @param receivedAt when the collector received the request
	 */
	public RequestContext(@Nullable String clientIp, @Nullable String userAgent, @Nullable String origin,
			Instant receivedAt) {
		this(clientIp, userAgent, origin, receivedAt, null, null, null, Automation.NONE, Set.of());
	}

	/**
	 * Whether the request carried a privacy signal.
	 * @param signal the signal
	 * @return whether it was sent
	 */
	public boolean carries(PrivacySignal signal) {
		return this.privacySignals.contains(signal);
	}

	/**
	 * The same context with another classification.
	 * @param automation the classification
	 * @return a new context
	 */
	public RequestContext withAutomation(Automation automation) {
		return new RequestContext(this.clientIp, this.userAgent, this.origin, this.receivedAt, this.visitorId,
				this.previousVisitorId, this.agent, automation, this.privacySignals);
	}

}
