package io.unisights.spring.privacy;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.unisights.spring.PrivacySignal;
import io.unisights.spring.RequestContext;
import io.unisights.spring.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gpc} at its default ({@code anonymize}) and {@code dnt=drop}, with
 * {@code ip=hash}, over real HTTP.
 */
@SpringBootTest(classes = PrivacyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.privacy.dnt=drop", "unisights.privacy.ip=hash",
				"unisights.delivery.dedupe.enabled=false", "unisights.tracking.keys=" + PrivacyTestApplication.TRACKING_KEY,
				"unisights.tracking.base-url=https://mail.example.com" })
class PrivacySignalAnonymizeAndDropTests extends PrivacyEndpointTestSupport {

	@Test
	void anonymizesGpcByDefaultAndHashesTheAddressAsIpHashSays() {
		postBeacon(CHROME);
		RequestContext plain = onlyBeacon().context();
		this.handler.reset();

		postBeacon(CHROME, "Sec-GPC", "1");

		RequestContext context = onlyBeacon().context();
		assertThat(plain.clientIp()).hasSize(22).doesNotContain("127.");
		assertThat(context.clientIp()).isEqualTo(plain.clientIp());
		assertThat(context.userAgent()).isEqualTo(CHROME_REDUCED);
		assertThat(context.privacySignals()).containsExactly(PrivacySignal.GPC);
	}

	@Test
	void droppingDntAnswersTheBeaconAsDeliveredAndDeliversNothing() {
		HttpResponse<String> response = postBeacon(CHROME, "DNT", "1");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = Http.json(response);
		assertThat(answer.get("status").asString()).isEqualTo("delivered");
		assertThat(answer.get("id").asString()).hasSize(36);
		assertThat(answer.get("events").asInt()).isEqualTo(1);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void theStricterPolicyWinsWhenBothSignalsCome() {
		assertThat(postBeacon(CHROME, "Sec-GPC", "1", "DNT", "1").statusCode()).isEqualTo(200);

		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void droppingDntStillServesThePixelAndTheRedirectButDeliversNeither() {
		this.clock.advance(Duration.ofHours(1));

		HttpResponse<byte[]> pixel = get(openLink(), "DNT", "1");
		HttpResponse<byte[]> redirect = get(clickLink(), "DNT", "1");

		assertThat(pixel.statusCode()).isEqualTo(200);
		assertThat(pixel.headers().firstValue("Content-Type")).hasValue("image/gif");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("https://shop.example.com/sale");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void anonymizesGpcOnOpens() {
		this.clock.advance(Duration.ofHours(1));

		get(openLink(), "Sec-GPC", "1");

		RequestContext context = only().context();
		assertThat(context.userAgent()).isEqualTo(CHROME_REDUCED);
		assertThat(context.clientIp()).doesNotContain("127.");
	}

}
