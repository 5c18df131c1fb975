package io.unisights.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email tracking walk-through: rewrite a message, open it, click its link, and find
 * both in {@code /sample/received}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EmailTrackingSampleTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Pattern LINK = Pattern.compile("http://localhost:8080(/t/(?:click|open)/[A-Za-z0-9_-]+)");

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@LocalServerPort
	int port;

	@Test
	void previewTracksLinksAndOpensAndClicksReachTheHandler() throws Exception {
		String html = "<html><body><p>Hallo Zoë, <a href=\"https://example.com/offer?a=1&amp;b=2\">see the offer</a>"
				+ " or <a href=\"mailto:help@example.com\">write</a>.</p></body></html>";
		HttpResponse<String> preview = this.client.send(request("/sample/emails/preview")
			.header("Content-Type", "text/html; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(html))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(preview.body()).contains("Hallo Zoë").contains("href=\"mailto:help@example.com\"");
		Matcher links = LINK.matcher(preview.body());
		assertThat(links.find()).isTrue();
		String click = links.group(1);
		assertThat(links.find()).isTrue();
		String open = links.group(1);
		assertThat(click).startsWith("/t/click/");
		assertThat(open).startsWith("/t/open/");

		assertThat(this.client.send(request(open).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode())
			.isEqualTo(200);
		HttpResponse<Void> redirect = this.client.send(request(click).GET().build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("https://example.com/offer?a=1&b=2");

		JsonNode received = mapper.readTree(this.client
			.send(request("/sample/received?limit=2").header("Authorization", DemoLogin.authorization()).GET().build(), HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(received).hasSize(2);
		assertThat(received.get(0).get("channel").asString()).isEqualTo("open");
		assertThat(received.get(1).get("channel").asString()).isEqualTo("click");
		for (JsonNode item : received) {
			assertThat(item.get("data").get("metadata")).isEqualTo(mapper.readTree("{\"demo\":true}"));
			assertThat(item.get("data").get("automated").isBoolean()).isTrue();
		}
		assertThat(received.get(0).get("data").get("tracked_url").isNull()).isTrue();
		assertThat(received.get(1).get("data").get("tracked_url").asString())
			.isEqualTo("https://example.com/offer?a=1&b=2");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

}
