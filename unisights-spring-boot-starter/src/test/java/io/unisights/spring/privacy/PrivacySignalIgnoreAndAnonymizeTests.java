package io.unisights.spring.privacy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.PrivacySignal;
import io.unisights.spring.RequestContext;
import io.unisights.spring.test.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gpc=ignore} and {@code dnt=anonymize}, on beacons, opens and clicks over real HTTP. */
@SpringBootTest(classes = PrivacyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.privacy.gpc=ignore", "unisights.privacy.dnt=anonymize",
				"unisights.delivery.dedupe.enabled=false", "unisights.tracking.keys=" + PrivacyTestApplication.TRACKING_KEY,
				"unisights.tracking.base-url=https://mail.example.com" })
class PrivacySignalIgnoreAndAnonymizeTests extends PrivacyEndpointTestSupport {

	@Test
	void deliversABeaconWithoutSignalAsItCame() {
		assertThat(postBeacon(CHROME).statusCode()).isEqualTo(200);

		RequestContext context = onlyBeacon().context();
		assertThat(context.clientIp()).isEqualTo("127.0.0.1");
		assertThat(context.userAgent()).isEqualTo(CHROME);
		assertThat(context.privacySignals()).isEmpty();
		assertThat(context.visitorId()).isNotNull();
		assertThat(context.automation().automated()).isFalse();
		assertThat(context.agent().browser()).isEqualTo("Chrome");
	}

	@Test
	void ignoringGpcDeliversTheBeaconAsItCameAndSaysTheSignalWasSent() {
		HttpResponse<String> response = postBeacon(CHROME, "Sec-GPC", "1");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.json(response).get("status").asString()).isEqualTo("delivered");
		BeaconDelivery beacon = onlyBeacon();
		assertThat(beacon.context().clientIp()).isEqualTo("127.0.0.1");
		assertThat(beacon.context().userAgent()).isEqualTo(CHROME);
		assertThat(beacon.context().privacySignals()).containsExactly(PrivacySignal.GPC);
		assertThat(beacon.payload().deviceInfo().userAgent()).isEqualTo(CHROME);
	}

	@Test
	void anonymizingDntTruncatesTheAddressAndReducesBothUserAgentsButKeepsTheVisitorId() {
		postBeacon(CHROME);
		String visitorId = onlyBeacon().context().visitorId();
		this.handler.reset();

		assertThat(postBeacon(CHROME, "DNT", "1").statusCode()).isEqualTo(200);

		BeaconDelivery beacon = onlyBeacon();
		assertThat(beacon.context().clientIp()).isEqualTo("127.0.0.0");
		assertThat(beacon.context().userAgent()).isEqualTo(CHROME_REDUCED);
		assertThat(beacon.context().privacySignals()).containsExactly(PrivacySignal.DNT);
		assertThat(beacon.context().visitorId()).isEqualTo(visitorId);
		assertThat(beacon.payload().deviceInfo().userAgent()).isEqualTo(CHROME_REDUCED);
		assertThat(beacon.wireData().toString()).doesNotContain("6778.85");
		assertThat(beacon.context().automation().automated()).isFalse();
	}

	@Test
	void readsBothSignalsAndAppliesTheStricterPolicy() {
		postBeacon(CHROME, "Sec-GPC", "1", "DNT", "1");

		RequestContext context = onlyBeacon().context();
		assertThat(context.privacySignals()).containsExactlyInAnyOrder(PrivacySignal.GPC, PrivacySignal.DNT);
		assertThat(context.clientIp()).isEqualTo("127.0.0.0");
	}

	@Test
	void readsOnlyTheValueOneAsASignal() {
		postBeacon(CHROME, "Sec-GPC", "0", "DNT", "null");

		assertThat(onlyBeacon().context().privacySignals()).isEmpty();
		assertThat(onlyBeacon().context().clientIp()).isEqualTo("127.0.0.1");
	}

	@Test
	void appliesThePoliciesToOpensAndClicksToo() {
		String open = openLink();
		String click = clickLink();
		// Later than a person could click after sending, so the click is no TOO_FAST.
		this.clock.advance(Duration.ofHours(1));
		assertThat(get(open, "DNT", "1").statusCode()).isEqualTo(200);
		OpenDelivery opened = (OpenDelivery) only();
		assertThat(opened.context().clientIp()).isEqualTo("127.0.0.0");
		assertThat(opened.context().userAgent()).isEqualTo(CHROME_REDUCED);
		assertThat(opened.context().privacySignals()).isEqualTo(Set.of(PrivacySignal.DNT));
		this.handler.reset();

		assertThat(get(click, "Sec-GPC", "1").statusCode()).isEqualTo(302);
		ClickDelivery clicked = (ClickDelivery) only();
		assertThat(clicked.context().clientIp()).isEqualTo("127.0.0.1");
		assertThat(clicked.context().userAgent()).isEqualTo(CHROME);
		assertThat(clicked.context().privacySignals()).isEqualTo(Set.of(PrivacySignal.GPC));
		assertThat(clicked.automation().automated()).isFalse();
	}

}
