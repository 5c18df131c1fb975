package io.unisights.beacon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BeaconDecoder#readAgain(BeaconSource)}: what a decoder accepted reads again into
 * the same payload, whatever the settings it was accepted under, and without its key.
 */
class BeaconReadAgainTests {

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

	static List<JsonNode> vectors() throws Exception {
		return Vectors.encryption().stream().filter((vector) -> vector.get("expect").get("status").asInt() == 200)
			.toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void readsTheSdksEncryptedVectorsAgainFromTheirPlaintext(JsonNode vector) {
		BeaconDecoder decoder = BeaconDecoder.builder()
			.serverSecret(vector.has("server_secret") ? vector.get("server_secret").asString() : null)
			.build();
		DecodedBeacon decoded = decoder.decode(Vectors.body(vector));
		BeaconSource source = decoded.source();
		assertThat(source.form())
			.isEqualTo(decoded.encrypted() ? BeaconSource.Form.PLAINTEXT : BeaconSource.Form.BODY);
		BeaconSource stored = BeaconSource.of(source.form(), copy(source.bytes()));
		assertThat(stored).isEqualTo(source);
		assertThat(BeaconDecoder.readAgain(stored)).isEqualTo(decoded.payload());
	}

	@Test
	void readsAPlainBodyAgainFromTheBodyAsSent() {
		byte[] body = bytes(BeaconDecoderTests.plainBody());
		DecodedBeacon decoded = this.decoder.decode(body);
		assertThat(decoded.source()).isEqualTo(BeaconSource.of(BeaconSource.Form.BODY, body));
		assertThat(BeaconDecoder.readAgain(decoded.source())).isEqualTo(decoded.payload());
	}

	@Test
	void readsABodyTheFastPathLeavesToTheTreeReaderIntoTheSamePayload() {
		// "data" before "type", and an older SDK's "encrypted": true with an object: valid,
		// and read by the tree reader both times.
		ObjectNode body = BeaconDecoderTests.plainBody();
		ObjectNode event = (ObjectNode) body.get("data").get("events").get(0);
		JsonNode type = event.remove("type");
		event.set("type", type);
		body.put("encrypted", true);
		DecodedBeacon decoded = this.decoder.decode(bytes(body));
		assertThat(BeaconDecoder.readAgain(decoded.source())).isEqualTo(decoded.payload());
	}

	@Test
	void readsWhatLenientSettingsAcceptedEvenThoughTheDefaultsWouldRefuseIt() {
		ObjectNode body = BeaconDecoderTests.plainBody();
		Edits.apply(body, "/data/session_id=not-a-uuid");
		Edits.apply(body, "/data/events/1/type=hover");
		BeaconDecoder lenient = BeaconDecoder.builder().validateSchema(false).build();
		DecodedBeacon decoded = lenient.decode(bytes(body));
		assertThatExceptionOfType(BeaconDecodingException.class).isThrownBy(() -> this.decoder.decode(bytes(body)));
		assertThat(BeaconDecoder.readAgain(decoded.source())).isEqualTo(decoded.payload());
	}

	@Test
	void readsAnEncryptedBeaconAgainLongAfterItsKeyBucketWentStale() {
		byte[] plaintext = BeaconJson.MAPPER.writeValueAsBytes(BeaconDecoderTests.plainBody().get("data"));
		long bucket = 58796865;
		ObjectNode body = BeaconEncoder.withoutServerSecret().encrypt(plaintext, "site", bucket, "abc");
		Clock then = Clock.fixed(Instant.ofEpochMilli(bucket * 30_000), ZoneOffset.UTC);
		DecodedBeacon decoded = BeaconDecoder.builder().maxBucketAge(Duration.ofMinutes(2)).clock(then).build()
			.decode(bytes(body));
		assertThat(BeaconDecoder.readAgain(decoded.source())).isEqualTo(decoded.payload());
	}

	@Test
	void refusesBytesThatAreNoBeacon() {
		assertThatExceptionOfType(BeaconDecodingException.class)
			.isThrownBy(() -> BeaconDecoder.readAgain(BeaconSource.of(BeaconSource.Form.PLAINTEXT, bytes("[1]"))))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.DECRYPTED_NOT_JSON));
		assertThatExceptionOfType(BeaconDecodingException.class)
			.isThrownBy(() -> BeaconDecoder.readAgain(BeaconSource.of(BeaconSource.Form.BODY, bytes("{\"data\":1}"))))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("data"));
	}

	@Test
	void copiesWhatItIsGivenAndShowsNoContent() {
		byte[] json = bytes("{\"asset_id\":\"a\"}");
		BeaconSource source = BeaconSource.of(BeaconSource.Form.PLAINTEXT, json);
		json[2] = 'X';
		assertThat(copy(source.bytes())).isEqualTo(bytes("{\"asset_id\":\"a\"}"));
		assertThat(source.size()).isEqualTo(16);
		assertThat(source).hasToString("BeaconSource[PLAINTEXT, 16 bytes]");
		ByteBuffer tail = ByteBuffer.wrap(bytes("xx{\"asset_id\":\"a\"}"));
		tail.position(2);
		assertThat(BeaconSource.of(BeaconSource.Form.PLAINTEXT, tail)).isEqualTo(source)
			.hasSameHashCodeAs(source)
			.isNotEqualTo(BeaconSource.of(BeaconSource.Form.BODY, bytes("{\"asset_id\":\"a\"}")));
		assertThat(tail.hasRemaining()).isFalse();
	}

	private static byte[] copy(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	private static byte[] bytes(JsonNode json) {
		return BeaconJson.MAPPER.writeValueAsBytes(json);
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
