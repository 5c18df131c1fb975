package io.unisights.spring.forward;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.unisights.deadletter.DeadLetter;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.UnisightsAutoConfiguration;
import io.unisights.spring.delivery.DeliveryAutoConfiguration;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.deadletter.DeadLetterAutoConfiguration;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.forward.WebhookReceiver.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A webhook URL that carries credentials ({@code user:pass@} and {@code ?token=}) never
 * shows them: not in logs, not in dead-letter errors, not in startup failures. The
 * receiver still gets them, as Basic authentication and the query it asked for.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookUrlMaskingTests {

	private static final String PASSWORD = "pa55-w0rd-xyz";

	private static final String TOKEN = "t0ken-s3cr3t-abc";

	private static final String SECRET = WebhookSignature.generateSecret();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				UnisightsAutoConfiguration.class, DeliveryAutoConfiguration.class,
				DeadLetterAutoConfiguration.class, ForwardAutoConfiguration.class))
		.withPropertyValues("unisights.delivery.mode=async", "unisights.delivery.retry.max-attempts=2",
				"unisights.delivery.retry.initial-backoff=10ms", "unisights.delivery.retry.max-backoff=20ms",
				"unisights.forward.webhook.secret=" + SECRET, "unisights.forward.webhook.timeout=5s");

	@TempDir
	Path temp;

	@Test
	void anUnreachableReceiverIsDeadLetteredWithTheUrlMasked(CapturedOutput output) throws Exception {
		int port = closedPort();
		String url = "http://hooks:" + PASSWORD + "@127.0.0.1:" + port + "/hook?token=" + TOKEN;
		this.contextRunner
			.withPropertyValues("unisights.forward.webhook.url=" + url,
					"unisights.delivery.dead-letter.path=" + this.temp.resolve("dead.jsonl"))
			.run((context) -> {
				context.getBean(EventDispatcher.class).dispatch(Deliveries.beacon("unreachable-1"));
				DeadLetter<Receipt> letter = awaitOneDeadLetter(context.getBean(JsonlDeadLetterFile.class));
				assertThat(letter.attempts()).isEqualTo(2);
				assertThat(letter.error()).contains("http://***@127.0.0.1:" + port + "/hook?***")
					.contains("unreachable")
					.doesNotContain(PASSWORD)
					.doesNotContain(TOKEN)
					.doesNotContain("hooks:");
				assertThat(context.getBean(WebhookForwarder.class).toString()).doesNotContain(PASSWORD)
					.doesNotContain(TOKEN);
			});
		assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
	}

	@Test
	void goneIsLoggedWithTheUrlMaskedWhileTheReceiverGetsItsCredentials(CapturedOutput output) throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
			receiver.thenAnswer(410, -1);
			URI plain = receiver.url();
			String url = "http://hooks:" + PASSWORD + "@" + plain.getAuthority() + plain.getPath() + "?token=" + TOKEN;
			this.contextRunner
				.withPropertyValues("unisights.forward.webhook.url=" + url,
						"unisights.delivery.dead-letter.path=" + this.temp.resolve("gone.jsonl"))
				.run((context) -> {
					context.getBean(EventDispatcher.class).dispatch(Deliveries.beacon("gone-1"));
					DeadLetter<Receipt> letter = awaitOneDeadLetter(context.getBean(JsonlDeadLetterFile.class));
					assertThat(letter.error()).contains("answered 410")
						.doesNotContain(PASSWORD)
						.doesNotContain(TOKEN);
				});
			List<Received> received = receiver.received();
			assertThat(received).singleElement().satisfies((request) -> {
				assertThat(request.authentic()).isTrue();
				assertThat(request.target()).isEqualTo("/hook?token=" + TOKEN);
				assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
					.encodeToString(("hooks:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
			});
			assertThat(output.getAll())
				.contains("Webhook http://***@" + plain.getAuthority() + "/hook?*** answered 410")
				.doesNotContain(PASSWORD)
				.doesNotContain(TOKEN);
		}
	}

	@Test
	void theClientObservationOfAWebhookCallShowsTheUrlMasked() throws Exception {
		TestObservationRegistry observations = TestObservationRegistry.create();
		URI plain;
		try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
			plain = receiver.url();
			String url = "http://hooks:" + PASSWORD + "@" + plain.getAuthority() + plain.getPath() + "?token=" + TOKEN;
			this.contextRunner.withConfiguration(AutoConfigurations.of(RestClientObservationAutoConfiguration.class))
				.withBean(TestObservationRegistry.class, () -> observations)
				.withPropertyValues("unisights.forward.webhook.url=" + url,
						"unisights.delivery.dead-letter.path=" + this.temp.resolve("observed.jsonl"))
				.run((context) -> context.getBean(WebhookForwarder.class).handle(Deliveries.beacon("observed-1")));
			assertThat(receiver.received()).singleElement()
				.satisfies((request) -> assertThat(request.authentic()).isTrue());
		}
		TestObservationRegistryAssert.assertThat(observations)
			.hasObservationWithNameEqualTo("http.client.requests")
			.that()
			.hasLowCardinalityKeyValue("method", "POST")
			.hasLowCardinalityKeyValue("status", "200")
			.hasHighCardinalityKeyValue("http.url", "http://***@" + plain.getAuthority() + "/hook?***");
		TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy((contexts) -> {
			for (Observation.Context observed : contexts) {
				assertThat(observed.getAllKeyValues()).allSatisfy((key) -> assertThat(key.getValue())
					.doesNotContain(PASSWORD)
					.doesNotContain(TOKEN));
			}
		});
	}

	@Test
	void aRefusedUrlIsMaskedInTheStartupFailure() {
		URI url = URI.create("ftp://hooks:" + PASSWORD + "@files.example.com/in?token=" + TOKEN);
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookForwarder(url, SECRET, Duration.ofSeconds(1)))
			.withMessageContaining("ftp://***@files.example.com/in?***")
			.withMessageNotContaining(PASSWORD)
			.withMessageNotContaining(TOKEN);
	}

	@Test
	void masksUserInfoAndQueryInTextThatQuotesTheUrl() {
		WebhookUrl url = WebhookUrl.of(URI.create("https://hooks:" + PASSWORD + "@example.com:8443/h?token=" + TOKEN));
		assertThat(url.masked()).isEqualTo("https://***@example.com:8443/h?***");
		assertThat(url.target()).hasToString("https://example.com:8443/h?token=" + TOKEN);
		String springMessage = "I/O error on POST request for \"https://example.com:8443/h?token=" + TOKEN
				+ "\": Connection refused";
		assertThat(url.scrub(springMessage))
			.isEqualTo("I/O error on POST request for \"https://***@example.com:8443/h?***\": Connection refused");
		assertThat(url.leaks(new IOException("wrapped", new IOException(springMessage)))).isTrue();
		assertThat(url.leaks(new IOException("Connection refused"))).isFalse();
		assertThat(WebhookUrl.of(URI.create("http://example.com/hook")).masked()).isEqualTo("http://example.com/hook");
	}

	private static DeadLetter<Receipt> awaitOneDeadLetter(JsonlDeadLetterFile file) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (file.count() < 1 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		return file.read().stream().findFirst().orElseThrow(() -> new AssertionError("nothing was dead-lettered"));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
