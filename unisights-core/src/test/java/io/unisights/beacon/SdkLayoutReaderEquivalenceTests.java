package io.unisights.beacon;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fast reader must build exactly what the tree reader builds, and must give up (so the
 * tree reader can name the fault) on everything the tree reader refuses; and the decoder,
 * whichever reader answers, must judge every body as the tree reader does.
 */
class SdkLayoutReaderEquivalenceTests {

	private final BeaconDecoder decoder = BeaconDecoder.builder().build();

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
		byte[] bytes = BeaconJson.MAPPER.writeValueAsBytes(payload);
		BeaconPayload fast = SdkLayoutReader.read(bytes, BeaconSource.Form.PLAINTEXT);
		if (fast != null) {
			assertThat(fast).isEqualTo(BeaconWireFormat.fromJson(payload));
		}
		assertThat(BeaconDecoder.readAgain(BeaconSource.of(BeaconSource.Form.PLAINTEXT, bytes)))
			.isEqualTo(BeaconWireFormat.fromJson(payload));
	}

	@Test
	void mapsTheSdksBodyWithNullsEverywhereTheSdkWritesThemAsTheTreeReaderDoes() {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		ObjectNode data = (ObjectNode) body.get("data");
		data.putNull("utm_params");
		data.putNull("device_info");
		data.putNull("scroll_depth");
		((ObjectNode) data.get("events").get(2).get("data")).putNull("rating").putNull("delta").putNull("entries");
		((ObjectNode) data.get("events").get(3).get("data")).putNull("data");
		BeaconPayload fast = SdkLayoutReader.read(bytes(body), BeaconSource.Form.BODY);
		assertThat(fast).isNotNull().isEqualTo(BeaconWireFormat.fromJson(data));
		assertThat(BeaconJson.MAPPER.readTree(BeaconWireFormat.toBytes(fast))).isEqualTo(data);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/data/asset_id", "/data/session_id=not-a-uuid", "/data/page_url=/relative",
			"/data/events", "/data/scroll_depth=-1", "/data/time_on_page=-1", "/data/utm_params/utm_source=3",
			"/data/device_info/screen_width=-5", "/data/events/1/data/x=left", "/data/events/1/type=hover",
			"/data/events/1/type", "/data/events/0/data/timestamp", "/data/events/0/data/timestamp=-1",
			"/data/events/2/data/name=XYZ", "/data/events/2/data/rating=meh", "/data/events/3/data/data={nope",
			"/data/events/4/data/message", "/data", "/data/asset_id= " })
	void givesUpOnWhatTheTreeReaderRefuses(String edit) {
		ObjectNode body = BeaconDecoderTests.sdkBody();
		Edits.apply(body, edit);
		assertThat(SdkLayoutReader.read(bytes(body), BeaconSource.Form.BODY)).isNull();
		assertThatExceptionOfType(BeaconDecodingException.class).isThrownBy(() -> this.decoder.decode(bytes(body)));
	}

	@Test
	void judgesEveryMutationOfABodyInAnotherLayoutAsTheTreeReaderDoes() {
		// Random single-value mutations of a valid body the SDK did not lay out: the decoder
		// must accept what the tree reader accepts, with the very same result, and refuse
		// the rest naming the same field.
		mutateAndCompare(BeaconDecoderTests::plainBody, 20261123);
	}

	@Test
	void judgesEveryMutationOfABodyInAnotherLayoutAsTheTreeReaderDoesWhereValuesRepeat() {
		// Every event three times: a mutation of one copy leaves the others as they were, so
		// a value that repeats one read (and checked) before meets one that changed, in
		// either order.
		mutateAndCompare(() -> thrice(BeaconDecoderTests.plainBody()), 20261201, REPEATS);
	}

	@Test
	void neverAcceptsInTheSdksLayoutWhatTheTreeReaderWouldJudgeDifferently() {
		// The same over a body in the SDK's own layout, which the fast reader reads: most
		// mutations replace a value where it stands and keep that layout.
		int fastAccepted = mutateAndCompare(BeaconDecoderTests::sdkBody, 20261202);
		assertThat(fastAccepted).isGreaterThan(100);
	}

	@Test
	void neverAcceptsInTheSdksLayoutWhatTheTreeReaderWouldJudgeDifferentlyWhereValuesRepeat() {
		int fastAccepted = mutateAndCompare(() -> thrice(BeaconDecoderTests.sdkBody()), 20261203, REPEATS);
		assertThat(fastAccepted).isGreaterThan(100);
	}

	private static final JsonNode[] REPEATS = { BeaconJson.NODES.stringNode("https://example.com/products"),
			BeaconJson.NODES.stringNode("{\"plan\":\"pro\",\"seats\":3}"), BeaconJson.NODES.stringNode("Products"),
			BeaconJson.NODES.stringNode("signup"), BeaconJson.NODES.stringNode("TypeError: x is undefined") };

	/** The body with its events three times over, in the same order. */
	private static ObjectNode thrice(ObjectNode body) {
		ArrayNode events = (ArrayNode) body.get("data").get("events");
		List<JsonNode> once = new ArrayList<>();
		events.forEach(once::add);
		for (int copy = 0; copy < 2; copy++) {
			once.forEach((event) -> events.add(event.deepCopy()));
		}
		return body;
	}

	/** @return how many mutations the fast reader accepted */
	private int mutateAndCompare(Supplier<ObjectNode> valid, long seed, JsonNode... more) {
		Random random = new Random(seed);
		List<JsonNode> replacements = new ArrayList<>(List.of(BeaconJson.NODES.nullNode(),
				BeaconJson.NODES.stringNode(""), BeaconJson.NODES.stringNode("x"), BeaconJson.NODES.numberNode(-1),
				BeaconJson.NODES.numberNode(0), BeaconJson.NODES.numberNode(1.5), BeaconJson.NODES.numberNode(1e300),
				BeaconJson.NODES.numberNode(Long.MAX_VALUE), BeaconJson.NODES.booleanNode(true),
				BeaconJson.NODES.objectNode(), BeaconJson.NODES.arrayNode(),
				BeaconJson.NODES.stringNode("550e8400-e29b-41d4-a716-446655440000"),
				BeaconJson.NODES.stringNode("https://example.com/"), BeaconJson.NODES.numberNode(100.8),
				BeaconJson.NODES.numberNode(-0.0), BeaconJson.NODES.numberNode(1796097600000.5),
				BeaconJson.NODES.numberNode(Double.POSITIVE_INFINITY),
				BeaconJson.NODES.numberNode(new BigInteger("123456789012345678901234567890")),
				BeaconJson.NODES.numberNode(9e15), BeaconJson.NODES.stringNode("https://a_b.example/|{x}^%"),
				BeaconJson.NODES.stringNode("{\"deep\":[[[1e400]]]}")));
		replacements.addAll(Arrays.asList(more));
		int accepted = 0;
		int fastAccepted = 0;
		for (int round = 0; round < 3000; round++) {
			ObjectNode body = valid.get();
			List<ObjectNode> containers = new ArrayList<>();
			collectObjects(body.get("data"), containers);
			ObjectNode target = containers.get(random.nextInt(containers.size()));
			List<String> names = new ArrayList<>(target.propertyNames());
			String name = names.isEmpty() ? "added" : names.get(random.nextInt(names.size()));
			if (random.nextInt(5) == 0) {
				target.remove(name);
			}
			else {
				target.set(name, replacements.get(random.nextInt(replacements.size())));
			}
			byte[] bytes = bytes(body);
			// Judged on the bytes both readers saw (a tree may hold what JSON cannot say).
			BeaconPayload judged = null;
			BeaconDecodingException refused = null;
			try {
				judged = BeaconWireFormat.fromJson(BeaconJson.MAPPER.readTree(bytes).get("data"));
			}
			catch (BeaconDecodingException ex) {
				refused = ex;
			}
			catch (JacksonException ex) {
				// beyond the parser's limits: the decoder must refuse it too
			}
			BeaconPayload fast = SdkLayoutReader.read(bytes, BeaconSource.Form.BODY);
			if (fast != null) {
				fastAccepted++;
				assertThat(fast).as("mutation %d: %s", round, body).isEqualTo(judged);
			}
			if (judged != null) {
				accepted++;
				assertThat(this.decoder.decode(bytes).payload()).as("mutation %d: %s", round, body).isEqualTo(judged);
			}
			else {
				BeaconDecodingException expected = refused;
				assertThatExceptionOfType(BeaconDecodingException.class).as("mutation %d: %s", round, body)
					.isThrownBy(() -> this.decoder.decode(bytes))
					.satisfies((ex) -> {
						if (expected != null) {
							assertThat(ex.reason()).isEqualTo(expected.reason());
							assertThat(ex.field()).isEqualTo(expected.field());
						}
					});
			}
		}
		// Some mutations keep the body valid (a null title, an extra key): the decoder must
		// take those, or this test would prove nothing.
		assertThat(accepted).isGreaterThan(100);
		return fastAccepted;
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
		byte[] bytes = dataFirst.getBytes(StandardCharsets.UTF_8);
		assertThat(SdkLayoutReader.read(bytes, BeaconSource.Form.BODY)).isNull();
		BeaconPayload decoded = this.decoder.decode(bytes).payload();
		assertThat(decoded.events()).singleElement().isInstanceOf(BeaconEvent.Click.class);
	}

	@Test
	void givesUpOnMalformedJsonAndTrailingContent() {
		byte[] body = bytes(BeaconDecoderTests.sdkBody());
		assertThat(SdkLayoutReader.read(body, BeaconSource.Form.BODY)).isNotNull();
		assertThat(SdkLayoutReader.read(Arrays.copyOf(body, body.length - 5), BeaconSource.Form.BODY)).isNull();
		byte[] trailing = Arrays.copyOf(body, body.length + 3);
		trailing[body.length] = ' ';
		trailing[body.length + 1] = '{';
		trailing[body.length + 2] = '}';
		assertThat(SdkLayoutReader.read(trailing, BeaconSource.Form.BODY)).isNull();
	}

	private static byte[] bytes(JsonNode json) {
		return BeaconJson.MAPPER.writeValueAsBytes(json);
	}

}
