package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fast reader reads the SDK's own bytes into the records the tree reader builds, and
 * gives up on any other layout, which the tree reader then reads.
 * (Its random mutations against the tree reader are in {@link SdkLayoutReaderEquivalenceTests}.)
 */
class SdkLayoutReaderTests {

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

	@Test
	void readsTheSdksBodyAsTheTreeReaderDoes() {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		assertThat(SdkLayoutReader.read(bytes(body), BeaconSource.Form.BODY))
			.isEqualTo(BeaconWireFormat.fromJson(body.get("data")));
	}

	@Test
	void readsTheEncryptedFlagBeforeTheDataToo() {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		ObjectNode flagFirst = BeaconJson.NODES.objectNode().put("encrypted", false);
		flagFirst.set("data", body.get("data"));
		assertThat(SdkLayoutReader.read(bytes(flagFirst), BeaconSource.Form.BODY))
			.isEqualTo(BeaconWireFormat.fromJson(body.get("data")));
	}

	@Test
	void readsEveryAcceptedAsciiVectorPayloadAsTheTreeReaderDoes() throws Exception {
		int read = 0;
		for (JsonNode payload : SdkLayoutReaderEquivalenceTests.acceptedPayloads()) {
			byte[] bytes = bytes(payload);
			if (new String(bytes, StandardCharsets.ISO_8859_1).chars().allMatch((c) -> c < 0x80)) {
				assertThat(SdkLayoutReader.read(bytes, BeaconSource.Form.PLAINTEXT))
					.isEqualTo(BeaconWireFormat.fromJson(payload));
				read++;
			}
		}
		// The SDK-made vectors, one and a hundred events, are in its layout and ASCII.
		assertThat(read).isGreaterThanOrEqualTo(2);
	}

	@Test
	void readsThePlaintextTheSdkEncryptedAsTheTreeReaderDoes() throws Exception {
		// The SDK's own ciphertexts: their plaintext is its core's serde output, byte for byte.
		int read = 0;
		for (JsonNode vector : Vectors.encryption()) {
			JsonNode body = vector.get("body");
			if (vector.get("expect").get("status").asInt() != 200 || !body.path("data").isString()
					|| vector.has("server_secret")) {
				continue;
			}
			byte[] key = new BeaconCipher(null).key(body.get("site_id").asString(), body.get("bucket").asLong(),
					body.get("ua_hash").asString());
			byte[] plaintext = BeaconCipher.apply(key, java.util.Base64.getDecoder().decode(body.get("data").asString()));
			assertThat(SdkLayoutReader.read(plaintext, BeaconSource.Form.PLAINTEXT))
				.isEqualTo(BeaconWireFormat.fromJson(vector.get("expect").get("data")));
			read++;
		}
		assertThat(read).isGreaterThanOrEqualTo(2);
	}

	@Test
	void readsTheUtmAndDeviceObjectsInAnyKeyOrder() {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		ObjectNode data = (ObjectNode) body.get("data");
		data.putObject("utm_params").put("utm_source", "news").put("utm_campaign", "fall");
		ObjectNode device = BeaconJson.NODES.objectNode().put("user_agent", "Mozilla/5.0").put("os", "Linux")
			.put("screen_width", 390).put("vendor", "x");
		data.set("device_info", device);
		BeaconPayload read = SdkLayoutReader.read(bytes(body), BeaconSource.Form.BODY);
		assertThat(read).isEqualTo(BeaconWireFormat.fromJson(data));
		assertThat(read.deviceInfo().keys()).containsExactly("user_agent", "os", "screen_width", "vendor");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/data/events/0/data/title", "/data/events/1/data/button=left",
			"/data/events/2/data/rating", "/data/time_on_page", "/data/events/4/data/stack=at f" })
	void leavesAMissingOrExtraKeyToTheTreeReader(String edit) {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		Edits.apply(body, edit);
		byte[] bytes = bytes(body);
		assertThat(SdkLayoutReader.read(bytes, BeaconSource.Form.BODY)).isNull();
		assertThat(this.decoder.decode(bytes).payload())
			.isEqualTo(BeaconWireFormat.fromJson(BeaconJson.MAPPER.readTree(bytes).get("data")));
	}

	@Test
	void leavesWhitespaceKeysOutOfOrderAndTrailingContentToTheTreeReader() {
		String compact = new String(bytes(BeaconDecoderTests.sdkBody()), StandardCharsets.UTF_8);
		List<String> others = List.of(compact.replace(",\"title\":", ", \"title\":"), compact + " ",
				compact.replace("{\"x\":100,\"y\":200.5,", "{\"y\":200.5,\"x\":100,"),
				compact.replace("{\"type\":\"click\",\"data\":", "{\"data\":").replace(",\"timestamp\":1763900001000}}",
						",\"timestamp\":1763900001000},\"type\":\"click\"}"));
		for (String other : others) {
			byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
			assertThat(SdkLayoutReader.read(bytes, BeaconSource.Form.BODY)).as(other).isNull();
			BeaconPayload expected = this.decoder.decode(bytes).payload();
			assertThat(expected).isEqualTo(BeaconWireFormat.fromJson(BeaconJson.MAPPER.readTree(bytes).get("data")));
		}
	}

	@Test
	void givesUpOnAValueItsChecksRefuseAndTheTreeReaderNamesIt() {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		Edits.apply(body, "/data/events/0/data/location=/relative");
		byte[] bytes = bytes(body);
		assertThat(SdkLayoutReader.read(bytes, BeaconSource.Form.BODY)).isNull();
		assertThatExceptionOfType(BeaconDecodingException.class).isThrownBy(() -> this.decoder.decode(bytes))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("data.events[0].data.location"));
	}

	private static byte[] bytes(JsonNode json) {
		return BeaconJson.MAPPER.writeValueAsBytes(json);
	}

}
