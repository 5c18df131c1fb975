package io.unisights.spring.privacy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.unisights.beacon.BeaconSource;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.EventDispatcher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A beacon the privacy policy left as it came is dispatched with the bytes it was read
 * from, so that a store keeps those and reads them again with the fast reader; one whose
 * user agent the policy reduced is dispatched without them, so that the raw user agent is
 * never stored.
 */
@SpringBootTest(classes = PrivacyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.privacy.gpc=anonymize", "unisights.delivery.dedupe.enabled=false",
				"unisights.tracking.keys=" + PrivacyTestApplication.TRACKING_KEY,
				"unisights.tracking.base-url=https://mail.example.com" })
@Import(BeaconSourceDispatchTests.RecordingDispatcherConfiguration.class)
class BeaconSourceDispatchTests extends PrivacyEndpointTestSupport {

	@Autowired
	RecordingDispatcher dispatcher;

	@BeforeEach
	void forget() {
		this.dispatcher.calls.clear();
	}

	@Test
	void beaconThePolicyLeavesAsItCameIsDispatchedWithItsSource() {
		assertThat(postBeacon(CHROME).statusCode()).isEqualTo(200);

		assertThat(this.dispatcher.calls).singleElement().satisfies((call) -> {
			assertThat(call.source()).isNotNull();
			assertThat(StandardCharsets.UTF_8.decode(call.source().bytes()).toString()).contains(CHROME);
		});
	}

	@Test
	void beaconWhoseUserAgentThePolicyReducedIsDispatchedWithoutItsSource() {
		assertThat(postBeacon(CHROME, "Sec-GPC", "1").statusCode()).isEqualTo(200);

		assertThat(this.dispatcher.calls).singleElement().satisfies((call) -> {
			assertThat(call.source()).isNull();
			assertThat(((BeaconDelivery) call.delivery()).payload().deviceInfo().userAgent()).isEqualTo(CHROME_REDUCED);
		});
	}

	record Call(Delivery delivery, @Nullable BeaconSource source) {
	}

	/** Records how the controller dispatched, and answers as a synchronous dispatcher would. */
	static final class RecordingDispatcher implements EventDispatcher {

		final List<Call> calls = new CopyOnWriteArrayList<>();

		@Override
		public DispatchResult dispatch(Delivery delivery) {
			this.calls.add(new Call(delivery, null));
			return DispatchResult.DELIVERED;
		}

		@Override
		public DispatchResult dispatch(BeaconDelivery delivery, BeaconSource source) {
			this.calls.add(new Call(delivery, source));
			return DispatchResult.DELIVERED;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingDispatcherConfiguration {

		@Bean
		RecordingDispatcher recordingDispatcher() {
			return new RecordingDispatcher();
		}

	}

}
