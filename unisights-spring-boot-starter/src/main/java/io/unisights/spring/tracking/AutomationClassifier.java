package io.unisights.spring.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;
import io.unisights.tracking.TrackingToken;

/**
 * Tells machine-made opens and clicks from people's by the signals that are cheap and
 * reliable: the method, the user agent, and the time since the link was minted. It only
 * classifies; every request is still delivered.
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

	private static final List<String> SCANNERS = List.of("barracuda", "mimecast", "proofpoint", "bingpreview",
			"symantec", "trendmicro", "forcepoint", "sophos", "fortiguard", "zscaler", "safelinks", "python-requests",
			"python-urllib", "aiohttp", "curl/", "wget/", "go-http-client", "java/", "okhttp", "apache-httpclient",
			"headlesschrome", "phantomjs", "bot/", "crawler", "spider", "facebookexternalhit", "preview");

	private final Duration minClickDelay;

	AutomationClassifier(Duration minClickDelay) {
		this.minClickDelay = minClickDelay;
	}

	Automation classify(String method, @Nullable String userAgent, TrackingToken token, Instant receivedAt) {
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
		if (containsAny(lower, SCANNERS)) {
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
