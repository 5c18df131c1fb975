package io.unisights.spring.delivery.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StoreTestApplication} running in its own JVM, started with the test's class
 * path, that a test can kill as abruptly as a crash.
 */
public final class ApplicationProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private final Process process;

	private final Path log;

	private final int port;

	private ApplicationProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts an instance and waits until it listens.
	 * @param folder where the instance writes its port file and log
	 * @param instance name of the instance, recorded with every delivery
	 * @param recordFile file the handler appends deliveries to
	 * @param properties further {@code name=value} settings; entries starting with
	 * {@code -X} are options of the JVM
	 * @return the running instance
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static ApplicationProcess start(Path folder, String instance, Path recordFile, List<String> properties)
			throws IOException, InterruptedException {
		Path portFile = folder.resolve(instance + ".port");
		Files.deleteIfExists(portFile);
		Path log = folder.resolve(instance + "-" + System.nanoTime() + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		properties.stream().filter((property) -> property.startsWith("-X")).forEach(command::add);
		if (properties.stream().noneMatch((property) -> property.startsWith("-Xmx"))) {
			command.add("-Xmx256m");
		}
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				StoreTestApplication.class.getName(),
				"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--test.instance=" + instance, "--test.record-file=" + recordFile, "--test.port-file=" + portFile));
		properties.stream().filter((property) -> !property.startsWith("-X")).forEach((property) -> command.add("--" + property));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (!Files.exists(portFile)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The application exited with " + process.exitValue() + ":\n"
						+ Files.readString(log));
			}
			if (System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IllegalStateException("The application did not start within " + STARTUP + ":\n"
						+ Files.readString(log));
			}
			Thread.sleep(50);
		}
		return new ApplicationProcess(process, log, Integer.parseInt(Files.readString(portFile).strip()));
	}

	/**
	 * The port the instance listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Kills the instance the way {@code kill -9} does: no shutdown hook, no drain.
	 * @throws InterruptedException if interrupted while waiting for it to die
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * What the instance logged so far, for failure messages.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
