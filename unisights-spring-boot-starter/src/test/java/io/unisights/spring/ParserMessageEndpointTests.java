package io.unisights.spring;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.spring.test.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problem details of malformed bodies over real HTTP on loopback: written by the
 * collector, naming where the body stops being JSON, and never a parser's message, its
 * feature names or its excerpts of the input.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.delivery.dedupe.enabled=false",
				"unisights.ingest.secrets[0]=" + ParserMessageEndpointTests.SECRET,
				"unisights.tracking.keys=collector-answers-key-0123456789",
				"unisights.tracking.allowed-redirect-hosts=www.example.com",
				"unisights.cors.allowed-origins=https://shop.example.com" })
class ParserMessageEndpointTests extends EndpointTestSupport {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String BEACON = """
			{"encrypted":false,"data":{"asset_id":"site","session_id":"550e8400-e29b-41d4-a716-446655440000",\
			"page_url":"https://example.com/","events":[{"type":"page_view","data":{"location":"https://example.com/",\
			"timestamp":1234567890}}]}}""";

	static final String EVENT = """
			{"id":"evt_1","type":"order.created","occurred_at":"2026-01-01T00:00:00Z","source":"shop"}""";

	/** Words of a JSON parser's own messages, none of which may reach a client. */
	static final List<String> PARSER_WORDS = List.of("StreamReadFeature", "INCLUDE_SOURCE_IN_LOCATION", "Source:",
			"REDACTED", "tools.jackson", "Jackson", "marker", "Unexpected", "Unrecognized", "token '", "code 1",
			"ctrl-char", "CTRL-CHAR", "Invalid UTF-8", "Illegal character");


	/** Bodies no JSON parser reads, each failing in another part of the tokenizer. */
	static List<String> malformedBodies() {
		return List.of("{\"encrypted\":false,\"data\":{", "{\"encrypted\":false,\"data\":{\"asset_id\":tru}}",
				"{\"encrypted\":false,\"data\":{\"asset_id\" 1}}", "{'encrypted':false}", "{\"a\":\"unterminated",
				"{\"a\":\"\u0001\"}", "{\"a\":[1,]}", "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":1}}", "{\"a\":-}",
				"\uFEFF\uFEFF{}", "{\"a\":\"\\uZZZZ\"}", "}");
	}

	@ParameterizedTest(name = "beacon {0}")
	@MethodSource("malformedBodies")
	void refusesAMalformedBeaconWithADetailOfItsOwn(String body) {
		assertOwnDetail(this.http.postJson("/events", body), body);
	}

	@ParameterizedTest(name = "ingest {0}")
	@MethodSource("malformedBodies")
	void refusesAMalformedServerEventWithADetailOfItsOwn(String body) {
		assertOwnDetail(postIngest(body.getBytes(StandardCharsets.UTF_8)), body);
	}

	@Test
	void refusesInvalidUtf8WithADetailOfItsOwn() {
		byte[] body = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		assertOwnDetail(this.http.send(this.http.request("/events")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(body))
			.build()), "invalid UTF-8");
		assertOwnDetail(postIngest(body), "invalid UTF-8");
	}

	@Test
	void namesWhereAMalformedBodyFailsInItsOwnWords() {
		JsonNode problem = Http.json(this.http.postJson("/events", "{\"encrypted\":false,\"data\":{"));

		assertThat(problem.get("detail").asString()).isEqualTo("the request body is not valid JSON: it ends early"
				+ " (line 1, column 28)");
	}

	private void assertOwnDetail(HttpResponse<String> response, String body) {
		assertThat(response.statusCode()).as(body + " -> " + response.body()).isIn(400, 422);
		String detail = Http.json(response).get("detail").asString();
		assertThat(detail).as(body).isNotBlank();
		for (String word : PARSER_WORDS) {
			assertThat(response.body()).as(body).doesNotContain(word);
		}
		if (response.statusCode() == 400) {
			assertThat(detail).as(body).startsWith("the request body is not valid JSON");
		}
		assertThat(this.handler.deliveries()).isEmpty();
	}

	private HttpResponse<String> postIngest(byte[] body) {
		return this.http.postSignedIngest(body, SECRET, FrozenClockTestApplication.NOW.getEpochSecond());
	}

}
