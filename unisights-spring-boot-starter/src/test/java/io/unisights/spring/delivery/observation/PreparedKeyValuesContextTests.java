package io.unisights.spring.delivery.observation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery and handler contexts answer their low-cardinality key values without sorting
 * them again while a convention's values are all they hold; whatever is done to them, they
 * answer what Micrometer's own context answers.
 */
class PreparedKeyValuesContextTests {

	private static final String[] KEYS = { "channel", "outcome", "handler", "region", "error" };

	private static final String[] VALUES = { "beacon", "open", "delivered", "failed", "eu", "x" };

	@Test
	void answersWhatMicrometersContextAnswersAfterAnySequenceOfChanges() {
		Random random = new Random(15);
		for (int run = 0; run < 200; run++) {
			Observation.Context reference = new Observation.Context();
			DeliveryObservationContext prepared = new DeliveryObservationContext(delivery());
			assertThat(prepared.getLowCardinalityKeyValues()).isEmpty();
			for (int step = 0; step < 40; step++) {
				switch (random.nextInt(5)) {
					case 0 -> {
						KeyValue keyValue = keyValue(random);
						reference.addLowCardinalityKeyValue(keyValue);
						prepared.addLowCardinalityKeyValue(keyValue);
					}
					case 1, 2 -> {
						KeyValues keyValues = keyValues(random);
						reference.addLowCardinalityKeyValues(keyValues);
						prepared.addLowCardinalityKeyValues(keyValues);
					}
					case 3 -> {
						String key = KEYS[random.nextInt(KEYS.length)];
						reference.removeLowCardinalityKeyValue(key);
						prepared.removeLowCardinalityKeyValue(key);
					}
					default -> {
						String[] keys = { KEYS[random.nextInt(KEYS.length)], KEYS[random.nextInt(KEYS.length)] };
						reference.removeLowCardinalityKeyValues(keys);
						prepared.removeLowCardinalityKeyValues(keys);
					}
				}
				// Read once or twice: a kept answer must stay right on the second read too.
				int reads = 1 + random.nextInt(2);
				for (int read = 0; read < reads; read++) {
					assertThat(list(prepared.getLowCardinalityKeyValues()))
						.isEqualTo(list(reference.getLowCardinalityKeyValues()));
					assertThat(list(prepared.getAllKeyValues())).isEqualTo(list(reference.getAllKeyValues()));
				}
				assertThat(prepared.getLowCardinalityKeyValue("outcome"))
					.isEqualTo(reference.getLowCardinalityKeyValue("outcome"));
			}
		}
	}

	@Test
	void answersAConventionsValuesThatReplaceEveryKeyAsTheyAre() {
		HandlerObservationContext context = new HandlerObservationContext(delivery(), new EventHandler() {
		}, 1);
		KeyValues started = KeyValues.of("channel", "beacon", "outcome", "unknown");
		context.addLowCardinalityKeyValues(started);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(started);

		KeyValues stopped = KeyValues.of("channel", "beacon", "outcome", "delivered");
		context.addLowCardinalityKeyValues(stopped);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(stopped);

		// A key the convention's values do not replace: the map is read and sorted again.
		context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
		KeyValues withRegion = KeyValues.of("channel", "beacon", "outcome", "failed");
		context.addLowCardinalityKeyValues(withRegion);
		assertThat(list(context.getLowCardinalityKeyValues())).containsExactly(KeyValue.of("channel", "beacon"),
				KeyValue.of("outcome", "failed"), KeyValue.of("region", "eu"));
	}

	@Test
	void overridesEveryWayMicrometersContextHasOfChangingLowCardinalityKeyValues() throws Exception {
		// Should Micrometer add another way, the kept values would go stale: this fails first.
		List<Method> mutators = new ArrayList<>();
		for (Method method : Observation.Context.class.getDeclaredMethods()) {
			if (Modifier.isPublic(method.getModifiers()) && method.getName().contains("LowCardinalityKeyValue")
					&& !method.getName().startsWith("get")) {
				mutators.add(method);
			}
		}
		assertThat(mutators).hasSizeGreaterThanOrEqualTo(4);
		for (Method mutator : mutators) {
			assertThat(PreparedKeyValuesContext.class.getDeclaredMethod(mutator.getName(), mutator.getParameterTypes()))
				.as(mutator.toString())
				.isNotNull();
		}
	}

	private static KeyValue keyValue(Random random) {
		return KeyValue.of(KEYS[random.nextInt(KEYS.length)], VALUES[random.nextInt(VALUES.length)]);
	}

	private static KeyValues keyValues(Random random) {
		int size = random.nextInt(KEYS.length + 1);
		KeyValue[] keyValues = new KeyValue[size];
		for (int i = 0; i < size; i++) {
			keyValues[i] = keyValue(random);
		}
		return KeyValues.of(keyValues);
	}

	private static List<KeyValue> list(KeyValues keyValues) {
		List<KeyValue> list = new ArrayList<>();
		keyValues.forEach(list::add);
		return list;
	}

	private static BeaconDelivery delivery() {
		String body = """
				{"encrypted":false,"data":{"asset_id":"site","session_id":"550e8400-e29b-41d4-a716-446655440000","page_url":"https://example.com/",
				"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
				""";
		return new BeaconDelivery("d-1",
				BeaconDecoder.builder().build().decode(body.getBytes(StandardCharsets.UTF_8)).payload(),
				new RequestContext("127.0.0.1", "test/1.0", null, Instant.parse("2026-01-01T00:00:00Z")));
	}

}
