package io.unisights.spring.privacy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.unisights.spring.Automation;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.PrivacySignal;
import io.unisights.spring.test.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gpc=drop}, {@code dnt=ignore}, {@code ip=drop} and
 * {@code unisights.beacon.automation=drop} with asynchronous delivery, over real HTTP.
 */
@SpringBootTest(classes = PrivacyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.privacy.gpc=drop", "unisights.privacy.dnt=ignore", "unisights.privacy.ip=drop",
				"unisights.beacon.automation=drop", "unisights.delivery.mode=async",
				"unisights.delivery.dedupe.enabled=false", "unisights.tracking.keys=" + PrivacyTestApplication.TRACKING_KEY,
				"unisights.tracking.base-url=https://mail.example.com" })
class PrivacySignalDropAsyncTests extends PrivacyEndpointTestSupport {

	@Test
	void droppingGpcAnswersAsQueuedAndDeliversNothing() {
		HttpResponse<String> dropped = postBeacon(CHROME, "Sec-GPC", "1");
		HttpResponse<String> kept = postBeacon(CHROME, "DNT", "1");

		assertThat(dropped.statusCode()).isEqualTo(202);
		assertThat(Http.json(dropped).get("status").asString()).isEqualTo("queued");
		assertThat(kept.statusCode()).isEqualTo(202);
		BeaconDelivery beacon = awaitOneBeacon();
		// Ignoring DNT keeps the user agent; ip=drop keeps no address.
		assertThat(beacon.context().privacySignals()).containsExactly(PrivacySignal.DNT);
		assertThat(beacon.context().userAgent()).isEqualTo(CHROME);
		assertThat(beacon.context().clientIp()).isNull();
		assertThat(beacon.context().visitorId()).isNotNull();
	}

	@Test
	void droppingAutomationAnswersAMachinesBeaconAsQueuedAndDeliversOnlyPeoples() {
		HttpResponse<String> curl = postBeacon("curl/8.5.0");
		HttpResponse<String> headless = postBeacon(
				"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36");
		HttpResponse<String> person = postBeacon(CHROME);

		assertThat(List.of(curl.statusCode(), headless.statusCode(), person.statusCode())).containsOnly(202);
		BeaconDelivery beacon = awaitOneBeacon();
		assertThat(beacon.context().userAgent()).isEqualTo(CHROME);
		assertThat(beacon.context().automation()).isEqualTo(Automation.NONE);
	}

	@Test
	void opensAreClassifiedAndDeliveredWhateverTheBeaconPolicy() {
		this.clock.advance(Duration.ofHours(1));

		get(openLink(), "User-Agent", "curl/8.5.0");

		Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> this.handler.deliveries().size() == 1);
		assertThat(only().context().automation()).isEqualTo(Automation.because(Automation.Reason.HTTP_LIBRARY));
	}

	private BeaconDelivery awaitOneBeacon() {
		Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !this.handler.deliveries().isEmpty());
		// Items are taken in order: what was posted before the delivered one is not coming.
		assertThat(this.handler.deliveries()).hasSize(1);
		return onlyBeacon();
	}

}
