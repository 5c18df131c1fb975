package io.unisights.spring.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server for tests, started from the distribution's binaries (Debian's
 * {@code postgresql} package, {@code /usr/lib/postgresql/<version>/bin}, or the folder
 * named by the {@code unisights.test.postgres.bin} system property or the
 * {@code UNISIGHTS_TEST_POSTGRES_BIN} variable): {@code initdb} in a temporary folder, then
 * {@code pg_ctl start} on a free loopback port. PostgreSQL refuses to run as root, so when
 * the build runs as root the server runs as the {@code postgres} user through
 * {@code runuser}. One server serves the whole test run and is stopped when the JVM
 * exits; each caller gets its own database. A test that stops the database under a
 * running application takes a {@link #dedicated()} server, which it can {@link #stop()}
 * and {@link #start()} without disturbing the others.
 */
public final class PostgresServer {

	private static final AtomicInteger databases = new AtomicInteger();

	private static @Nullable PostgresServer shared;

	private final Path bin;

	private final Path folder;

	private final int port;

	private final boolean asRoot;

	private boolean running;

	private PostgresServer(Path bin, Path folder, int port, boolean asRoot) {
		this.bin = bin;
		this.folder = folder;
		this.port = port;
		this.asRoot = asRoot;
	}

	/**
	 * The server of this test run, started on first use.
	 * @return the running server
	 */
	public static synchronized PostgresServer shared() {
		if (shared == null) {
			shared = dedicated();
		}
		return shared;
	}

	/**
	 * A server of the caller's own, started now and removed when the JVM exits.
	 * @return the running server
	 */
	public static PostgresServer dedicated() {
		PostgresServer server = launch();
		Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
		return server;
	}

	/**
	 * Stops the server at once, the way a crash or a pulled cable does to its clients:
	 * {@code pg_ctl stop -m immediate}, open connections cut. Its data stays for
	 * {@link #start()}.
	 */
	public synchronized void stop() {
		pg(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.folder.resolve("data").toString(), "-m",
				"immediate", "-w", "stop"));
		this.running = false;
	}

	/** Starts the stopped server again, on the same port and with the same data. */
	public synchronized void start() {
		pg(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.folder.resolve("data").toString(), "-w", "-t",
				"60", "-l", this.folder.resolve("server.log").toString(), "-o", options(this.port, this.folder),
				"start"));
		this.running = true;
	}

	/** Starts the server unless it runs: what a test that stopped it does when done. */
	public synchronized void startIfStopped() {
		if (!this.running) {
			start();
		}
	}

	/**
	 * Creates an empty database.
	 * @return its JDBC URL; user {@code postgres}, no password (trust on loopback)
	 */
	public String createDatabase() {
		String name = "unisights_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return url(name);
	}

	private String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	private static PostgresServer launch() {
		Path bin = binaries();
		boolean asRoot = "root".equals(System.getProperty("user.name"));
		try {
			Path folder = Files.createTempDirectory("unisights-postgres-");
			if (asRoot) {
				run(List.of("chown", "postgres:postgres", folder.toString()));
			}
			int port = freePort();
			PostgresServer server = new PostgresServer(bin, folder, port, asRoot);
			server.pg(List.of(bin.resolve("initdb").toString(), "-D", folder.resolve("data").toString(), "-A", "trust",
					"-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start PostgreSQL from " + bin, ex);
		}
	}

	private static String options(int port, Path folder) {
		return "-p " + port + " -h 127.0.0.1 -k " + folder + " -c fsync=off -c max_connections=200";
	}

	/** Stops the server at once and removes its files. */
	private void destroy() {
		try {
			pg(List.of(this.bin.resolve("pg_ctl").toString(), "-D", this.folder.resolve("data").toString(), "-m",
					"immediate", "-w", "stop"));
		}
		catch (RuntimeException ex) {
			// The JVM is exiting; a server left behind dies with its folder below.
		}
		try (Stream<Path> files = Files.walk(this.folder)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// Best effort in a shutdown hook.
		}
	}

	private void pg(List<String> command) {
		List<String> full = new ArrayList<>();
		if (this.asRoot) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		run(full);
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + String.join(" ", command));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted: " + command, ex);
		}
	}

	private static Path binaries() {
		String configured = System.getProperty("unisights.test.postgres.bin",
				System.getenv("UNISIGHTS_TEST_POSTGRES_BIN"));
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		File[] versions = new File("/usr/lib/postgresql").listFiles();
		if (versions != null) {
			Arrays.sort(versions, Comparator.comparingInt(PostgresServer::version).reversed());
			for (File version : versions) {
				Path bin = version.toPath().resolve("bin");
				if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
					return bin;
				}
			}
		}
		throw new IllegalStateException("PostgreSQL server binaries not found: install the distribution's package "
				+ "(Debian: apt-get install postgresql; .ci/run does it) or set -Dunisights.test.postgres.bin to "
				+ "the folder holding initdb and pg_ctl");
	}

	private static int version(File folder) {
		try {
			return Integer.parseInt(folder.getName().toLowerCase(Locale.ROOT).replaceAll("[^0-9].*$", ""));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
