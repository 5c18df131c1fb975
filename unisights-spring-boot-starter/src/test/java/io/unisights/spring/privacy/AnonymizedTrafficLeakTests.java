package io.unisights.spring.privacy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under {@code anonymize}, nothing of the raw address or user agent reaches the logs
 * (at debug level) or the dead letters. The client address comes through
 * {@code X-Forwarded-For}, as behind a proxy, so that it is one no other line could hold.
 */
@SpringBootTest(classes = PrivacyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.privacy.gpc=anonymize", "server.forward-headers-strategy=framework",
				"unisights.delivery.mode=async", "unisights.delivery.retry.max-attempts=1",
				"logging.level.io.unisights=DEBUG", "logging.level.org.springframework.web=DEBUG",
				"unisights.tracking.keys=" + PrivacyTestApplication.TRACKING_KEY,
				"unisights.tracking.base-url=https://mail.example.com" })
@ExtendWith(OutputCaptureExtension.class)
class AnonymizedTrafficLeakTests extends PrivacyEndpointTestSupport {

	static final String ADDRESS = "198.51.100.77";

	static final Path DEAD_LETTERS = Path.of(System.getProperty("java.io.tmpdir"),
			"unisights-privacy-leak-" + ProcessHandle.current().pid() + ".jsonl");

	@DynamicPropertySource
	static void deadLetterFile(DynamicPropertyRegistry registry) throws Exception {
		Files.deleteIfExists(DEAD_LETTERS);
		registry.add("unisights.delivery.dead-letter.path", DEAD_LETTERS::toString);
	}

	@Test
	void neitherTheLogsNorTheDeadLettersHoldTheRawAddressOrUserAgent(CapturedOutput output) throws Exception {
		this.handler.failWith(new IllegalStateException("store down"));
		this.clock.advance(Duration.ofHours(1));

		assertThat(postBeacon(CHROME, "Sec-GPC", "1", "X-Forwarded-For", ADDRESS).statusCode()).isEqualTo(202);
		assertThat(get(openLink(), "Sec-GPC", "1", "X-Forwarded-For", ADDRESS).statusCode()).isEqualTo(200);
		assertThat(get(clickLink(), "Sec-GPC", "1", "X-Forwarded-For", ADDRESS).statusCode()).isEqualTo(302);

		Awaitility.await()
			.atMost(Duration.ofMinutes(1))
			.until(() -> Files.exists(DEAD_LETTERS) && Files.readAllLines(DEAD_LETTERS).size() == 3);
		String letters = Files.readString(DEAD_LETTERS, StandardCharsets.UTF_8);
		assertThat(letters).contains("\"client_ip\":\"198.51.100.0\"", "\"user_agent\":\"" + CHROME_REDUCED + "\"",
				"\"privacy_signals\":[\"gpc\"]", "\"visitor_id\":");
		for (String text : new String[] { letters, output.getAll() }) {
			assertThat(text).doesNotContain(ADDRESS, CHROME, "6778.85", "Win64; x64");
		}
		Files.deleteIfExists(DEAD_LETTERS);
	}

}
