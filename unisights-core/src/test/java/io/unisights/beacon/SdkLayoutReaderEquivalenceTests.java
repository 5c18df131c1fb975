package io.unisights.beacon;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path must build exactly what the tree reader builds, and must give up (so the
 * tree reader can name the fault) on everything the tree reader refuses.
 */
class BeaconStreamReaderTests {

	private final BeaconStreamReader stream = new BeaconStreamReader();

	static List<JsonNode> acceptedPayloads() throws Exception {
		return Vectors.encryption()
			.stream()
			.filter((vector) -> vector.get("expect").get("status").asInt() == 200)
			.map((vector) -> vector.get("expect").get("data"))
			.toList();
	}

	@ParameterizedTest
	@MethodSource("acceptedPayloads")
	void mapsEveryAcceptedVectorPayloadAsTheTreeReaderDoes(JsonNode payload) {
		BeaconPayload fast = this.stream.readPayload(BeaconJson.MAPPER.writeValueAsBytes(payload));
		assertThat(fast).isNotNull().isEqualTo(BeaconWireFormat.fromJson(payload));
	}

	@Test
	void mapsAPlainBodyWithEveryEventTypeAndExtraAsTheTreeReaderDoes() {
		ObjectNode body = BeaconDecoderTests.plainBody();
		((ObjectNode) body.get("data").get("device_info")).putNull("vendor");
		((ObjectNode) body.get("data").get("events").get(0).get("data")).putObject("meta").put("k", 1);
		((ObjectNode) body.get("data").get("events").get(1).get("data")).putNull("button");
		BeaconPayload fast = this.stream.readPlainBody(BeaconJson.MAPPER.writeValueAsBytes(body));
		assertThat(fast).isNotNull().isEqualTo(BeaconWireFormat.fromJson(body.get("data")));
		assertThat(BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(fast)))
			.isEqualTo(BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(BeaconWireFormat.fromJson(body.get("data")))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/data/asset_id", "/data/session_id=not-a-uuid", "/data/page_url=/relative",
			"/data/events", "/data/scroll_depth=-1", "/data/time_on_page=-1", "/data/utm_params/utm_source=3",
			"/data/device_info/screen_width=-5", "/data/events/1/data/x=left", "/data/events/1/type=hover",
			"/data/events/1/type", "/data/events/0/data/timestamp", "/data/events/0/data/timestamp=-1",
			"/data/events/2/data/name=XYZ", "/data/events/2/data/rating=meh", "/data/events/3/data/data={nope",
			"/data/events/4/data/message", "/data", "/data/asset_id= " })
	void givesUpOnWhatTheTreeReaderRefuses(String edit) {
		ObjectNode body = BeaconDecoderTests.plainBody();
		Edits.apply(body, edit);
		assertThat(this.stream.readPlainBody(BeaconJson.MAPPER.writeValueAsBytes(body))).isNull();
	}

	@Test
	void neverAcceptsWhatTheTreeReaderWouldJudgeDifferently() {
		// Random single-value mutations of a valid body: whatever the fast path accepts, the
		// tree reader must accept too, with the very same result.
		mutateAndCompare(BeaconDecoderTests::plainBody, 20261123);
	}

	@Test
	void neverAcceptsWhatTheTreeReaderWouldJudgeDifferentlyWhereValuesRepeat() {
		// Every event three times: a mutation of one copy leaves the others as they were, so
		// a value that repeats one read (and checked) before meets one that changed, in
		// either order.
		mutateAndCompare(() -> thrice(BeaconDecoderTests.plainBody()), 20261201, REPEATS);
	}

	@Test
	void neverAcceptsInTheSdksLayoutWhatTheTreeReaderWouldJudgeDifferently() {
		// The same over a body in the SDK's own layout, which the layout reader reads: most
		// mutations replace a value where it stands and keep that layout.
		int layoutAccepted = mutateAndCompare(BeaconDecoderTests::sdkBody, 20261202);
		assertThat(layoutAccepted).isGreaterThan(100);
	}

	@Test
	void neverAcceptsInTheSdksLayoutWhatTheTreeReaderWouldJudgeDifferentlyWhereValuesRepeat() {
		int layoutAccepted = mutateAndCompare(() -> thrice(BeaconDecoderTests.sdkBody()), 20261203, REPEATS);
		assertThat(layoutAccepted).isGreaterThan(100);
	}

	private static final JsonNode[] REPEATS = { BeaconJson.NODES.stringNode("https://example.com/products"),
			BeaconJson.NODES.stringNode("{\"plan\":\"pro\",\"seats\":3}"), BeaconJson.NODES.stringNode("Products"),
			BeaconJson.NODES.stringNode("signup"), BeaconJson.NODES.stringNode("TypeError: x is undefined") };

	/** The body with its events three times over, in the same order. */
	private static ObjectNode thrice(ObjectNode body) {
		tools.jackson.databind.node.ArrayNode events = (tools.jackson.databind.node.ArrayNode) body.get("data")
			.get("events");
		List<JsonNode> once = new java.util.ArrayList<>();
		events.forEach(once::add);
		for (int copy = 0; copy < 2; copy++) {
			once.forEach((event) -> events.add(event.deepCopy()));
		}
		return body;
	}

	/** @return how many mutations the layout reader alone accepted */
	private int mutateAndCompare(java.util.function.Supplier<ObjectNode> valid, long seed, JsonNode... more) {
		java.util.Random random = new java.util.Random(seed);
		JsonNode[] replacements = { BeaconJson.NODES.nullNode(), BeaconJson.NODES.stringNode(""),
				BeaconJson.NODES.stringNode("x"), BeaconJson.NODES.numberNode(-1), BeaconJson.NODES.numberNode(0),
				BeaconJson.NODES.numberNode(1.5), BeaconJson.NODES.numberNode(1e300),
				BeaconJson.NODES.numberNode(Long.MAX_VALUE), BeaconJson.NODES.booleanNode(true),
				BeaconJson.NODES.objectNode(), BeaconJson.NODES.arrayNode(),
				BeaconJson.NODES.stringNode("550e8400-e29b-41d4-a716-446655440000"),
				BeaconJson.NODES.stringNode("https://example.com/"), BeaconJson.NODES.numberNode(100.8),
				BeaconJson.NODES.numberNode(-0.0), BeaconJson.NODES.numberNode(1796097600000.5),
				BeaconJson.NODES.numberNode(Double.POSITIVE_INFINITY),
				BeaconJson.NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
				BeaconJson.NODES.numberNode(9e15), BeaconJson.NODES.stringNode("https://a_b.example/|{x}^%"),
				BeaconJson.NODES.stringNode("{\"deep\":[[[1e400]]]}") };
		if (more.length > 0) {
			List<JsonNode> all = new java.util.ArrayList<>(List.of(replacements));
			all.addAll(List.of(more));
			replacements = all.toArray(JsonNode[]::new);
		}
		int accepted = 0;
		int compactAccepted = 0;
		int layoutAccepted = 0;
		for (int round = 0; round < 3000; round++) {
			ObjectNode body = valid.get();
			List<ObjectNode> containers = new java.util.ArrayList<>();
			collectObjects(body.get("data"), containers);
			ObjectNode target = containers.get(random.nextInt(containers.size()));
			List<String> names = new java.util.ArrayList<>(target.propertyNames());
			String name = names.isEmpty() ? "added" : names.get(random.nextInt(names.size()));
			if (random.nextInt(5) == 0) {
				target.remove(name);
			}
			else {
				target.set(name, replacements[random.nextInt(replacements.length)]);
			}
			byte[] bytes = BeaconJson.MAPPER.writeValueAsBytes(body);
			BeaconPayload fast = this.stream.readPlainBody(bytes);
			if (fast != null) {
				accepted++;
				// Judged on the bytes both readers saw (a tree may hold what JSON cannot say).
				assertThat(fast).as("mutation %d: %s", round, body)
					.isEqualTo(BeaconWireFormat.fromJson(BeaconJson.MAPPER.readTree(bytes).get("data")));
			}
			// The compact token reader alone, too: whatever it maps must be that same result.
			BeaconPayload compact = compactOnly(bytes);
			if (compact != null) {
				compactAccepted++;
				assertThat(compact).as("compact, mutation %d: %s", round, body).isEqualTo(fast);
			}
			// And the layout reader alone.
			BeaconPayload layout = layoutOnly(bytes);
			if (layout != null) {
				layoutAccepted++;
				assertThat(layout).as("layout, mutation %d: %s", round, body).isEqualTo(fast);
			}
		}
		assertThat(compactAccepted).isGreaterThan(100);
		// Some mutations keep the body valid (a null title, an extra key): the fast path must
		// take those, or this test would prove nothing.
		assertThat(accepted).isGreaterThan(100);
		return layoutAccepted;
	}

	static BeaconPayload layoutOnly(byte[] bytes) {
		try {
			return SdkLayoutReader.readPlainBody(bytes);
		}
		catch (BeaconStreamReader.GiveUp ex) {
			return null;
		}
	}

	private BeaconPayload compactOnly(byte[] bytes) {
		try {
			return this.stream.readPlainBody(new CompactJsonTokens(bytes));
		}
		catch (BeaconStreamReader.GiveUp ex) {
			return null;
		}
	}

	@Test
	void mapsTheSdksPlainBodyWithTheCompactReaderAlone() {
		byte[] bytes = BeaconJson.MAPPER.writeValueAsBytes(BeaconDecoderTests.plainBody());
		assertThat(compactOnly(bytes)).isNotNull()
			.isEqualTo(BeaconWireFormat.fromJson(BeaconDecoderTests.plainBody().get("data")));
	}

	private static void collectObjects(JsonNode node, List<ObjectNode> into) {
		if (node instanceof ObjectNode object) {
			into.add(object);
		}
		for (JsonNode child : node) {
			collectObjects(child, into);
		}
	}

	@Test
	void leavesUnusualButValidShapesToTheTreeReader() {
		String dataFirst = """
				{"encrypted": false, "data": {"asset_id": "a", "session_id": "550e8400-e29b-41d4-a716-446655440000",
				 "page_url": "https://example.com/", "events": [{"data": {"x": 1, "y": 2, "timestamp": 5}, "type": "click"}]}}
				""";
		byte[] bytes = dataFirst.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(this.stream.readPlainBody(bytes)).isNull();
		BeaconPayload decoded = BeaconDecoder.builder().build().decode(bytes).payload();
		assertThat(decoded.events()).singleElement().isInstanceOf(BeaconEvent.Click.class);
	}

	@Test
	void givesUpOnMalformedJsonAndTrailingContent() {
		byte[] body = BeaconJson.MAPPER.writeValueAsBytes(BeaconDecoderTests.plainBody());
		assertThat(this.stream.readPlainBody(java.util.Arrays.copyOf(body, body.length - 5))).isNull();
		byte[] trailing = java.util.Arrays.copyOf(body, body.length + 3);
		trailing[body.length] = ' ';
		trailing[body.length + 1] = '{';
		trailing[body.length + 2] = '}';
		assertThat(this.stream.readPlainBody(trailing)).isNull();
	}

}
