package io.unisights.spring.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed property appendix, {@code docs/properties.md}, is what
 * {@link PropertiesAppendix} renders from this build's configuration metadata: a property
 * added, renamed, re-described or given another default fails this test until the page is
 * written again. With {@code -Dunisights.docs.write=true} the test writes the page instead.
 */
class PropertiesAppendixDocsTests {

	@Test
	void committedAppendixIsTheMetadataRendered() throws IOException {
		Path root = PropertiesAppendix.checkoutRoot();
		if (Boolean.getBoolean("unisights.docs.write")) {
			PropertiesAppendix.write(root);
		}
		String expected = PropertiesAppendix.render(PropertiesAppendix.readMetadata());
		Path page = root.resolve(PropertiesAppendix.PAGE);
		String committed = Files.isRegularFile(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
		assertThat(committed.replace("\r\n", "\n"))
			.as("%s is stale: it no longer matches the starter's configuration metadata. Write it again with%n  %s%n",
					PropertiesAppendix.PAGE, PropertiesAppendix.REGENERATE)
			.isEqualTo(expected);
	}

	@Test
	void everyPropertyOfTheMetadataHasARow() throws IOException {
		JsonNode metadata = PropertiesAppendix.readMetadata();
		String page = PropertiesAppendix.render(metadata);
		assertThat(metadata.path("properties").size()).as("properties in the starter's metadata").isGreaterThan(60);
		for (JsonNode property : metadata.path("properties")) {
			assertThat(page).contains("\n| `" + property.path("name").asString() + "` | ");
		}
	}

	@Test
	void readsTheStartersOwnMetadataWithItsAdditionalEntries() throws IOException {
		String page = PropertiesAppendix.render(PropertiesAppendix.readMetadata());
		assertThat(page).contains("| `unisights.delivery.mode` | `DeliveryProperties.Mode` | `sync` | ")
			.contains("Values: `sync`: ")
			.contains("| `management.health.unisightsdelivery.enabled` | `Boolean` | `true` | ")
			.doesNotContain("| `spring.");
	}

	@Test
	void rendersJavadocInlineTagsAsCode() {
		assertThat(PropertiesAppendix.cell("What {@code Sec-GPC: 1} gets; off, {@link RequestContext#agent()} is"
				+ " {@code null} and {@literal a*b} | c"))
			.isEqualTo("What `Sec-GPC: 1` gets; off, `RequestContext.agent()` is `null` and a\\*b \\| c.");
	}

	@Test
	void rendersTypesDefaultsHintsAndDeprecationsSafelyForATable() {
		JsonNode metadata = JsonMapper.builder().build().readTree("""
				{"properties":[
				 {"name":"x.b.list","type":"java.util.List<java.lang.String>","description":"Origins such as https://*.example.com | pipes"},
				 {"name":"x.a","type":"java.lang.Boolean","defaultValue":false,"description":"Whether it is on"},
				 {"name":"x.b.mode","type":"com.example.Props$Mode","defaultValue":"fast",
				  "description":"How it runs.","deprecation":{"reason":"renamed","replacement":"x.b.speed"}}],
				 "hints":[{"name":"x.b.mode","values":[{"value":"fast","description":"At once"},{"value":"slow"}]}]}
				""");
		assertThat(PropertiesAppendix.render(metadata)).contains("""
				## x

				| property | type | default | description |
				| --- | --- | --- | --- |
				| `x.a` | `Boolean` | `false` | Whether it is on. |
				""").contains("""
				## x.b

				| property | type | default | description |
				| --- | --- | --- | --- |
				| `x.b.list` | `List<String>` |  | Origins such as https://\\*.example.com \\| pipes. |
				| `x.b.mode` | `Props.Mode` | `fast` | How it runs. Values: `fast`: At once. `slow` **Deprecated**: renamed. Use `x.b.speed` instead. |
				""");
	}

}
