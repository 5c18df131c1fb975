package io.unisights.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email preview and demo endpoints sign links only to the demo's hosts
 * ({@code unisights.tracking.allowed-redirect-hosts}: localhost, 127.0.0.1, example.com,
 * *.example.com); any other link, and any link the codec does not sign (not a valid URI,
 * too long), gets a 422 problem naming it, and nothing is signed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EmailLinkHostsTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@LocalServerPort
	int port;

	@Test
	void previewRefusesALinkToAnotherHostNamingIt() throws Exception {
		String link = "https://attacker.example.net/login";
		HttpResponse<String> response = preview("<p><a href=\"https://example.com/ok\">fine</a> <a href=\"" + link
				+ "\">log in</a></p>");
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = mapper.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:unisights-sample:problem:link-host-not-allowed");
		assertThat(problem.get("reason").asString()).isEqualTo("link-host-not-allowed");
		assertThat(problem.get("link").asString()).isEqualTo(link);
		assertThat(problem.get("detail").asString()).startsWith(link + ": ")
			.contains("localhost, 127.0.0.1, example.com, *.example.com");
		assertThat(response.body()).doesNotContain("/t/click/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://example.com.attacker.net/", "https://example.com@attacker.net/",
			"https://example.com:443@attacker.net/", "https://attacker.net\\@example.com/", "https:///attacker.net/",
			"HTTPS://ATTACKER.NET/", "https://attacker.net:8443/x?h=example.com",
			"https://%65xample.com/", "https://exa\tmple.com.attacker.net/", "https://example.co/", "http://[::1]/",
			"https://example.com.:443@attacker.net./" })
	void previewRefusesEveryDisguiseOfAnotherHost(String link) throws Exception {
		HttpResponse<String> response = preview("<a href=\"" + link + "\">x</a>");
		assertThat(response.statusCode()).as(link).isEqualTo(422);
		assertThat(mapper.readTree(response.body()).get("link").asString()).isEqualTo(link);
	}

	/** Links to an allowed host that the codec does not sign, each with its reason. */
	static List<String[]> unsignableLinks() {
		return List.of(new String[] { "https://example.com/a b", "invalid-link" },
				new String[] { "https://example.com\\@attacker.net/", "invalid-link" },
				new String[] { "https://example.com\\.attacker.net/", "invalid-link" },
				new String[] { "https://example.com/&#13;&#10;Set-Cookie:x", "invalid-link" },
				new String[] { "https://example.com/%zz", "invalid-link" },
				new String[] { "https://example.com/" + "a".repeat(3000), "link-too-long" });
	}

	@ParameterizedTest
	@MethodSource("unsignableLinks")
	void previewRefusesALinkTheCodecDoesNotSignWithA422NamingIt(String href, String reason) throws Exception {
		HttpResponse<String> response = preview("<p><a href=\"" + href + "\">x</a></p>");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = mapper.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:unisights-sample:problem:" + reason);
		assertThat(problem.get("reason").asString()).isEqualTo(reason);
		// As the browser reads the attribute: entities decoded.
		assertThat(problem.get("link").asString()).isEqualTo(href.replace("&#13;&#10;", "\r\n"));
		assertThat(response.body()).doesNotContain("/t/click/");
	}

	@Test
	void emailDemoRefusesAMessageWhosePixelWouldBeTooLong() throws Exception {
		String body = mapper.writeValueAsString(mapper.createObjectNode()
			.put("html", "<p>Hello</p>")
			.put("campaign", "c".repeat(3000)));
		HttpResponse<String> response = this.client.send(request("/sample/emails/demo")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(mapper.readTree(response.body()).get("reason").asString()).isEqualTo("link-too-long");
	}

	@Test
	void previewSignsLinksToTheDemosHostsAndLeavesUntrackedLinksAlone() throws Exception {
		HttpResponse<String> response = preview("<a href=\"https://example.com/a\">a</a>"
				+ "<a href=\"https://shop.example.com/b\">b</a><a href=\"http://localhost:8081/demo/\">c</a>"
				+ "<a href=\"http://127.0.0.1:8080/email/landing.html\">d</a><a href=\"HTTPS://WWW.Example.COM./e\">e</a>"
				+ "<a href=\"https://attacker.net/unsubscribe\" data-unisights-notrack>f</a>"
				+ "<a href=\"mailto:help@attacker.net\">g</a>");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body().split("/t/click/", -1)).hasSize(6);
		assertThat(response.body()).contains("href=\"https://attacker.net/unsubscribe\" data-unisights-notrack")
			.contains("href=\"mailto:help@attacker.net\"");
	}

	@Test
	void emailDemoRefusesALinkToAnotherHostNamingIt() throws Exception {
		String link = "https://attacker.example.net/offer";
		String body = mapper.writeValueAsString(mapper.createObjectNode().put("html", "<a href=\"" + link + "\">x</a>"));
		HttpResponse<String> response = this.client.send(request("/sample/emails/demo")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(mapper.readTree(response.body()).get("link").asString()).isEqualTo(link);
	}

	private HttpResponse<String> preview(String html) throws Exception {
		return this.client.send(request("/sample/emails/preview").header("Content-Type", "text/html; charset=UTF-8")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(html))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

}
