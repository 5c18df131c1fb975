package io.unisights.spring;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;

import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.tracking.TrackingCodec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Content-Type-Options: nosniff} on every answer of every endpoint of the
 * collector over real HTTP on loopback: successes, refusals, CORS answers and the error
 * page of a wrong method alike.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.delivery.dedupe.enabled=false",
				"unisights.ingest.secrets[0]=" + ParserMessageEndpointTests.SECRET,
				"unisights.tracking.keys=collector-answers-key-0123456789",
				"unisights.tracking.allowed-redirect-hosts=www.example.com",
				"unisights.cors.allowed-origins=https://shop.example.com" })
class NoSniffEndpointTests extends EndpointTestSupport {


	@Autowired
	TrackingCodec codec;

	/** Every kind of answer of every endpoint, each with the status it must have. */
	static List<Answer> answers() {
		List<Answer> answers = new ArrayList<>();
		answers.add(new Answer("beacon delivered", 200));
		answers.add(new Answer("beacon empty", 400));
		answers.add(new Answer("beacon malformed", 400));
		answers.add(new Answer("beacon too large", 413));
		answers.add(new Answer("beacon wrong media type", 415));
		answers.add(new Answer("beacon invalid field", 422));
		answers.add(new Answer("beacon wrong method", 405));
		answers.add(new Answer("beacon preflight allowed", 200));
		answers.add(new Answer("beacon preflight refused", 403));
		answers.add(new Answer("beacon from a refused origin", 403));
		answers.add(new Answer("ingest delivered", 200));
		answers.add(new Answer("ingest unsigned", 401));
		answers.add(new Answer("ingest invalid field", 422));
		answers.add(new Answer("open pixel", 200));
		answers.add(new Answer("open pixel not found", 404));
		answers.add(new Answer("click redirect", 302));
		answers.add(new Answer("click not found", 404));
		answers.add(new Answer("click wrong method", 405));
		return answers;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("answers")
	void everyAnswerTellsBrowsersNotToSniffItsType(Answer answer) {
		HttpResponse<String> response = send(answer.name());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(answer.status());
		assertThat(response.headers().allValues("X-Content-Type-Options")).as(answer.name())
			.containsExactly("nosniff");
	}

	private HttpResponse<String> send(String answer) {
		String open = "/t/open/" + this.codec.encodeOpen(JsonNodeFactory.instance.objectNode());
		String click = "/t/click/"
				+ this.codec.encodeClick("https://www.example.com/", JsonNodeFactory.instance.objectNode());
		return switch (answer) {
			case "beacon delivered" -> this.http.postJson("/events", ParserMessageEndpointTests.BEACON);
			case "beacon empty" -> this.http.postJson("/events", "");
			case "beacon malformed" -> this.http.postJson("/events", "{");
			case "beacon too large" -> this.http.postJson("/events", "x".repeat(1024 * 1024 + 1));
			case "beacon wrong media type" -> this.http.send(this.http.request("/events")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(BodyPublishers.ofString("a=b"))
				.build());
			case "beacon invalid field" ->
				this.http.postJson("/events", ParserMessageEndpointTests.BEACON.replace("550e8400", "not-a-uuid"));
			case "beacon wrong method" -> this.http.send(this.http.request("/events").GET().build());
			case "beacon preflight allowed" -> this.http.send(preflight("https://shop.example.com"));
			case "beacon preflight refused" -> this.http.send(preflight("https://evil.example.net"));
			case "beacon from a refused origin" -> this.http.send(this.http.request("/events")
				.header("Content-Type", "application/json")
				.header("Origin", "https://evil.example.net")
				.POST(BodyPublishers.ofString(ParserMessageEndpointTests.BEACON))
				.build());
			case "ingest delivered" -> postIngest(ParserMessageEndpointTests.EVENT.getBytes(StandardCharsets.UTF_8));
			case "ingest unsigned" -> this.http.postJson("/events/ingest", ParserMessageEndpointTests.EVENT);
			case "ingest invalid field" -> postIngest(
					ParserMessageEndpointTests.EVENT.replace("\"shop\"", "42").getBytes(StandardCharsets.UTF_8));
			case "open pixel" -> get(open);
			case "open pixel not found" -> get("/t/open/AAAA");
			case "click redirect" -> get(click);
			case "click not found" -> get("/t/click/AAAA");
			case "click wrong method" -> this.http.send(this.http.request(click)
				.POST(BodyPublishers.noBody())
				.build());
			default -> throw new IllegalArgumentException(answer);
		};
	}

	private HttpRequest preflight(String origin) {
		return this.http.request("/events")
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.method("OPTIONS", BodyPublishers.noBody())
			.build();
	}


	private HttpResponse<String> get(String path) {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build());
	}

	private HttpResponse<String> postIngest(byte[] body) {
		return this.http.postSignedIngest(body, ParserMessageEndpointTests.SECRET, FrozenClockTestApplication.NOW.getEpochSecond());
	}

	/** One kind of answer and its status. */
	record Answer(String name, int status) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
