package io.unisights.spring.delivery;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryConfigurationMetadataTests {

	@Test
	void offersEveryDeliveryModeAsAValueHint() throws Exception {
		JsonNode metadata = metadata();
		List<JsonNode> hints = new ArrayList<>();
		metadata.get("hints").forEach((hint) -> {
			if (hint.get("name").asString().equals("unisights.delivery.mode")) {
				hints.add(hint);
			}
		});
		assertThat(hints).singleElement().satisfies((hint) -> {
			List<String> values = new ArrayList<>();
			hint.get("values").forEach((value) -> {
				values.add(value.get("value").asString());
				assertThat(value.get("description").asString()).isNotBlank();
			});
			// The hints are the lower-case spelling of every mode, so none can be missing.
			assertThat(values).containsExactlyElementsOf(Arrays.stream(DeliveryProperties.Mode.values())
				.map((mode) -> mode.name().toLowerCase(Locale.ROOT))
				.toList());
		});
		List<JsonNode> properties = new ArrayList<>();
		metadata.get("properties").forEach((property) -> {
			if (property.get("name").asString().equals("unisights.delivery.mode")) {
				properties.add(property);
			}
		});
		assertThat(properties).singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue").asString()).isEqualTo("sync"));
	}

	@Test
	void describesDeliveryPropertiesInPlainText() throws Exception {
		List<String> described = new ArrayList<>();
		metadata().get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			if (name.startsWith("unisights.delivery.")) {
				JsonNode description = property.get("description");
				assertThat(description).as(name).isNotNull();
				// The processor copies javadoc as it is; an IDE would show the raw tag.
				assertThat(description.asString()).as(name).isNotBlank().doesNotContain("{@");
				described.add(name);
			}
		});
		assertThat(described).contains("unisights.delivery.mode", "unisights.delivery.queue-capacity",
				"unisights.delivery.health.dead-letter-window");
	}

	@Test
	void describesTheSwitchOfTheDeliveryHealthIndicator() throws Exception {
		List<JsonNode> properties = new ArrayList<>();
		metadata().get("properties").forEach((property) -> {
			if (property.get("name").asString().equals("management.health.unisightsdelivery.enabled")) {
				properties.add(property);
			}
		});
		assertThat(properties).singleElement().satisfies((property) -> {
			assertThat(property.get("type").asString()).isEqualTo("java.lang.Boolean");
			assertThat(property.get("defaultValue").asBoolean()).isTrue();
			assertThat(property.get("description").asString()).isNotBlank();
		});
	}

	private JsonNode metadata() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("metadata written by the configuration processor").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
