package io.unisights.spring.beacon;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import io.unisights.spring.test.SharedVectors;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beacon endpoint over real HTTP: every status it answers, CORS, and every
 * interoperability vector made by the peer implementations.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = RecordingTestApplication.class,
		// The same beacon is posted many times; duplicate suppression is tested with delivery.
		properties = { "unisights.delivery.dedupe.enabled=false", "unisights.collect.max-payload-size=64KB",
				"unisights.cors.allowed-origins=https://shop.example.com,https://*.example.org" })
class BeaconEndpointTests extends EndpointTestSupport {

	static final String PLAIN = """
			{"encrypted":false,"data":{"asset_id":"prop_123","session_id":"550e8400-e29b-41d4-a716-446655440000",
			"page_url":"https://example.com/products","entry_page":"https://example.com","exit_page":null,
			"utm_params":{"utm_source":"google","utm_medium":"cpc","utm_campaign":"summer_sale","utm_custom":"kept"},
			"device_info":{"user_agent":"Mozilla/5.0","platform":"Linux x86_64","os":"Linux","screen_width":1920,
			"screen_height":1080,"device_type":"Desktop","referrer":"direct","browser":"Chrome"},
			"scroll_depth":75,"time_on_page":120,
			"events":[{"type":"page_view","data":{"location":"https://example.com/products","title":"Products","timestamp":1234567890}},
			{"type":"click","data":{"x":100,"y":200,"timestamp":1234567891}}]}}
			""";

	@Test
	void deliversAPlainBeaconWithItsRequestContext() {
		HttpResponse<String> response = this.http.send(this.http.request("/events")
			.header("Content-Type", "application/json")
			.header("User-Agent", "beacon-test/1.0")
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode answer = Http.json(response);
		assertThat(answer.propertyNames()).containsExactly("status", "id", "events");
		assertThat(answer.get("status").asString()).isEqualTo("delivered");
		assertThat(answer.get("events").asInt()).isEqualTo(2);
		assertThat(this.handler.deliveries()).singleElement().satisfies((delivery) -> {
			assertThat(delivery.channel()).isEqualTo(Channel.BEACON);
			BeaconDelivery beacon = (BeaconDelivery) delivery;
			assertThat(beacon.payload().sessionId()).isEqualTo("550e8400-e29b-41d4-a716-446655440000");
			assertThat(beacon.payload().events()).hasSize(2);
			assertThat(beacon.context().userAgent()).isEqualTo("beacon-test/1.0");
			assertThat(beacon.context().clientIp()).isEqualTo("127.0.0.1");
			assertThat(beacon.context().receivedAt()).isNotNull();
			assertThat(beacon.id()).isEqualTo(Http.json(response).get("id").asString());
			JsonNode sent = Http.json(PLAIN).get("data");
			assertThat(Http.json(beacon.wireData().toString())).isEqualTo(sent);
		});
	}

	@Test
	void acceptsTheTextPlainBodiesThatSendBeaconSendsForStrings() {
		HttpResponse<String> response = this.http.send(this.http.request("/events")
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	@Test
	void acceptsStructuredJsonMediaTypes() {
		HttpResponse<String> response = this.http.send(this.http.request("/events")
			.header("Content-Type", "application/vnd.unisights+json")
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void refusesAnEmptyBodyWith400() {
		HttpResponse<String> response = this.http.postJson("/events", "");

		assertProblem(response, 400, "empty-body");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesMalformedJsonWith400() {
		HttpResponse<String> response = this.http.postJson("/events", "{\"encrypted\":false,\"data\":{");

		assertProblem(response, 400, "malformed-json");
	}

	@Test
	void refusesABodyDeclaredOverTheLimitWith413() {
		String large = PLAIN.replace("\"Products\"", "\"" + "x".repeat(70 * 1024) + "\"");

		HttpResponse<String> response = this.http.postJson("/events", large);

		assertProblem(response, 413, "payload-too-large");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesAChunkedBodyOverTheLimitWhileReadingIt() {
		byte[] large = PLAIN.replace("\"Products\"", "\"" + "x".repeat(70 * 1024) + "\"").getBytes();
		// An input-stream publisher has no known length, so the client sends it chunked.
		HttpRequest request = this.http.request("/events")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
			.build();

		HttpResponse<String> response = this.http.send(request);

		assertProblem(response, 413, "payload-too-large");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void acceptsAChunkedBodyUnderTheLimit() {
		byte[] body = PLAIN.getBytes();
		HttpRequest request = this.http.request("/events")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		assertThat(this.http.send(request).statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	@Test
	void refusesFormBodiesWith415() {
		HttpResponse<String> response = this.http.send(this.http.request("/events")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertProblem(response, 415, "unsupported-media-type");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesABodyWithoutContentTypeWith415() {
		HttpResponse<String> response = this.http
			.send(this.http.request("/events").POST(BodyPublishers.ofString(PLAIN)).build());

		assertProblem(response, 415, "unsupported-media-type");
	}

	@Test
	void refusesAnInvalidSessionIdWith422NamingTheField() {
		HttpResponse<String> response = this.http.postJson("/events",
				PLAIN.replace("550e8400-e29b-41d4-a716-446655440000", "not-a-uuid"));

		JsonNode problem = assertProblem(response, 422, "invalid-field");
		assertThat(problem.get("field").asString()).isEqualTo("data.session_id");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesAMissingRequiredFieldWith422NamingTheField() {
		HttpResponse<String> response = this.http.postJson("/events",
				PLAIN.replace("\"asset_id\":\"prop_123\",", ""));

		JsonNode problem = assertProblem(response, 422, "missing-field");
		assertThat(problem.get("field").asString()).isEqualTo("data.asset_id");
	}

	@Test
	void refusesAnInvalidEventFieldWith422NamingItsPath() {
		HttpResponse<String> response = this.http.postJson("/events",
				PLAIN.replace("\"x\":100", "\"x\":\"left\""));

		JsonNode problem = assertProblem(response, 422, "invalid-field");
		assertThat(problem.get("field").asString()).isEqualTo("data.events[1].data.x");
	}

	@Test
	void refusesAnUnknownEventTypeWith422() {
		HttpResponse<String> response = this.http.postJson("/events", PLAIN.replace("\"click\"", "\"hover\""));

		JsonNode problem = assertProblem(response, 422, "unknown-event-type");
		assertThat(problem.get("field").asString()).isEqualTo("data.events[1].type");
	}

	@Test
	void answers500WithoutDetailsWhenTheHandlerFails() {
		this.handler.failWith(new IllegalStateException("database password is hunter2"));

		HttpResponse<String> response = this.http.postJson("/events", PLAIN);

		assertProblem(response, 500, "handler-failed");
		assertThat(response.body()).doesNotContain("hunter2");
	}

	@Test
	void answersAPreflightFromAnAllowedOriginWithoutReachingTheHandler() {
		HttpResponse<String> response = this.http.send(preflight("https://shop.example.com"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void echoesAnOriginThatMatchesAPattern() {
		HttpResponse<String> response = this.http.send(preflight("https://blog.example.org"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://blog.example.org");
	}

	@Test
	void refusesAPreflightFromAnOriginNotAllowed() {
		HttpResponse<String> response = this.http.send(preflight("https://evil.example.net"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	/** Origins a wildcard that matched anything took for subdomains of example.org. */
	static Stream<String> lookAlikesOfASubdomain() {
		return Stream.of("https://evil.com/.example.org", "https://evil.com?.example.org", "https://evil.com#.example.org",
				"https://evil.com/x/.example.org", "https://user@blog.example.org", "https://evil.com@blog.example.org",
				"https://evil.com:443.example.org", "https://.example.org", "http://blog.example.org",
				"https://blog.example.org.evil.com", "https://blog.example.org:8443", "https://blog.example.org/");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("lookAlikesOfASubdomain")
	void refusesALookAlikeOfAnOriginPatternsHostOnPreflightAndBeacon(String origin) {
		HttpResponse<String> preflight = this.http.send(preflight(origin));
		HttpResponse<String> beacon = this.http.send(this.http.request("/events")
			.header("Content-Type", "application/json")
			.header("Origin", origin)
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertThat(preflight.statusCode()).isEqualTo(403);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(beacon.statusCode()).isEqualTo(403);
		assertThat(beacon.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "https://blog.example.org", "https://a.b.example.org", "https://shop-2.example.org",
			"https://BLOG.Example.ORG" })
	void acceptsEverySubdomainAnOriginPatternNames(String origin) {
		HttpResponse<String> response = this.http.send(preflight(origin));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
	}

	@Test
	void answersABeaconFromAnAllowedOriginWithItsExactOriginAndCredentials() {
		HttpResponse<String> response = this.http.send(this.http.request("/events")
			.header("Content-Type", "application/json")
			.header("Origin", "https://shop.example.com")
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	@Test
	void refusesABeaconFromAnOriginNotAllowedWithoutCorsHeaders() {
		HttpResponse<String> response = this.http.send(this.http.request("/events")
			.header("Content-Type", "application/json")
			.header("Origin", "https://evil.example.net")
			.POST(BodyPublishers.ofString(PLAIN))
			.build());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(this.handler.deliveries()).isEmpty();
	}

	static Stream<JsonNode> vectorsWithoutServerSecret() {
		return SharedVectors.vectors("unisights-encryption.json").stream().filter((v) -> !v.has("server_secret"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectorsWithoutServerSecret")
	void answersEveryPeerVectorAsThePeerDid(JsonNode vector) {
		HttpResponse<String> response = this.http.postJson("/events", vector.get("body").toString());

		assertVectorOutcome(vector, response, this.handler);
	}

	static void assertVectorOutcome(JsonNode vector, HttpResponse<String> response, RecordingEventHandler handler) {
		JsonNode expect = vector.get("expect");
		int status = expect.get("status").asInt();
		assertThat(response.statusCode()).as(vector.get("name").asString()).isEqualTo(status);
		if (status == 200) {
			assertThat(handler.deliveries()).singleElement()
				.satisfies((delivery) -> assertThat(Http.json(delivery.wireData().toString()))
					.isEqualTo(expect.get("data")));
		}
		else {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(Http.json(response).get("type").asString()).startsWith("urn:unisights:problem:");
			assertThat(handler.deliveries()).isEmpty();
		}
	}

	private HttpRequest preflight(String origin) {
		return this.http.request("/events")
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.method("OPTIONS", BodyPublishers.noBody())
			.build();
	}

	static JsonNode assertProblem(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = Http.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("reason").asString()).isEqualTo(reason);
		assertThat(problem.get("type").asString()).isEqualTo("urn:unisights:problem:" + reason);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		return problem;
	}

}
