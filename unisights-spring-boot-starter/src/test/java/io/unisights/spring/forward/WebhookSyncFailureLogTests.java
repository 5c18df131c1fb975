package io.unisights.spring.forward;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In synchronous mode a failing webhook answers 500 and is logged at ERROR with its
 * stack trace; the webhook URL's credentials appear nowhere in it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RecordingTestApplication.class,
		properties = { "unisights.delivery.mode=sync", "unisights.delivery.retry.max-attempts=1",
				"unisights.forward.webhook.timeout=5s" })
@ExtendWith(OutputCaptureExtension.class)
class WebhookSyncFailureLogTests {

	private static final String PASSWORD = "pa55-w0rd-sync";

	private static final String TOKEN = "t0ken-s3cr3t-sync";

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		String url = "http://hooks:" + PASSWORD + "@127.0.0.1:" + closed + "/hook?token=" + TOKEN;
		registry.add("unisights.forward.webhook.url", () -> url);
		registry.add("unisights.forward.webhook.secret", WebhookSignature::generateSecret);
	}

	@Test
	void theErrorLogOfAFailedWebhookShowsTheUrlMasked(CapturedOutput output) {
		String body = """
				{"encrypted":false,"data":{"asset_id":"site","session_id":"%s","page_url":"https://example.com/",
				"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
				""".formatted(UUID.randomUUID());
		assertThat(new Http(this.port).postJson("/events", body).statusCode()).isEqualTo(500);
		assertThat(output.getAll()).contains("Event handler failed for delivery")
			.contains("WebhookForwarder")
			.contains("http://***@127.0.0.1:")
			.doesNotContain(PASSWORD)
			.doesNotContain(TOKEN);
	}

}
