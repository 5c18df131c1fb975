package io.unisights.ingest;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PiiRedactorTests {

	@Test
	void masksSensitiveKeysEmailsAndPhoneNumbersAnywhereInTheTree() {
		JsonNode json = EventJson.MAPPER.readTree("""
				{"identity":{"id":"cus_1","email":"jane@example.com","phone":"+1 (555) 010-0199"},
				 "data":{"note":"call jane@example.com back","contacts":["+44 20 7946 0958","ok"],
				 "password":{"nested":"x"},"ordered_at":"2025-05-01T10:15:30Z","total":99.9,"sku":"A-12"}}
				""");
		String redacted = PiiRedactor.defaults().redact(json).toString();
		assertThat(redacted).doesNotContain("jane@example.com", "555", "7946", "nested")
			.contains("\"id\":\"cus_1\"", "call [redacted] back", "\"ok\"", "2025-05-01T10:15:30Z", "99.9",
					"\"sku\":\"A-12\"");
	}

	@Test
	void leavesTheOriginalUntouched() {
		JsonNode json = EventJson.MAPPER.readTree("{\"email\":\"jane@example.com\"}");
		PiiRedactor.defaults().redact(json);
		assertThat(json.get("email").asString()).isEqualTo("jane@example.com");
	}

	@Test
	void masksKeysTheHostAddsIgnoringCase() {
		JsonNode json = EventJson.MAPPER.readTree("{\"Customer_Name\":\"Jane Doe\",\"city\":\"Lyon\"}");
		String redacted = PiiRedactor.defaults().withKeys(List.of("customer_name")).redact(json).toString();
		assertThat(redacted).doesNotContain("Jane").contains("Lyon");
		assertThat(PiiRedactor.defaults().redact(json).toString()).contains("Jane Doe");
	}

}
