package io.unisights.spring.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;
import io.unisights.spring.privacy.UserAgentClassifier;
import io.unisights.tracking.TrackingToken;

/**
 * Tells machine-made opens and clicks from people's by the signals that are cheap and
 * reliable: the method, what only mail traffic shows (mail providers' image proxies,
 * mail security products), the request's user-agent classification (the one every
 * channel shares, {@link UserAgentClassifier}), and the time since the link was minted.
 * It only classifies; every request is still delivered.
 */
final class AutomationClassifier {

	/** Faster than anyone opens a message, reads it and clicks. */
	static final Duration DEFAULT_MIN_CLICK_DELAY = Duration.ofSeconds(5);

	/**
	 * Apple Mail Privacy Protection fetches through proxies that send exactly this, while
	 * every real browser or mail client sends more.
	 */
	private static final String BARE_MOZILLA = "Mozilla/5.0";

	private static final List<String> MAIL_PROXIES = List.of("googleimageproxy", "ggpht.com", "yahoomailproxy");

	/**
	 * Mail security products and link previewers; crawlers, HTTP libraries and headless
	 * browsers are the user-agent classification's.
	 */
	private static final List<String> SCANNERS = List.of("barracuda", "mimecast", "proofpoint", "bingpreview",
			"symantec", "trendmicro", "forcepoint", "sophos", "fortiguard", "zscaler", "safelinks", "preview");

	private final Duration minClickDelay;

	private final @Nullable UserAgentClassifier userAgents;

	AutomationClassifier(Duration minClickDelay) {
		this(minClickDelay, UserAgentClassifier.create(100));
	}

	/**
	 * @param minClickDelay clicks sooner after minting are too fast for a person
	 * @param userAgents the shared classification, {@code null} when parsing is off
	 * ({@code unisights.privacy.user-agent.enabled=false}): then only the lists above count
	 */
	AutomationClassifier(Duration minClickDelay, @Nullable UserAgentClassifier userAgents) {
		this.minClickDelay = minClickDelay;
		this.userAgents = userAgents;
	}

	Automation classify(String method, @Nullable String userAgent, TrackingToken token, Instant receivedAt) {
		Automation request = (this.userAgents != null) ? this.userAgents.classify(userAgent).automation()
				: Automation.NONE;
		return classify(method, userAgent, request, token, receivedAt);
	}

	/**
	 * Classifies an open or click.
	 * @param method the HTTP method
	 * @param userAgent the raw {@code User-Agent} header
	 * @param request the request's user-agent classification ({@code RequestContext.automation()})
	 * @param token the verified link
	 * @param receivedAt when the request arrived
	 * @return the classification
	 */
	Automation classify(String method, @Nullable String userAgent, Automation request, TrackingToken token,
			Instant receivedAt) {
		if ("HEAD".equalsIgnoreCase(method)) {
			return Automation.because(Reason.HEAD_REQUEST);
		}
		if (userAgent == null || userAgent.isBlank()) {
			return Automation.because(Reason.NO_USER_AGENT);
		}
		String agent = userAgent.strip();
		String lower = agent.toLowerCase(Locale.ROOT);
		if (agent.equals(BARE_MOZILLA) || containsAny(lower, MAIL_PROXIES)) {
			return Automation.because(Reason.MAIL_PROXY);
		}
		// In mail, whatever follows a link before its recipient does (a crawler, a script, a
		// headless browser) is what the recipient's security gateway sends: one reason,
		// as opens and clicks have always reported it; the request context keeps the finer one.
		if (containsAny(lower, SCANNERS) || request.automated()) {
			return Automation.because(Reason.SECURITY_SCANNER);
		}
		Instant sentAt = token.issuedAt();
		if (token.kind() == TrackingToken.Kind.CLICK && sentAt != null
				&& receivedAt.isBefore(sentAt.plus(this.minClickDelay))) {
			return Automation.because(Reason.TOO_FAST);
		}
		return Automation.NONE;
	}

	private static boolean containsAny(String text, List<String> needles) {
		for (String needle : needles) {
			if (text.contains(needle)) {
				return true;
			}
		}
		return false;
	}

}
