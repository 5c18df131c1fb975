package io.unisights.spring.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.delivery.process.ApplicationProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The jdbc store against a database that accepts connections and never answers (a
 * loopback server that takes every connection and writes nothing): the host application,
 * in its own JVM, fails to start with a message naming what to set, rather than hanging.
 * {@link ApplicationProcess} gives up on a start after 90 s; a hang fails these tests
 * with "did not start within".
 */
class DeliveryStoreStartupTests {

	@TempDir
	Path temp;

	private ServerSocket silent;

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	@BeforeEach
	void listenAndNeverAnswer() throws IOException {
		this.silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					this.held.add(this.silent.accept());
				}
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		}, "silent-database");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	@AfterEach
	void close() throws IOException {
		this.silent.close();
		for (Socket socket : this.held) {
			socket.close();
		}
	}

	@Test
	void failsToStartOnceTheOpenTimeoutRanOutWhenTheDriverHasNoTimeouts() {
		// No connect, login or socket timeout: the driver waits for the server forever.
		assertThatIllegalStateException()
			.isThrownBy(() -> ApplicationProcess.start(this.temp, "silent", this.temp.resolve("delivered.txt"),
					properties(url(), "unisights.delivery.jdbc.open-timeout=3s")))
			.withMessageStartingWith("The application exited")
			.withMessageContaining("The delivery store's database did not answer within 3 s")
			.withMessageContaining("unisights.delivery.jdbc.open-timeout")
			.withMessageContaining("loginTimeout");
		assertThat(this.held).as("the application reached the silent database").isNotEmpty();
	}

	@Test
	void failsToStartAtOnceWithTheDriverTimeoutsTheReadmeAsksFor() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ApplicationProcess.start(this.temp, "timeouts", this.temp.resolve("delivered.txt"),
					properties(url(), "spring.datasource.hikari.data-source-properties.connectTimeout=2",
							"spring.datasource.hikari.data-source-properties.loginTimeout=2",
							"spring.datasource.hikari.data-source-properties.socketTimeout=5")))
			.withMessageStartingWith("The application exited")
			.withMessageContaining("The delivery store could not reach its database")
			.withMessageContaining("Connection attempt timed out");
	}

	private String url() {
		return "jdbc:postgresql://127.0.0.1:" + this.silent.getLocalPort() + "/unisights";
	}

	private static List<String> properties(String url, String... more) {
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + url,
				"spring.datasource.username=postgres", "unisights.delivery.mode=async",
				"unisights.delivery.store=jdbc", "unisights.delivery.jdbc.initialize-schema=always"));
		properties.addAll(List.of(more));
		return properties;
	}

}
