package io.unisights.spring.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.spring.test.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow senders over real HTTP on loopback: a flood of connections that send their headers
 * and a trickle of their body holds no request thread, so a normal beacon is answered
 * while they trickle, and each of them is ended with a 408 problem at
 * {@code unisights.body-timeout} and its connection closed. Tomcat runs with its default
 * 200 request threads; the flood is larger.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.delivery.dedupe.enabled=false", "unisights.body-timeout=3s",
				"unisights.ingest.secrets[0]=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
				"unisights.tracking.keys=slow-body-key-0123456789abcdef" })
class SlowBodyEndpointTests extends EndpointTestSupport {

	/** More than Tomcat's 200 request threads. */
	static final int FLOOD = 250;

	static final int DECLARED = 4000;

	static final String BEACON = """
			{"encrypted":false,"data":{"asset_id":"site","session_id":"550e8400-e29b-41d4-a716-446655440000",\
			"page_url":"https://example.com/","events":[{"type":"page_view","data":{"location":"https://example.com/",\
			"title":"%s","timestamp":1234567890}}]}}""";

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void answersABeaconWhileAFloodOfSlowBodiesTricklesAndEndsEachOfThemWith408() throws IOException {
		List<Socket> flood = new ArrayList<>();
		for (int i = 0; i < FLOOD; i++) {
			flood.add(trickle("/events", beaconOf(DECLARED), 20));
		}

		// Each slow sender would hold a request thread while it trickles; with all of them
		// held, this waited for the first one to give up.
		HttpResponse<String> beacon = this.http.send(this.http.request("/events")
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(beaconOf(400)))
			.build());
		assertThat(beacon.statusCode()).isEqualTo(200);

		for (Socket socket : flood) {
			RawResponse answer = readToEnd(socket);
			assertThat(answer.status()).as(answer.text()).isEqualTo(408);
			assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
			assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
			assertThat(answer.header("connection")).isEqualTo("close");
			JsonNode problem = Http.json(answer.body());
			assertThat(problem.get("reason").asString()).isEqualTo("body-timeout");
			assertThat(problem.get("type").asString()).isEqualTo("urn:unisights:problem:body-timeout");
			assertThat(problem.get("detail").asString()).contains("3s").contains("unisights.body-timeout");
		}
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	/**
	 * Slow bodies the endpoints never read, each answered at once and then trickled on,
	 * and bodies over the limit, drained without a request thread until their 413.
	 */
	static List<String> unreadSlowBodies() {
		return List.of("POST /events: declared a little over the limit", "PUT /events", "GET /t/open/AAAA",
				"POST /events/ingest: declared a little over the limit", "POST /events: declared far over the limit");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadSlowBodies")
	void answersABeaconWhileAFloodOfSlowBodiesThatAreNeverReadTrickles(String kind) throws IOException {
		String method = kind.substring(0, kind.indexOf(' '));
		String path = kind.substring(method.length() + 1).split(":")[0];
		int declared = kind.endsWith("far over the limit") ? 3_000_000
				: kind.endsWith("over the limit") ? 1_500_000 : DECLARED;
		List<Socket> flood = new ArrayList<>();
		for (int i = 0; i < FLOOD; i++) {
			Socket socket = connect();
			OutputStream out = socket.getOutputStream();
			out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + declared + "\r\n\r\n" + "x".repeat(20)).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			flood.add(socket);
		}

		// Answered at once, each would leave a request thread draining its body.
		HttpResponse<String> beacon = this.http.send(this.http.request("/events")
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(beaconOf(400)))
			.build());
		assertThat(beacon.statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	@Test
	void answersABodyALittleOverTheLimitWith413OnceItHasArrived() throws Exception {
		// 1 MB is the limit; the sender is still sending when the limit is known.
		byte[] body = beaconOf(1024 * 1024 + 100_000).getBytes(StandardCharsets.UTF_8);
		Socket socket = connect();
		OutputStream out = socket.getOutputStream();
		out.write(("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		Thread.sleep(300);

		// A server that answers and closes while the body still comes resets the connection:
		// a write fails with a broken pipe, or the answer is lost to the reset.
		int chunk = body.length / 10 + 1;
		for (int at = 0; at < body.length; at += chunk) {
			out.write(body, at, Math.min(chunk, body.length - at));
			out.flush();
			Thread.sleep(30);
		}
		RawResponse answer = readToEnd(socket);

		assertThat(answer.status()).as(answer.text()).isEqualTo(413);
		assertThat(Http.json(answer.body()).get("reason").asString()).isEqualTo("payload-too-large");
		assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void endsABodyThatKeepsTricklingAtTheDeadlineToo() throws Exception {
		Socket socket = trickle("/events", beaconOf(DECLARED), 1);
		OutputStream out = socket.getOutputStream();
		// A byte every 200 ms would take 13 minutes: the deadline counts from the start of
		// the body, not from the last byte.
		for (int i = 1; i < 40 && socket.getInputStream().available() == 0; i++) {
			Thread.sleep(200);
			try {
				out.write(beaconOf(DECLARED).charAt(i));
				out.flush();
			}
			catch (IOException ex) {
				break;
			}
		}
		RawResponse answer = readToEnd(socket);
		assertThat(answer.status()).as(answer.text()).isEqualTo(408);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void endsAChunkedBodyThatStallsWith408() throws IOException {
		Socket socket = connect();
		OutputStream out = socket.getOutputStream();
		out.write(("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n14\r\n" + beaconOf(DECLARED).substring(0, 20) + "\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();

		RawResponse answer = readToEnd(socket);
		assertThat(answer.status()).as(answer.text()).isEqualTo(408);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void deliversASlowBodyThatArrivesBeforeTheDeadline() throws Exception {
		String body = beaconOf(DECLARED);
		Socket socket = trickle("/events", body, 20);
		Thread.sleep(300);
		OutputStream out = socket.getOutputStream();
		out.write(body.substring(20, 2000).getBytes(StandardCharsets.UTF_8));
		out.flush();
		Thread.sleep(300);
		out.write(body.substring(2000).getBytes(StandardCharsets.UTF_8));
		out.flush();
		socket.shutdownOutput();

		RawResponse answer = readToEnd(socket);
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		assertThat(this.handler.deliveries()).hasSize(1);
	}

	@Test
	void endsASlowServerEventWith408BeforeItsSignatureIsLookedAt() throws IOException {
		Socket socket = connect();
		OutputStream out = socket.getOutputStream();
		out.write(("POST /events/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 4000\r\n\r\n{\"id\":\"evt_1\",").getBytes(StandardCharsets.US_ASCII));
		out.flush();

		RawResponse answer = readToEnd(socket);
		assertThat(answer.status()).as(answer.text()).isEqualTo(408);
		assertThat(Http.json(answer.body()).get("reason").asString()).isEqualTo("body-timeout");
	}

	/** A beacon body of exactly {@code length} bytes. */
	static String beaconOf(int length) {
		String empty = BEACON.formatted("");
		return BEACON.formatted("x".repeat(length - empty.length()));
	}

	private Socket trickle(String path, String body, int sent) throws IOException {
		Socket socket = connect();
		OutputStream out = socket.getOutputStream();
		out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, sent))
			.getBytes(StandardCharsets.UTF_8));
		out.flush();
		return socket;
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		this.sockets.add(socket);
		socket.setSoTimeout(30_000);
		return socket;
	}

	/** Reads what the server answers until it closes the connection. */
	private static RawResponse readToEnd(Socket socket) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				bytes.write(buffer, 0, read);
			}
		}
		catch (java.net.SocketException ex) {
			// A reset after the answer (a byte written as the server closed) ends it too.
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return new RawResponse(bytes.toString(StandardCharsets.UTF_8));
	}

	/** An HTTP/1.1 answer as it came off the wire. */
	record RawResponse(String text) {

		int status() {
			return this.text.isEmpty() ? -1 : Integer.parseInt(this.text.substring(9, 12));
		}

		String header(String name) {
			for (String line : head().split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

		String body() {
			String body = this.text.substring(this.text.indexOf("\r\n\r\n") + 4);
			// A chunked answer: the JSON is its one chunk.
			return "chunked".equalsIgnoreCase(header("transfer-encoding"))
					? body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1) : body;
		}

		private String head() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end < 0) ? this.text : this.text.substring(0, end);
		}

	}

}
