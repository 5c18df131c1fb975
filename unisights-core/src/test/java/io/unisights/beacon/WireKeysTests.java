package io.unisights.beacon;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component of every record of the model is declared once, in {@link WireKeys}, and
 * every reader and writer carries each declared key to its component and back: a field
 * added to a record and its declaration but missed by the fast reader, the tree reader or
 * the writer fails here, by name.
 */
class WireKeysTests {

	/** Components that are not keys of their object. */
	private static final Set<String> NOT_KEYS = Set.of("extras", "keys");

	/** Components whose key is not their name in snake case. */
	private static final Map<String, String> RENAMED = Map.of("rawData", "data");

	/** Each object: its record, its declaration, where the SDK body holds one, and how the payload holds it. */
	private record Shape(Class<? extends Record> type, WireKeys.Table<?> table, String pointer,
			Function<BeaconPayload, Object> of) {
	}

	private static final List<Shape> SHAPES = List.of(
			new Shape(BeaconPayload.class, WireKeys.PAYLOAD, "/data", (payload) -> payload),
			new Shape(DeviceInfo.class, WireKeys.DEVICE, "/data/device_info", BeaconPayload::deviceInfo),
			new Shape(BeaconEvent.PageView.class, WireKeys.PAGE_VIEW, "/data/events/0/data", (p) -> p.events().get(0)),
			new Shape(BeaconEvent.Click.class, WireKeys.CLICK, "/data/events/1/data", (p) -> p.events().get(1)),
			new Shape(BeaconEvent.WebVital.class, WireKeys.WEB_VITAL, "/data/events/2/data", (p) -> p.events().get(2)),
			new Shape(BeaconEvent.Custom.class, WireKeys.CUSTOM, "/data/events/3/data", (p) -> p.events().get(3)),
			new Shape(BeaconEvent.Error.class, WireKeys.ERROR, "/data/events/4/data", (p) -> p.events().get(4)));

	/** Per declared key, a valid value other than the SDK body's: a key added without one fails. */
	private static final Map<String, String> OTHER_VALUES = Map.ofEntries(
			Map.entry("/data/asset_id", "\"prop_456\""),
			Map.entry("/data/session_id", "\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\""),
			Map.entry("/data/page_url", "\"https://example.com/other\""),
			Map.entry("/data/entry_page", "\"https://example.com/in\""),
			Map.entry("/data/exit_page", "\"https://example.com/out\""),
			Map.entry("/data/utm_params", "{\"utm_source\":\"news\"}"),
			Map.entry("/data/device_info", "{\"os\":\"Mac\"}"), Map.entry("/data/events", "[]"),
			Map.entry("/data/scroll_depth", "50.5"), Map.entry("/data/time_on_page", "130.5"),
			Map.entry("/data/device_info/device_type", "\"Mobile\""),
			Map.entry("/data/device_info/os", "\"Android\""),
			Map.entry("/data/device_info/platform", "\"Linux armv8l\""),
			Map.entry("/data/device_info/referrer", "\"https://ref.example/\""),
			Map.entry("/data/device_info/screen_height", "800"), Map.entry("/data/device_info/screen_width", "360"),
			Map.entry("/data/device_info/user_agent", "\"Other/1.0\""),
			Map.entry("/data/events/0/data/location", "\"https://example.com/other\""),
			Map.entry("/data/events/0/data/title", "\"Other\""),
			Map.entry("/data/events/0/data/timestamp", "1763900000001.5"),
			Map.entry("/data/events/1/data/x", "101"), Map.entry("/data/events/1/data/y", "201.5"),
			Map.entry("/data/events/1/data/timestamp", "1763900001001"),
			Map.entry("/data/events/2/data/name", "\"CLS\""), Map.entry("/data/events/2/data/value", "0.25"),
			Map.entry("/data/events/2/data/id", "\"v5-1-2\""), Map.entry("/data/events/2/data/rating", "\"good\""),
			Map.entry("/data/events/2/data/delta", "0.5"), Map.entry("/data/events/2/data/entries", "3"),
			Map.entry("/data/events/2/data/navigation_type", "\"reload\""),
			Map.entry("/data/events/2/data/timestamp", "1763900002001"),
			Map.entry("/data/events/3/data/name", "\"other\""), Map.entry("/data/events/3/data/data", "\"[1,2]\""),
			Map.entry("/data/events/3/data/timestamp", "1763900003001"),
			Map.entry("/data/events/4/data/message", "\"Other\""),
			Map.entry("/data/events/4/data/source", "\"https://example.com/b.js\""),
			Map.entry("/data/events/4/data/lineno", "5"), Map.entry("/data/events/4/data/colno", "8"),
			Map.entry("/data/events/4/data/timestamp", "1763900004001"));

	@Test
	void declaresEveryComponentOfEveryRecordAsOneKey() {
		for (Shape shape : SHAPES) {
			List<String> components = Arrays.stream(shape.type().getRecordComponents())
				.map(RecordComponent::getName)
				.filter((name) -> !NOT_KEYS.contains(name))
				.map(WireKeysTests::wireName)
				.toList();
			assertThat(shape.table().names()).as(shape.type().getSimpleName())
				.containsExactlyInAnyOrderElementsOf(components);
		}
	}

	@Test
	void everyReaderAndWriterCarriesEachDeclaredKeyToItsComponentAndBack() throws Exception {
		BeaconPayload original = BeaconWireFormat.fromJson(BeaconDecoderTests.sdkBody().get("data"));
		for (Shape shape : SHAPES) {
			for (String key : shape.table().names()) {
				String pointer = shape.pointer() + "/" + key;
				String other = OTHER_VALUES.get(pointer);
				assertThat(other).as("a value other than the SDK body's for " + pointer).isNotNull();
				ObjectNode body = BeaconDecoderTests.sdkBody();
				JsonNode value = BeaconJson.MAPPER.readTree(other);
				((ObjectNode) body.at(shape.pointer())).set(key, value);
				byte[] bytes = BeaconJson.MAPPER.writeValueAsBytes(body);

				BeaconPayload tree = BeaconWireFormat.fromJson(body.get("data"));
				BeaconPayload fast = SdkLayoutReader.read(bytes, BeaconSource.Form.BODY);
				assertThat(fast).as("the fast reader reads " + pointer + " where the SDK writes it").isEqualTo(tree);
				assertOnlyComponentChanged(shape, key, shape.of().apply(original), shape.of().apply(tree));

				String written = pointer.substring("/data".length());
				assertThat(reparse(BeaconWireFormat.toJson(tree)).at(written)).as("the writer writes " + pointer)
					.isEqualTo(reparse(value));
				// Built by hand without the keys it arrived with: written from the declaration.
				if (shape.type() != BeaconPayload.class) {
					BeaconPayload byHand = replace(tree, shape, withoutKeys(shape.of().apply(tree)));
					assertThat(reparse(BeaconWireFormat.toJson(byHand)).at(written))
						.as("the writer writes " + pointer + " of a record built by hand")
						.isEqualTo(reparse(value));
				}
			}
		}
	}

	private static void assertOnlyComponentChanged(Shape shape, String key, Object before, Object after)
			throws Exception {
		for (RecordComponent component : shape.type().getRecordComponents()) {
			if (NOT_KEYS.contains(component.getName())) {
				continue;
			}
			Object was = component.getAccessor().invoke(before);
			Object is = component.getAccessor().invoke(after);
			if (wireName(component.getName()).equals(key)) {
				assertThat(is).as(shape.type().getSimpleName() + "." + component.getName() + " from " + key)
					.isNotEqualTo(was);
			}
			else {
				assertThat(is).as(shape.type().getSimpleName() + "." + component.getName() + " when " + key
						+ " changed").isEqualTo(was);
			}
		}
		RecordComponent extras = Arrays.stream(shape.type().getRecordComponents())
			.filter((component) -> component.getName().equals("extras"))
			.findFirst()
			.orElse(null);
		if (extras != null) {
			assertThat((Map<?, ?>) extras.getAccessor().invoke(after)).as("extras when " + key + " changed").isEmpty();
		}
	}

	/** The same record with an empty list of keys, as one built by hand without them. */
	private static Object withoutKeys(Object record) throws Exception {
		RecordComponent[] components = record.getClass().getRecordComponents();
		Object[] values = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			types[i] = components[i].getType();
			values[i] = components[i].getName().equals("keys") ? List.of()
					: components[i].getAccessor().invoke(record);
		}
		Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
		return canonical.newInstance(values);
	}

	private static BeaconPayload replace(BeaconPayload payload, Shape shape, Object record) {
		if (record instanceof DeviceInfo device) {
			return new BeaconPayload(payload.assetId(), payload.sessionId(), payload.pageUrl(), payload.entryPage(),
					payload.exitPage(), payload.utmParams(), device, payload.events(), payload.scrollDepth(),
					payload.timeOnPage(), payload.keys());
		}
		List<BeaconEvent> events = new java.util.ArrayList<>(payload.events());
		events.replaceAll((event) -> Objects.equals(event, shape.of().apply(payload)) ? (BeaconEvent) record : event);
		return new BeaconPayload(payload.assetId(), payload.sessionId(), payload.pageUrl(), payload.entryPage(),
				payload.exitPage(), payload.utmParams(), payload.deviceInfo(), events, payload.scrollDepth(),
				payload.timeOnPage(), payload.keys());
	}

	private static String wireName(String component) {
		return RENAMED.getOrDefault(component,
				Arrays.stream(component.split("(?=[A-Z])")).map((part) -> part.toLowerCase(Locale.ROOT))
					.collect(Collectors.joining("_")));
	}

	private static JsonNode reparse(JsonNode json) {
		return BeaconJson.MAPPER.readTree(BeaconJson.MAPPER.writeValueAsBytes(json));
	}

}
