package io.unisights.spring.tracking;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;
import io.unisights.tracking.TrackingToken;
import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class AutomationClassifierTests {

	static final Instant SENT = Instant.parse("2026-05-04T08:00:00Z");

	static final String SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	private final AutomationClassifier classifier = new AutomationClassifier(Duration.ofSeconds(5));

	@Test
	void leavesAPersonsClickAlone() {
		assertThat(classify("GET", SAFARI, click(SENT), SENT.plusSeconds(60))).isEqualTo(Automation.NONE);
	}

	@Test
	void flagsHeadRequestsFirst() {
		assertThat(classify("HEAD", SAFARI, click(SENT), SENT.plusSeconds(60)).reason()).isEqualTo(Reason.HEAD_REQUEST);
	}

	@Test
	void flagsAMissingUserAgent() {
		assertThat(classify("GET", null, click(SENT), SENT.plusSeconds(60)).reason()).isEqualTo(Reason.NO_USER_AGENT);
		assertThat(classify("GET", " ", click(SENT), SENT.plusSeconds(60)).reason()).isEqualTo(Reason.NO_USER_AGENT);
	}

	@Test
	void flagsMailProviderImageProxies() {
		for (String agent : new String[] {
				"Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
				"YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", "Mozilla/5.0" }) {
			assertThat(classify("GET", agent, open(), SENT.plusSeconds(600)).reason()).as(agent)
				.isEqualTo(Reason.MAIL_PROXY);
		}
	}

	@Test
	void flagsScannersAndHttpLibraries() {
		for (String agent : new String[] { "Mozilla/5.0 (compatible; Barracuda Sentinel (EE))",
				"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "python-requests/2.32.3",
				"curl/8.5.0", "Go-http-client/1.1", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0.0.0" }) {
			assertThat(classify("GET", agent, click(SENT), SENT.plusSeconds(600)).reason()).as(agent)
				.isEqualTo(Reason.SECURITY_SCANNER);
		}
	}

	@Test
	void doesNotMistakeAPhoneModelNamedCubotForABot() {
		String cubot = "Mozilla/5.0 (Linux; Android 12; CUBOT X50 Build/SP1A) AppleWebKit/537.36 Chrome/126 Mobile";

		assertThat(classify("GET", cubot, click(SENT), SENT.plusSeconds(60))).isEqualTo(Automation.NONE);
	}

	@Test
	void flagsAClickWithinSecondsOfSendingButNotAfter() {
		assertThat(classify("GET", SAFARI, click(SENT), SENT.plusSeconds(4)).reason()).isEqualTo(Reason.TOO_FAST);
		assertThat(classify("GET", SAFARI, click(SENT), SENT.plusSeconds(5))).isEqualTo(Automation.NONE);
		assertThat(classify("GET", SAFARI, open(), SENT.plusSeconds(1))).isEqualTo(Automation.NONE);
	}

	@Test
	void cannotTimeLinksThatCarryNoSendTime() {
		assertThat(classify("GET", SAFARI, click(null), SENT)).isEqualTo(Automation.NONE);
	}

	private Automation classify(String method, String userAgent, TrackingToken token, Instant at) {
		return this.classifier.classify(method, userAgent, token, at);
	}

	private static TrackingToken click(Instant sentAt) {
		return new TrackingToken(Kind.CLICK, JsonNodeFactory.instance.objectNode(), "https://a.example/", sentAt,
				null, null, (sentAt != null) ? Format.NATIVE : Format.PYTRACKING_PLAIN, null);
	}

	private static TrackingToken open() {
		return new TrackingToken(Kind.OPEN, JsonNodeFactory.instance.objectNode(), null, SENT, null, "abcd1234",
				Format.NATIVE, null);
	}

}
