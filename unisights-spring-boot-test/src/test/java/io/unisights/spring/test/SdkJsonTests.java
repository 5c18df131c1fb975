package io.unisights.spring.test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SdkJsonTests {

	@Test
	void writesNumbersAsJsonStringifyDoes() {
		assertThat(SdkJson.JAVASCRIPT.number(1796097600000.0)).isEqualTo("1796097600000");
		assertThat(SdkJson.JAVASCRIPT.number(100.8)).isEqualTo("100.8");
		assertThat(SdkJson.JAVASCRIPT.number(0.0000041)).isEqualTo("0.0000041");
		assertThat(SdkJson.JAVASCRIPT.number(0.000001)).isEqualTo("0.000001");
		assertThat(SdkJson.JAVASCRIPT.number(1e-7)).isEqualTo("1e-7");
		assertThat(SdkJson.JAVASCRIPT.number(1.5e-7)).isEqualTo("1.5e-7");
		assertThat(SdkJson.JAVASCRIPT.number(1e21)).isEqualTo("1e+21");
		assertThat(SdkJson.JAVASCRIPT.number(123456789012345680000.0)).isEqualTo("123456789012345680000");
		assertThat(SdkJson.JAVASCRIPT.number(0.0)).isEqualTo("0");
		assertThat(SdkJson.JAVASCRIPT.number(-0.0)).isEqualTo("0");
		assertThat(SdkJson.JAVASCRIPT.number(-2.5)).isEqualTo("-2.5");
		assertThat(SdkJson.JAVASCRIPT.number(Double.NaN)).isEqualTo("null");
	}

	@Test
	void writesNumbersAsTheSdkCoresSerdeJsonDoes() {
		assertThat(SdkJson.SERDE.number(1796097600000.0)).isEqualTo("1796097600000.0");
		assertThat(SdkJson.SERDE.number(0.0)).isEqualTo("0.0");
		assertThat(SdkJson.SERDE.number(100.8)).isEqualTo("100.8");
		assertThat(SdkJson.SERDE.number(0.0000041)).isEqualTo("4.1e-6");
		assertThat(SdkJson.SERDE.number(0.0001234)).isEqualTo("0.0001234");
		assertThat(SdkJson.SERDE.number(0.00001)).isEqualTo("0.00001");
		assertThat(SdkJson.SERDE.number(0.000001)).isEqualTo("1e-6");
		assertThat(SdkJson.SERDE.number(1e15)).isEqualTo("1000000000000000.0");
		assertThat(SdkJson.SERDE.number(1e16)).isEqualTo("1e16");
		assertThat(SdkJson.SERDE.number(1.5e17)).isEqualTo("1.5e17");
		assertThat(SdkJson.SERDE.number(-3.0)).isEqualTo("-3.0");
	}

	@Test
	void keepsKeyOrderNullsAndRawUnicodeAndEscapesControlCharacters() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("z", null);
		value.put("a", Arrays.asList("Zoë \"quoted\" \\ \n\t\u0001", 7L, true));
		assertThat(SdkJson.JAVASCRIPT.write(value))
			.isEqualTo("{\"z\":null,\"a\":[\"Zoë \\\"quoted\\\" \\\\ \\n\\t\\u0001\",7,true]}");
	}

}
