package io.unisights.tracking;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;
import io.unisights.vectors.InteropVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every link in {@code vectors/pytracking-links.json}, minted by pytracking 0.2
 * itself, decoded to exactly what pytracking decodes from it.
 */
class PytrackingVectorTests {

	static List<JsonNode> vectors() {
		JsonNode root = TrackingJson.MAPPER.readTree(InteropVectors.bytes(InteropVectors.PYTRACKING));
		return InteropVectors.vectors(root, InteropVectors.PYTRACKING);
	}

	static String token(JsonNode vector) {
		String link = vector.get("link").asString();
		return link.substring(link.lastIndexOf('/') + 1);
	}

	static Kind kind(JsonNode vector) {
		return "click".equals(vector.get("kind").asString()) ? Kind.CLICK : Kind.OPEN;
	}

	static TrackingCodec codecFor(JsonNode vector) {
		JsonNode fernetKey = vector.get("fernet_key");
		TrackingCodec.Builder builder = TrackingCodec.builder().keys(List.of(TrackingCodecTests.KEY));
		if (fernetKey.isNull()) {
			return builder.acceptUnsignedPytracking(true).build();
		}
		return builder.pytrackingFernetKeys(List.of(fernetKey.asString())).build();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void decodesLikePytracking(JsonNode vector) {
		JsonNode expect = vector.get("expect");
		TrackingCodec codec = codecFor(vector);
		if (expect.path("rejected").asBoolean(false)) {
			assertThatExceptionOfType(TrackingTokenException.class)
				.isThrownBy(() -> codec.decode(token(vector), kind(vector)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(TrackingTokenException.Reason.BAD_SIGNATURE));
			return;
		}
		TrackingToken decoded = codec.decode(token(vector), kind(vector));
		assertThat(decoded.kind()).isEqualTo(expect.get("is_open").asBoolean() ? Kind.OPEN : Kind.CLICK);
		assertThat(decoded.metadata()).isEqualTo(expect.get("metadata"));
		assertThat(decoded.targetUrl()).isEqualTo(expect.get("tracked_url").isNull() ? null
				: expect.get("tracked_url").asString());
		assertThat(decoded.webhookUrl()).isEqualTo(expect.get("webhook_url").isNull() ? null
				: expect.get("webhook_url").asString());
		assertThat(decoded.format())
			.isEqualTo(vector.get("fernet_key").isNull() ? Format.PYTRACKING_PLAIN : Format.PYTRACKING_FERNET);
		assertThat(decoded.keyId()).isNull();
		if (decoded.format() == Format.PYTRACKING_FERNET) {
			assertThat(decoded.issuedAt()).isNotNull();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void refusesPlainVectorsUnlessUnsignedLinksAreAccepted(JsonNode vector) {
		if (!vector.get("fernet_key").isNull()) {
			return;
		}
		TrackingCodec codec = TrackingCodec.builder().keys(List.of(TrackingCodecTests.KEY)).build();

		assertThatExceptionOfType(TrackingTokenException.class)
			.isThrownBy(() -> codec.decode(token(vector), kind(vector)))
			.satisfies((ex) -> assertThat(ex.reason())
				.isEqualTo(TrackingTokenException.Reason.UNSIGNED_NOT_ACCEPTED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void refusesFernetVectorsUnderAnotherFernetKey(JsonNode vector) {
		if (vector.get("fernet_key").isNull()) {
			return;
		}
		TrackingCodec codec = TrackingCodec.builder()
			.pytrackingFernetKeys(List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
			.build();

		assertThatExceptionOfType(TrackingTokenException.class)
			.isThrownBy(() -> codec.decode(token(vector), kind(vector)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(TrackingTokenException.Reason.BAD_SIGNATURE));
	}

}
