package io.unisights.sample;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Pattern;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.test.SignedIngestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started as shipped, with no ingest secret and no demo password configured:
 * both are generated at first start, kept in the secrets file (owner-only) and printed
 * that once; the next start uses them again without printing them. The demo secret of
 * earlier versions signs nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleSecretsTests {

	/** The public value earlier versions of the sample shipped with. */
	private static final String DEMO_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final HttpClient client = HttpClient.newHttpClient();

	@TempDir
	Path data;

	@Test
	void generatesTheSecretsAtFirstStartPrintsThemOnceAndKeepsThem(CapturedOutput output) throws Exception {
		Path file = this.data.resolve("secrets.properties");
		String secret;
		String password;
		try (ConfigurableApplicationContext first = start(file)) {
			Properties kept = read(file);
			secret = kept.getProperty("unisights.ingest.secrets[0]");
			password = kept.getProperty("spring.security.user.password");
			assertThat(secret).startsWith("whsec_").isNotEqualTo(DEMO_SECRET);
			assertThat(password).hasSizeGreaterThanOrEqualTo(20);
			assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(output.getAll()).contains("ingest secret (sign server events with it): " + secret)
				.contains("dashboard login: demo / " + password)
				.contains(file.toString());

			int port = port(first);
			assertThat(postEvent(port, secret).statusCode()).isEqualTo(200);
			assertThat(postEvent(port, DEMO_SECRET).statusCode()).isEqualTo(401);
			assertThat(received(port, password).statusCode()).isEqualTo(200);
		}
		try (ConfigurableApplicationContext second = start(file)) {
			assertThat(read(file).getProperty("unisights.ingest.secrets[0]")).isEqualTo(secret);
			assertThat(output.getAll().split(Pattern.quote(secret), -1)).as("printed once").hasSize(2);
			assertThat(output.getAll().split(Pattern.quote(password), -1)).as("printed once").hasSize(2);

			int port = port(second);
			assertThat(postEvent(port, secret).statusCode()).isEqualTo(200);
			assertThat(received(port, password).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void generatesNothingWhenTheSecretsAreConfigured(CapturedOutput output) throws Exception {
		Path file = this.data.resolve("secrets.properties");
		try (ConfigurableApplicationContext context = start(file, "--unisights.ingest.secrets[0]=" + DEMO_SECRET,
				"--spring.security.user.password=configured-password")) {
			assertThat(file).doesNotExist();
			assertThat(output.getAll()).doesNotContain("Generated the sample's secrets");
			assertThat(postEvent(port(context), DEMO_SECRET).statusCode()).isEqualTo(200);
			assertThat(received(port(context), "configured-password").statusCode()).isEqualTo(200);
		}
	}

	/** Starts the sample with its own application.yml only, not the tests' settings. */
	private ConfigurableApplicationContext start(Path secrets, String... more) {
		String[] args = { "--spring.config.location=classpath:/application.yml", "--server.port=0",
				"--server.address=127.0.0.1", "--sample.demo.port=-1", "--unisights.delivery.mode=sync",
				"--spring.datasource.url=jdbc:h2:mem:secrets-" + System.nanoTime(),
				"--unisights.delivery.dead-letter.path=" + this.data.resolve("dead-letter.jsonl"),
				"--sample.secrets-file=" + secrets };
		String[] all = new String[args.length + more.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(more, 0, all, args.length, more.length);
		return new SpringApplicationBuilder(SampleApplication.class).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static Properties read(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

	private HttpResponse<String> postEvent(int port, String secret) throws Exception {
		SignedIngestRequest event = SignedIngestRequest.builder(secret)
			.event(CanonicalEvent.builder("order.created").source("shop").build())
			.build();
		return this.client.send(event.toHttpRequest(URI.create("http://127.0.0.1:" + port + "/events/ingest")),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> received(int port, String password) throws Exception {
		String authorization = "Basic " + Base64.getEncoder()
			.encodeToString(("demo:" + password).getBytes(StandardCharsets.UTF_8));
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sample/received"))
			.header("Authorization", authorization)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
