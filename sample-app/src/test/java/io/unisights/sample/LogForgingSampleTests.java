package io.unisights.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.unisights.spring.test.SignedIngestRequest;
import io.unisights.tracking.TrackingCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log forging against the sample with a real log file, over real HTTP: the sample runs in
 * a process of its own, as shipped, writing {@code logging.file.name}. Server events whose
 * id or identity carries a CR LF, a fake timestamped line and ANSI escapes are refused, and
 * a value the sample does log (a signed link's recipient) is written escaped, so that the
 * file never gains a line nobody logged.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LogForgingSampleTests {

	/** What an attacker wants a line of its own: a timestamp, a level, ANSI colours. */
	static final String FORGED = "\r\n1999-01-01T00:00:00.000Z  INFO 1 --- [main] i.u.s.Audit : FORGED admin login"
			+ " \u001b[31mred\u001b[0m\u001b[2K\n";

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String TRACKING_KEY = "log-forging-tracking-key-0123456789";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@TempDir
	Path data;

	private Process sample;

	private int port;

	@BeforeEach
	void startTheSampleWithALogFile() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.port = socket.getLocalPort();
		}
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		this.sample = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classpath, SampleApplication.class.getName(), "--server.port=" + this.port,
				"--server.address=127.0.0.1", "--sample.demo.port=-1", "--unisights.delivery.mode=sync",
				"--spring.datasource.url=jdbc:h2:mem:log-forging", "--unisights.ingest.secrets[0]=" + SECRET,
				"--unisights.tracking.keys=" + TRACKING_KEY, "--spring.security.user.password=log-forging",
				"--sample.secrets-file=" + this.data.resolve("secrets.properties"),
				"--unisights.delivery.dead-letter.path=" + this.data.resolve("dead-letter.jsonl"),
				"--logging.file.name=" + logFile())
			.redirectErrorStream(true)
			.redirectOutput(this.data.resolve("console.txt").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline && this.sample.isAlive()) {
			try {
				if (send(request("/actuator/health").GET()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The sample did not start:\n" + Files.readString(this.data.resolve("console.txt")));
	}

	@AfterEach
	void stopTheSample() throws InterruptedException {
		if (this.sample != null) {
			this.sample.destroy();
			if (!this.sample.waitFor(30, TimeUnit.SECONDS)) {
				this.sample.destroyForcibly();
			}
		}
	}

	@Test
	void noRequestWritesALineOfItsOwnToTheLog() throws Exception {
		List<Consumer<ObjectNode>> forgeries = List.of((event) -> event.put("id", "evt_1" + FORGED),
				(event) -> ((ObjectNode) event.get("identity")).put("id", "cus_1" + FORGED),
				(event) -> ((ObjectNode) event.get("identity")).put("email", "jane@example.com" + FORGED),
				(event) -> event.put("type", "order.created" + FORGED),
				(event) -> event.put("source", "shop" + FORGED));
		for (Consumer<ObjectNode> forgery : forgeries) {
			ObjectNode event = event("evt_forged");
			forgery.accept(event);
			HttpResponse<String> refused = postEvent(event);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
			assertThat(mapper.readTree(refused.body()).get("reason").asString()).isEqualTo("invalid-field");
		}
		ObjectNode clean = event("evt_clean");
		((ObjectNode) clean.get("data")).put("note", "multi-line text" + FORGED);
		assertThat(postEvent(clean).statusCode()).isEqualTo(200);
		TrackingCodec codec = TrackingCodec.builder().keys(List.of(TRACKING_KEY)).build();
		String click = "/t/click/" + codec.encodeClick("https://example.com/",
				mapper.createObjectNode().put("recipient", "jane" + FORGED));
		assertThat(send(request(click).GET()).statusCode()).isEqualTo(302);

		String log = awaitLog((text) -> text.contains("Delivered ingest id=evt_clean")
				&& text.contains("Delivered click"));

		assertThat(log.lines()).noneMatch((line) -> line.startsWith("1999-01-01"))
			.noneMatch((line) -> line.contains("FORGED") && !line.contains("Delivered click"));
		assertThat(log).doesNotContain("\u001b").doesNotContain("\r");
		assertThat(log).contains("event=jane\\r\\n1999-01-01T00:00:00.000Z  INFO 1 --- [main] i.u.s.Audit : FORGED"
				+ " admin login \\u001b[31mred\\u001b[0m\\u001b[2K\\n");
	}

	private Path logFile() {
		return this.data.resolve("sample.log");
	}

	private static ObjectNode event(String id) {
		ObjectNode event = mapper.createObjectNode()
			.put("id", id)
			.put("type", "order.created")
			.put("occurred_at", Instant.now().toString())
			.put("source", "shop");
		event.putObject("identity").put("id", "cus_42").put("email", "jane@example.com");
		event.putObject("data").put("total", 9.5);
		return event;
	}

	private HttpResponse<String> postEvent(ObjectNode event) throws Exception {
		return this.client.send(SignedIngestRequest.builder(SECRET)
			.body(mapper.writeValueAsString(event))
			.build()
			.toHttpRequest(URI.create("http://127.0.0.1:" + this.port + "/events/ingest")),
				HttpResponse.BodyHandlers.ofString());
	}

	private String awaitLog(Predicate<String> complete) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		String text = "";
		while (System.nanoTime() < deadline) {
			text = Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
			if (complete.test(text)) {
				return text;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("The log never showed both deliveries:\n" + text);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
