package io.unisights.beacon;

import java.util.List;
import java.util.Map;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every vector of {@code unisights-encryption.json} through the decoder: what the peers
 * accept decodes to exactly their payload, what they refuse is refused for the right reason.
 */
class BeaconDecoderVectorTests {

	/** Why each refused vector must be refused, by vector name. */
	private static final Map<String, Reason> REFUSALS = Map.of("tampered ciphertext (one bit flipped)",
			Reason.NOT_AUTHENTIC, "wrong bucket for the tag", Reason.NOT_AUTHENTIC, "wrong ua_hash for the tag",
			Reason.NOT_AUTHENTIC, "tag missing", Reason.ENCRYPTION_FIELDS_MISSING, "ciphertext not base64",
			Reason.MALFORMED_CIPHERTEXT, "authentic ciphertext whose plaintext is not JSON",
			Reason.DECRYPTED_NOT_JSON, "server secret configured: tag made without it is refused",
			Reason.NOT_AUTHENTIC);

	static List<JsonNode> vectors() throws Exception {
		return Vectors.encryption();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void decodesAsThePeersDo(JsonNode vector) {
		BeaconDecoder decoder = BeaconDecoder.builder()
			.serverSecret(vector.has("server_secret") ? vector.get("server_secret").asString() : null)
			.build();
		String name = vector.get("name").asString();
		int status = vector.get("expect").get("status").asInt();
		if (status == 200) {
			DecodedBeacon decoded = decoder.decode(Vectors.body(vector));
			JsonNode written = BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(decoded.payload()));
			assertThat(written).isEqualTo(vector.get("expect").get("data"));
			assertThat(decoded.encrypted()).isEqualTo(vector.get("body").get("data") == null
					|| vector.get("body").get("data").isString());
		}
		else {
			assertThat(status).isEqualTo(422);
			assertThat(REFUSALS).as("expected refusal reason for '%s'", name).containsKey(name);
			assertThatExceptionOfType(BeaconDecodingException.class)
				.isThrownBy(() -> decoder.decode(Vectors.body(vector)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(REFUSALS.get(name)));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void reEncryptingAcceptedPayloadsRoundTrips(JsonNode vector) {
		if (vector.get("expect").get("status").asInt() != 200) {
			return;
		}
		BeaconPayload payload = BeaconDecoder.builder()
			.serverSecret(vector.has("server_secret") ? vector.get("server_secret").asString() : null)
			.build()
			.decode(Vectors.body(vector))
			.payload();
		BeaconEncoder encoder = BeaconEncoder.withoutServerSecret();
		byte[] body = BeaconJson.MAPPER
			.writeValueAsBytes(encoder.encryptAsEnvelope(BeaconWireFormat.toBytes(payload), "site", 7, "ua"));
		assertThat(BeaconDecoder.builder().build().decode(body).payload()).isEqualTo(payload);
	}

}
