package io.unisights.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as shipped, over real HTTP: what shows collected data or acts on it needs the
 * demo user's login, the dead-letter endpoint is read-only and shows its file to that
 * login only, and the collector's endpoints and the demo pages stay open.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleSecurityTests {

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/sample/received", "/sample/dashboard", "/", "/index.html",
			"/actuator/unisightsdeadletter", "/actuator/metrics" })
	void showsNothingCollectedWithoutTheDemoLogin(String path) throws Exception {
		HttpResponse<String> response = send(request(path).GET());

		assertThat(response.statusCode()).as(path).isIn(401, 302);
		if (response.statusCode() == 302) {
			assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
					(location) -> assertThat(location).endsWith("/login"));
		}
		assertThat(response.body()).doesNotContain("dead-letter").doesNotContain("channel");
	}

	@Test
	void refusesAnAnonymousReplayOfDeadLetters() throws Exception {
		HttpResponse<String> response = send(request("/actuator/unisightsdeadletter")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody()));

		assertThat(response.statusCode()).isIn(401, 403);
		assertThat(response.body()).doesNotContain("delivered");
	}

	@Test
	void keepsTheDeadLetterEndpointReadOnlyForTheDemoUserToo() throws Exception {
		HttpResponse<String> summary = send(request("/actuator/unisightsdeadletter")
			.header("Authorization", DemoLogin.authorization())
			.GET());
		HttpResponse<String> replay = send(request("/actuator/unisightsdeadletter")
			.header("Authorization", DemoLogin.authorization())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody()));

		assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
		assertThat(summary.body()).contains("unisights-dead-letter.jsonl");
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(405);
		assertThat(replay.body()).doesNotContain("delivered");
	}

	@Test
	void showsHealthWithoutItsDetailsToAnonymousCallers() throws Exception {
		HttpResponse<String> health = send(request("/actuator/health").GET());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\"").doesNotContain("dead-letter").doesNotContain("components");
	}

	@Test
	void keepsTheCollectorAndTheDemoPagesOpen() throws Exception {
		HttpResponse<String> beacon = send(request("/events").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(SdkBeacon.builder().pageView("Open").build().plainBody())));
		HttpResponse<String> emailDemo = send(request("/email/").GET());
		HttpResponse<String> demoScript = send(request("/demo/unisights-demo.js").GET());

		assertThat(beacon.statusCode()).as(beacon.body()).isEqualTo(200);
		assertThat(emailDemo.statusCode()).isEqualTo(200);
		assertThat(demoScript.statusCode()).isEqualTo(200);
	}

	@Test
	void tellsBrowsersNotToSniffTheSamplesOwnAnswers() throws Exception {
		HttpResponse<String> refused = send(request("/sample/emails/preview").header("Content-Type", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString("<a href=\"https://attacker.example.net/\">x</a>")));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
