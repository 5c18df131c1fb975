package io.unisights.spring.delivery.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * A small host application that tests start as a separate JVM, to kill it with
 * {@code kill -9} and start it again. Its handler takes {@code test.handler-delay}
 * milliseconds per item and then appends {@code <test.instance> <delivery id>} to
 * {@code test.record-file}; the port it listens on is written to {@code test.port-file}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StoreTestApplication {

	/**
	 * Starts the application.
	 * @param args Spring Boot command-line arguments ({@code --name=value})
	 */
	public static void main(String[] args) {
		SpringApplication.run(StoreTestApplication.class, args);
	}

	@Bean
	EventHandler recordingHandler(@Value("${test.handler-delay:0}") long delayMillis,
			@Value("${test.instance}") String instance, @Value("${test.record-file}") Path recordFile) {
		return new EventHandler() {

			@Override
			public void handle(Delivery delivery) throws Exception {
				Thread.sleep(delayMillis);
				append(recordFile, instance + " " + delivery.id() + "\n");
			}

		};
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> portWriter(@Value("${test.port-file}") Path portFile) {
		return (event) -> {
			try {
				Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
						String.valueOf(event.getWebServer().getPort()));
				Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private static synchronized void append(Path file, String line) throws IOException {
		// Once written, the line is in the page cache and survives the process's kill -9.
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
		}
	}

}
