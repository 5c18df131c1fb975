package io.unisights.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays opened by the property sample-app/README.md names: then the demo user may
 * replay dead letters, from a script without a session, and nobody else may, nor a page
 * of another site that the browser would send the user's credentials with.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.unisightsdeadletter.access=unrestricted")
class SampleReplayAccessTests {

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@LocalServerPort
	int port;

	@Test
	void letsTheDemoUserReplayFromAScript() throws Exception {
		HttpResponse<String> replay = replay(DemoLogin.authorization(), null);

		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		assertThat(replay.body()).contains("\"delivered\"");
	}

	@Test
	void refusesAnAnonymousReplay() throws Exception {
		HttpResponse<String> replay = replay(null, null);

		assertThat(replay.statusCode()).isIn(401, 403);
		assertThat(replay.body()).doesNotContain("delivered");
	}

	@Test
	void refusesAReplayFromAPageOfAnotherSiteWithTheUsersCredentials() throws Exception {
		HttpResponse<String> replay = replay(DemoLogin.authorization(), "https://attacker.example.net");

		assertThat(replay.statusCode()).isEqualTo(403);
		assertThat(replay.body()).doesNotContain("delivered");
	}

	private HttpResponse<String> replay(String authorization, String origin) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/unisightsdeadletter"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (origin != null) {
			request.header("Origin", origin);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
