package io.unisights.spring.delivery.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka broker (KRaft, broker and controller in one, Kafka's own server code) in a
 * JVM of its own, started with the test's class path on fixed loopback ports, its data in
 * a folder of the test. {@link #kill()} ends it as {@code kill -9} does; {@link #start}
 * on the same folder and ports brings the same broker back, with what it had written.
 */
final class KafkaBrokerProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private final Path folder;

	private final int port;

	private final int controllerPort;

	private final Process process;

	private final Path log;

	private KafkaBrokerProcess(Path folder, int port, int controllerPort, Process process, Path log) {
		this.folder = folder;
		this.port = port;
		this.controllerPort = controllerPort;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a broker on two free loopback ports.
	 * @param folder where the broker keeps its data and log
	 * @return the broker, once it answers
	 */
	static KafkaBrokerProcess start(Path folder) throws IOException, InterruptedException {
		return start(folder, freePort(), freePort());
	}

	/**
	 * Starts the broker of {@code folder} on the given ports, formatting its storage the
	 * first time.
	 */
	static KafkaBrokerProcess start(Path folder, int port, int controllerPort)
			throws IOException, InterruptedException {
		Path log = folder.resolve("broker-" + System.nanoTime() + ".log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				KafkaBrokerProcess.class.getName(), folder.toString(), Integer.toString(port),
				Integer.toString(controllerPort));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		KafkaBrokerProcess broker = new KafkaBrokerProcess(folder, port, controllerPort, process, log);
		try {
			broker.awaitAnswer();
		}
		catch (RuntimeException | Error ex) {
			process.destroyForcibly();
			throw ex;
		}
		return broker;
	}

	private void awaitAnswer() throws InterruptedException {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				2000))) {
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The broker exited with " + this.process.exitValue() + ":\n" + log());
				}
				try {
					admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
						.nodes()
						.get(3, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException interrupted) {
						throw interrupted;
					}
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The broker did not answer within " + STARTUP + ":\n" + log(),
								ex);
					}
					Thread.sleep(200);
				}
			}
		}
	}

	/** The broker's address, as clients bootstrap from it. */
	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Ends the broker abruptly: no shutdown hook, no flush, no controlled shutdown. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The broker did not die within 30 s");
		}
	}

	/** Starts the same broker again, on its data and ports; this one must be dead. */
	KafkaBrokerProcess restart() throws IOException, InterruptedException {
		if (this.process.isAlive()) {
			throw new IllegalStateException("The broker still runs");
		}
		return start(this.folder, this.port, this.controllerPort);
	}

	boolean alive() {
		return this.process.isAlive();
	}

	String log() {
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Runs the broker in this JVM until it is killed.
	 * @param args its folder, its client port and its controller port
	 */
	public static void main(String[] args) throws Exception {
		Path folder = Path.of(args[0]);
		int port = Integer.parseInt(args[1]);
		int controllerPort = Integer.parseInt(args[2]);
		Path data = folder.resolve("data");
		Path config = folder.resolve("server.properties");
		Files.writeString(config, """
				process.roles=broker,controller
				node.id=1
				controller.quorum.voters=1@127.0.0.1:%2$d
				listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
				controller.listener.names=CONTROLLER
				inter.broker.listener.name=PLAINTEXT
				listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
				log.dirs=%3$s
				offsets.topic.replication.factor=1
				offsets.topic.num.partitions=1
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				group.initial.rebalance.delay.ms=0
				""".formatted(port, controllerPort, data), StandardCharsets.UTF_8);
		if (!Files.exists(data.resolve("meta.properties"))) {
			int formatted = StorageTool$.MODULE$.execute(
					new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString() },
					new PrintStream(System.out, true, StandardCharsets.UTF_8));
			if (formatted != 0) {
				throw new IllegalStateException("Formatting the storage failed with " + formatted);
			}
		}
		kafka.Kafka.main(new String[] { config.toString() });
	}

}
