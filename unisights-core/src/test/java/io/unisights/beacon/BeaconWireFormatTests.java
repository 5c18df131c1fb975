package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing the wire form back gives what the SDK sent: byte for byte the
 * {@code JSON.stringify} form of the payload.
 */
class BeaconWireFormatTests {

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

	static List<JsonNode> acceptedVectors() throws Exception {
		return Vectors.encryption()
			.stream()
			.filter((vector) -> vector.get("expect").get("status").asInt() == 200)
			.toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acceptedVectors")
	void writesEveryVectorBackAsJsonStringifyWouldWriteIt(JsonNode vector) {
		BeaconDecoder decoder = BeaconDecoder.builder()
			.serverSecret(vector.has("server_secret") ? vector.get("server_secret").asString() : null)
			.build();
		BeaconPayload payload = decoder.decode(Vectors.body(vector)).payload();
		String expected = stringify(vector.get("expect").get("data"));
		assertThat(new String(BeaconWireFormat.toBytes(payload), StandardCharsets.UTF_8)).isEqualTo(expected);
	}

	@Test
	void writesBackTheKeyOrderAndTheNullsOfARealSdkBody() {
		// As the SDK sends it: sorted device_info, nulls for every unset value, serde numbers.
		String data = """
				{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f",\
				"page_url":"https://shop_1.example.com/p|1?q={keyword}&x=^`\\\\|%","entry_page":null,"exit_page":null,\
				"utm_params":null,"device_info":{"device_type":"Desktop","os":"Linux","platform":"Linux x86_64",\
				"referrer":"direct","screen_height":1080,"screen_width":1920,"user_agent":"Mozilla/5.0"},\
				"events":[{"type":"page_view","data":{"location":"https://shop_1.example.com/p|1","title":null,\
				"timestamp":1796097600000.0}},{"type":"web_vital","data":{"name":"CLS","value":4.1e-6,"id":null,\
				"rating":null,"delta":null,"entries":null,"navigation_type":null,"timestamp":1796097600001.0}},\
				{"type":"error","data":{"message":"boom","source":null,"lineno":null,"colno":null,\
				"timestamp":1796097600002.0}},{"type":"click","data":{"y":33.5,"x":0.0,"timestamp":1796097600003.5}}],\
				"scroll_depth":100.8,"time_on_page":0.0}""";
		BeaconPayload payload = this.decoder.decode(plain(data)).payload();
		assertThat(new String(BeaconWireFormat.toBytes(payload), StandardCharsets.UTF_8)).isEqualTo("""
				{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f",\
				"page_url":"https://shop_1.example.com/p|1?q={keyword}&x=^`\\\\|%","entry_page":null,"exit_page":null,\
				"utm_params":null,"device_info":{"device_type":"Desktop","os":"Linux","platform":"Linux x86_64",\
				"referrer":"direct","screen_height":1080,"screen_width":1920,"user_agent":"Mozilla/5.0"},\
				"events":[{"type":"page_view","data":{"location":"https://shop_1.example.com/p|1","title":null,\
				"timestamp":1796097600000}},{"type":"web_vital","data":{"name":"CLS","value":0.0000041,"id":null,\
				"rating":null,"delta":null,"entries":null,"navigation_type":null,"timestamp":1796097600001}},\
				{"type":"error","data":{"message":"boom","source":null,"lineno":null,"colno":null,\
				"timestamp":1796097600002}},{"type":"click","data":{"y":33.5,"x":0,"timestamp":1796097600003.5}}],\
				"scroll_depth":100.8,"time_on_page":0}""");
	}

	@Test
	void writesAbsentKeysAsAbsentAndEmptyObjectsAsEmpty() {
		String data = """
				{"session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f","asset_id":"site",\
				"page_url":"https://example.com/","utm_params":{},"device_info":{},"events":[\
				{"type":"page_view","data":{"timestamp":1,"location":"https://example.com/"}}]}""";
		BeaconPayload payload = this.decoder.decode(plain(data)).payload();
		assertThat(payload.utmParams()).isNotNull();
		assertThat(payload.deviceInfo()).isNotNull();
		assertThat(new String(BeaconWireFormat.toBytes(payload), StandardCharsets.UTF_8)).isEqualTo(data);
	}

	@Test
	void writesAHandBuiltPayloadInTheSdksOrderWithItsNulls() {
		BeaconPayload payload = new BeaconPayload("site", "d78f14bf-eabd-4264-9f3f-506ffec20c5f",
				"https://example.com/", null, null, UtmParams.none(), null,
				List.of(new BeaconEvent.PageView("https://example.com/", null, 1796097600000.0, java.util.Map.of())),
				100.8, 2.5);
		assertThat(new String(BeaconWireFormat.toBytes(payload), StandardCharsets.UTF_8)).isEqualTo("""
				{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f",\
				"page_url":"https://example.com/","entry_page":null,"exit_page":null,"utm_params":{},\
				"device_info":null,"events":[{"type":"page_view","data":{"location":"https://example.com/",\
				"title":null,"timestamp":1796097600000}}],"scroll_depth":100.8,"time_on_page":2.5}""");
	}

	/** Each pair checked against node's {@code JSON.stringify}. */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "0.0000041, 0.0000041", "4.1e-6, 0.0000041", "1796097600000.0, 1796097600000", "100.8, 100.8",
			"-0.0, 0", "1e20, 100000000000000000000", "1152921504606846976, 1152921504606847000",
			"123456789012345680000, 123456789012345680000", "0.000001, 0.000001", "81.670142, 81.670142",
			"-2.5, -2.5", "30.567158, 30.567158", "1472.481, 1472.481", "1e21, 1e+21", "1.5e-7, 1.5e-7",
			"-1e-7, -1e-7", "9.99e-7, 9.99e-7", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
			"-1.2345e25, -1.2345e+25" })
	void writesNumbersAsJavaScriptDoes(double value, String javaScript) {
		JsonNode node = BeaconJson.number(value);
		assertThat(BeaconJson.MAPPER.writeValueAsString(node)).isEqualTo(javaScript);
		// Any mapper writes it so, and reads it back as the same double.
		assertThat(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(node))
			.isEqualTo(javaScript);
		assertThat(node.isNumber()).isTrue();
		assertThat(node.doubleValue()).isEqualTo(value + 0.0);
		assertThat(BeaconJson.MAPPER.readTree(javaScript).doubleValue()).isEqualTo(value + 0.0);
	}

	@Test
	void writesEveryDoubleInTheShortestFormThatReadsBackToIt() {
		// The rules of ECMAScript's Number::toString, checked on random doubles of every range.
		java.util.Random random = new java.util.Random(20261201);
		for (int i = 0; i < 5000; i++) {
			double value = (i % 2 == 0) ? Double.longBitsToDouble(random.nextLong())
					: random.nextDouble() * Math.pow(10, random.nextInt(44) - 14);
			if (!Double.isFinite(value) || value == 0) {
				continue;
			}
			String text = BeaconJson.MAPPER.writeValueAsString(BeaconJson.number(value));
			assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
			java.math.BigDecimal decimal = new java.math.BigDecimal(text);
			int digits = decimal.stripTrailingZeros().precision();
			if (digits > 1) {
				java.math.BigDecimal shorter = decimal.round(new java.math.MathContext(digits - 1));
				assertThat(shorter.doubleValue()).as("%s has a shorter form %s", text, shorter).isNotEqualTo(value);
			}
			double magnitude = Math.abs(value);
			if (magnitude >= 1e-6 && magnitude < 1e21) {
				assertThat(text).as("plain").doesNotContain("e").doesNotContain("E");
			}
			else {
				assertThat(text).as("exponential").matches("-?\\d(\\.\\d+)?e[+-]\\d+");
			}
		}
	}

	@Test
	void writesNumbersOfExtrasAsJavaScriptDoesToo() {
		String data = """
				{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f",\
				"page_url":"https://example.com/","events":[{"type":"click","data":{"x":1,"y":2,"timestamp":3,\
				"meta":{"ratio":4.1e-6,"whole":2.0,"list":[1.0E12]}}}],"device_info":{"dpr":2.0}}""";
		BeaconPayload payload = this.decoder.decode(plain(data)).payload();
		assertThat(new String(BeaconWireFormat.toBytes(payload), StandardCharsets.UTF_8)).isEqualTo("""
				{"asset_id":"site","session_id":"d78f14bf-eabd-4264-9f3f-506ffec20c5f",\
				"page_url":"https://example.com/","events":[{"type":"click","data":{"x":1,"y":2,"timestamp":3,\
				"meta":{"ratio":0.0000041,"whole":2,"list":[1000000000000]}}}],"device_info":{"dpr":2}}""");
	}

	@Test
	void readsWhatItWroteBackToTheSamePayload() {
		BeaconPayload payload = this.decoder.decode(BeaconJson.MAPPER.writeValueAsBytes(BeaconDecoderTests.plainBody()))
			.payload();
		assertThat(BeaconWireFormat.fromJson(BeaconWireFormat.toJson(payload))).isEqualTo(payload);
		assertThat(BeaconWireFormat.fromJson(BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(payload))))
			.isEqualTo(payload);
	}

	private static byte[] plain(String data) {
		return ("{\"data\":" + data + ",\"encrypted\":false}").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The {@code JSON.stringify} form of a vector's payload, written without the code under
	 * test: compact JSON, numbers as Jackson writes a parsed tree. That equals JavaScript's
	 * form for integers and for doubles from 1e-3 to 1e7 (where Java uses no exponent);
	 * the vectors hold no other numbers, and this checks it so the expectation stays honest.
	 * Checked by hand against node for every accepted vector.
	 */
	private static String stringify(JsonNode data) {
		assertNumbersWhereJavaWritesAsJavaScript(data);
		return BeaconJson.MAPPER.writeValueAsString(data);
	}

	private static void assertNumbersWhereJavaWritesAsJavaScript(JsonNode node) {
		if (node.isFloatingPointNumber()) {
			double value = Math.abs(node.doubleValue());
			assertThat(value == Math.rint(value) || (value >= 1e-3 && value < 1e7)).as("%s", node).isTrue();
			assertThat(value == Math.rint(value) && value != 0).as("%s has no needless fraction", node).isFalse();
		}
		node.forEach(BeaconWireFormatTests::assertNumbersWhereJavaWritesAsJavaScript);
	}

}
