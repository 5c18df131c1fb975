package io.unisights.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Base32Tests {

	@Test
	void matchesTheRfc4648TestVectorsInLowerCaseWithoutPadding() {
		Map<String, String> vectors = Map.of("", "", "f", "my", "fo", "mzxq", "foo", "mzxw6", "foob", "mzxw6yq",
				"fooba", "mzxw6ytb", "foobar", "mzxw6ytboi");
		vectors.forEach((plain, encoded) -> {
			assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
			assertThat(Base32.decode(encoded)).asString(StandardCharsets.US_ASCII).isEqualTo(plain);
			assertThat(Base32.decode(encoded.toUpperCase())).asString(StandardCharsets.US_ASCII).isEqualTo(plain);
		});
	}

	@Test
	void roundTripsRandomBytesOfEveryLength() {
		for (int length = 0; length < 64; length++) {
			byte[] data = new byte[length];
			ThreadLocalRandom.current().nextBytes(data);
			assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
		}
	}

	@Test
	void refusesIllegalCharactersImpossibleLengthsAndTrailingBits() {
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("my1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("m"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("mz"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("my=="));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("mzé"));
	}

}
