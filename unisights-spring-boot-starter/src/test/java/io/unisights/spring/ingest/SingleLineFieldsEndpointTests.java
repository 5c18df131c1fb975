package io.unisights.spring.ingest;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.spring.IngestDelivery;
import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.spring.test.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server events over real HTTP on loopback whose ids, names or identity hold control
 * characters (a CR LF and a fake log line, ANSI escapes, a NUL, a line separator) are
 * refused with a 422 naming the field, and never delivered: those values reach logs and
 * partition keys, where they would forge lines. Free text in {@code data} stays as sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.delivery.dedupe.enabled=false",
				"unisights.ingest.secrets[0]=" + SingleLineFieldsEndpointTests.SECRET })
class SingleLineFieldsEndpointTests extends EndpointTestSupport {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String FORGED = "x\r\n1999-01-01T00:00:00.000Z  INFO 1 --- [main] FORGED \u001b[31mred\u001b[0m";

	private static final AtomicInteger eventIds = new AtomicInteger();

	private static final JsonMapper mapper = JsonMapper.builder().build();


	/** Each single-line field, with each kind of breaking character. */
	static List<Object[]> hostileFields() {
		List<Object[]> cases = new ArrayList<>();
		for (String field : List.of("id", "type", "source", "identity.id", "identity.email", "identity.phone",
				"identity.account")) {
			cases.add(new Object[] { field, FORGED });
			cases.add(new Object[] { field, "x\u001b[2J" });
			cases.add(new Object[] { field, "x\u0000y" });
			cases.add(new Object[] { field, "x\u2028y" });
			cases.add(new Object[] { field, "x\u0085y" });
		}
		return cases;
	}

	@ParameterizedTest(name = "{0} {index}")
	@MethodSource("hostileFields")
	void refusesAControlCharacterInASingleLineFieldNamingTheField(String field, String value) {
		ObjectNode event = event();
		if (field.startsWith("identity.")) {
			((ObjectNode) event.get("identity")).put(field.substring("identity.".length()), value);
		}
		else {
			event.put(field, value);
		}

		HttpResponse<String> response = post(event);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		JsonNode problem = Http.json(response.body());
		assertThat(problem.get("reason").asString()).isEqualTo("invalid-field");
		assertThat(problem.get("field").asString()).isEqualTo(field);
		assertThat(problem.get("detail").asString()).contains(field).contains("control characters")
			.doesNotContain("FORGED").doesNotContain("\u001b");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesAControlCharacterInTheIdOfAnEventOfABatchNamingItsPath() {
		ObjectNode batch = mapper.createObjectNode();
		batch.putArray("events").add(event()).add(event().put("id", FORGED));

		HttpResponse<String> response = post(batch);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(Http.json(response.body()).get("field").asString()).isEqualTo("events[1].id");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void keepsMultiLineTextInTheEventsDataAsSent() {
		ObjectNode event = event();
		event.putObject("data").put("note", "line one\r\nline two\ttabbed").put("ansi", "\u001b[1mbold\u001b[0m");

		HttpResponse<String> response = post(event);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(this.handler.deliveries()).singleElement()
			.isInstanceOfSatisfying(IngestDelivery.class, (delivery) -> {
				assertThat(delivery.event().data().get("note").asString()).isEqualTo("line one\r\nline two\ttabbed");
				assertThat(delivery.event().data().get("ansi").asString()).isEqualTo("\u001b[1mbold\u001b[0m");
			});
	}

	private static ObjectNode event() {
		ObjectNode event = mapper.createObjectNode()
			.put("id", "evt_" + eventIds.incrementAndGet())
			.put("type", "order.created")
			.put("occurred_at", "2026-01-01T00:00:00Z")
			.put("source", "shop");
		event.putObject("identity").put("id", "cus_42").put("email", "jane@example.com").put("phone", "+4930123");
		return event;
	}

	private HttpResponse<String> post(ObjectNode json) {
		return this.http.postSignedIngest(mapper.writeValueAsBytes(json), SECRET,
				FrozenClockTestApplication.NOW.getEpochSecond());
	}

}
