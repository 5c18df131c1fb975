package io.unisights.spring.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconEncoder;
import io.unisights.beacon.BeaconEvent;
import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.DecodedBeacon;

import static org.assertj.core.api.Assertions.assertThat;

class SdkBeaconTests {

	private static final Instant SENT = Instant.parse("2026-12-01T10:00:00.250Z");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final SdkBeacon beacon = SdkBeacon.builder()
		.assetId("shop")
		.sessionId("550e8400-e29b-41d4-a716-446655440000")
		.time(SENT)
		.pageUrl("https://shop.example.com/cart?q=winter%20boots")
		.utm("utm_source", "mail")
		.utm("utm_campaign", "winter")
		.scrollDepth(87.25)
		.timeOnPage(12.0)
		.pageView("Warenkorb – Zoë")
		.click(10.5, 20.0)
		.webVital("CLS", 0.0000041, "good")
		.custom("signup", "{\"plan\":\"pro\"}")
		.error("boom", null, null, null)
		.build();

	@Test
	void writesThePlainBodyInTheSdksKeyOrderWithEveryKeyPresent() {
		assertThat(this.beacon.plainBody()).isEqualTo("{\"data\":{\"asset_id\":\"shop\","
				+ "\"session_id\":\"550e8400-e29b-41d4-a716-446655440000\","
				+ "\"page_url\":\"https://shop.example.com/cart?q=winter%20boots\","
				+ "\"entry_page\":\"https://shop.example.com/cart?q=winter%20boots\",\"exit_page\":null,"
				+ "\"utm_params\":{\"utm_campaign\":\"winter\",\"utm_source\":\"mail\"},"
				+ "\"device_info\":{\"device_type\":\"Desktop\",\"os\":\"Linux\",\"platform\":\"Linux x86_64\","
				+ "\"referrer\":\"direct\",\"screen_height\":1080,\"screen_width\":1920,"
				+ "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/131.0.0.0 Safari/537.36\"},"
				+ "\"events\":[{\"type\":\"page_view\",\"data\":{\"location\":\"https://shop.example.com/cart?q=winter%20boots\","
				+ "\"title\":\"Warenkorb – Zoë\",\"timestamp\":1796119200250}},"
				+ "{\"type\":\"click\",\"data\":{\"x\":10.5,\"y\":20,\"timestamp\":1796119200250}},"
				+ "{\"type\":\"web_vital\",\"data\":{\"name\":\"CLS\",\"value\":0.0000041,"
				+ "\"id\":\"v5-1796119200250-1000000000000\",\"rating\":\"good\",\"delta\":0.0000041,\"entries\":1,"
				+ "\"navigation_type\":\"navigate\",\"timestamp\":1796119200250}},"
				+ "{\"type\":\"custom\",\"data\":{\"name\":\"signup\",\"data\":\"{\\\"plan\\\":\\\"pro\\\"}\","
				+ "\"timestamp\":1796119200250}},"
				+ "{\"type\":\"error\",\"data\":{\"message\":\"boom\",\"source\":null,\"lineno\":null,\"colno\":null,"
				+ "\"timestamp\":1796119200250}}],"
				+ "\"scroll_depth\":87.25,\"time_on_page\":12},\"encrypted\":false}");
	}

	@Test
	void encryptsTheSdkCoresPlaintextWithAnEmptyUaHashAndTheBeaconsBucket() throws Exception {
		JsonNode body = mapper.readTree(this.beacon.encryptedBody());

		List<String> keys = new ArrayList<>(body.propertyNames());
		assertThat(keys).containsExactly("data", "tag", "bucket", "site_id", "ua_hash", "encrypted");
		assertThat(body.get("bucket").asLong()).isEqualTo(BeaconEncoder.bucketOf(SENT));
		assertThat(body.get("site_id").asString()).isEqualTo("shop");
		assertThat(body.get("ua_hash").asString()).isEmpty();
		assertThat(body.get("encrypted").asBoolean()).isTrue();
		String plaintext = decrypt(body);
		// serde_json's forms: floats keep a fraction, small ones take an exponent.
		String expected = this.beacon.dataJson()
			.replace("\"timestamp\":1796119200250", "\"timestamp\":1796119200250.0")
			.replace("0.0000041", "4.1e-6")
			.replace("\"y\":20,", "\"y\":20.0,")
			.replace("\"time_on_page\":12}", "\"time_on_page\":12.0}");
		assertThat(plaintext).isEqualTo(expected).contains("\"scroll_depth\":87.25", "Zoë");
	}

	@Test
	void theCollectorsDecoderReadsBothFormsAsTheSamePayload() {
		BeaconDecoder decoder = BeaconDecoder.builder().build();

		DecodedBeacon plain = decoder.decode(this.beacon.plainBody().getBytes(StandardCharsets.UTF_8));
		DecodedBeacon encrypted = decoder.decode(this.beacon.encryptedBody().getBytes(StandardCharsets.UTF_8));

		BeaconPayload payload = plain.payload();
		assertThat(encrypted.payload()).isEqualTo(payload);
		assertThat(payload.sessionId()).isEqualTo(this.beacon.sessionId());
		assertThat(payload.events()).hasSize(5);
		assertThat(payload.events().get(0)).isInstanceOf(BeaconEvent.PageView.class);
	}

	@Test
	void encryptsForACollectorWithAServerSecret() {
		BeaconDecoder decoder = BeaconDecoder.builder().serverSecret("server-secret").build();

		DecodedBeacon decoded = decoder
			.decode(this.beacon.encryptedBody("server-secret").getBytes(StandardCharsets.UTF_8));

		assertThat(decoded.payload().sessionId()).isEqualTo(this.beacon.sessionId());
	}

	/**
	 * Decrypts as the SDK specifies, independently of the core's cipher: key =
	 * SHA-256(site_id ":" bucket as 8 big-endian bytes ":" ua_hash), keystream =
	 * SHA-256(key || counter as 4 big-endian bytes) for counter 0, 1, ….
	 */
	private static String decrypt(JsonNode body) throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		sha256.update((body.get("site_id").asString() + ":").getBytes(StandardCharsets.UTF_8));
		sha256.update(ByteBuffer.allocate(8).putLong(body.get("bucket").asLong()).array());
		sha256.update((":" + body.get("ua_hash").asString()).getBytes(StandardCharsets.UTF_8));
		byte[] key = sha256.digest();
		byte[] data = Base64.getDecoder().decode(body.get("data").asString());
		byte[] plain = new byte[data.length];
		for (int block = 0; block * 32 < data.length; block++) {
			sha256.update(key);
			byte[] stream = sha256.digest(ByteBuffer.allocate(4).putInt(block).array());
			for (int i = 0; i < 32 && block * 32 + i < data.length; i++) {
				plain[block * 32 + i] = (byte) (data[block * 32 + i] ^ stream[i]);
			}
		}
		return new String(plain, StandardCharsets.UTF_8);
	}

	@Test
	void startsEachBuilderWithAFreshSession() {
		assertThat(SdkBeacon.builder().build().sessionId()).isNotEqualTo(SdkBeacon.builder().build().sessionId());
	}

}
