package io.unisights.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures how a collector on loopback answers normal beacons while a flood of slow
 * senders trickles: opens {@code connections} sockets that each send the headers of a
 * 4,000-byte beacon and its first 20 bytes, then posts {@code probes} normal beacons one
 * after the other (each with a 30 s client timeout) and prints their latencies; finally
 * reads what each slow connection was answered within {@code wait} seconds.
 * <p>
 * Arguments: port, connections, probes, wait seconds. Loopback only.
 */
public final class SlowBodyFlood {

	private static final int DECLARED = 4000;

	private static final int SENT = 20;

	private SlowBodyFlood() {
	}

	/**
	 * Runs one flood.
	 * @param args port, connections, probes, seconds to wait for the slow connections' answers
	 * @throws Exception when the flood cannot be opened
	 */
	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int connections = Integer.parseInt(args[1]);
		int probes = Integer.parseInt(args[2]);
		int wait = Integer.parseInt(args[3]);
		byte[] body = Beacons.plain(1, java.util.UUID.randomUUID());
		String slowBody = new String(body, StandardCharsets.UTF_8);
		slowBody = slowBody + " ".repeat(Math.max(0, DECLARED - slowBody.length()));
		List<Socket> flood = new ArrayList<>(connections);
		long opened = System.nanoTime();
		for (int i = 0; i < connections; i++) {
			Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + DECLARED + "\r\n\r\n" + slowBody.substring(0, SENT))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			flood.add(socket);
		}
		System.out.printf(Locale.ROOT, "opened %d slow connections in %d ms%n", connections,
				(System.nanoTime() - opened) / 1_000_000);

		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		URI events = URI.create("http://127.0.0.1:" + port + "/events");
		long[] millis = new long[probes];
		int answered = 0;
		for (int i = 0; i < probes; i++) {
			long start = System.nanoTime();
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(events)
					.timeout(Duration.ofSeconds(30))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() / 100 == 2) {
					answered++;
				}
			}
			catch (IOException ex) {
				// A timeout: counted as not answered, its time kept.
			}
			millis[i] = (System.nanoTime() - start) / 1_000_000;
		}
		long[] sorted = millis.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "probes answered: %d of %d; latency ms: min %d, median %d, max %d%n", answered,
				probes, sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);

		long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
		int[] statuses = new int[600];
		int unanswered = 0;
		for (Socket socket : flood) {
			int status = -1;
			while (status < 0 && System.nanoTime() < deadline) {
				status = status(socket);
			}
			if (status < 0) {
				unanswered++;
			}
			else {
				statuses[status]++;
			}
			socket.close();
		}
		StringBuilder summary = new StringBuilder();
		for (int status = 0; status < statuses.length; status++) {
			if (statuses[status] > 0) {
				summary.append(' ').append(status).append(": ").append(statuses[status]);
			}
		}
		System.out.printf(Locale.ROOT, "slow connections answered within %d s:%s; unanswered: %d%n", wait, summary,
				unanswered);
	}

	/** The status of the answer on a connection, {@code 0} if it closed unanswered, {@code -1} if none yet. */
	private static int status(Socket socket) throws IOException {
		try {
			InputStream in = socket.getInputStream();
			byte[] head = new byte[12];
			int read = 0;
			while (read < head.length) {
				int n = in.read(head, read, head.length - read);
				if (n < 0) {
					return 0;
				}
				read += n;
			}
			return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
		}
		catch (java.net.SocketTimeoutException ex) {
			return -1;
		}
		catch (java.net.SocketException ex) {
			return 0;
		}
	}

}
