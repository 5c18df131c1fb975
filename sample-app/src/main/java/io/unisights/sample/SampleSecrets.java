package io.unisights.sample;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.unisights.ingest.WebhookSignature;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample's secrets, so that no demo value ships with it: when the configuration sets
 * no ingest secret (nor public key) and no password for the demo user, they are generated
 * at first start, kept in {@code sample.secrets-file} (default
 * {@code target/sample-data/secrets.properties}, readable by its owner only) and printed
 * once, when they are made; later starts read them from there. Anything configured
 * ({@code unisights.ingest.secrets}, {@code UNISIGHTS_INGEST_SECRETS},
 * {@code spring.security.user.password}) wins over the file.
 */
class SampleSecrets implements EnvironmentPostProcessor, Ordered {

	static final String FILE_PROPERTY = "sample.secrets-file";

	static final String DEFAULT_FILE = "target/sample-data/secrets.properties";

	static final String INGEST_SECRET = "unisights.ingest.secrets[0]";

	static final String PASSWORD = "spring.security.user.password";

	private static final SecureRandom random = new SecureRandom();

	private final Log logger;

	SampleSecrets(DeferredLogFactory logs) {
		this.logger = logs.getLog(SampleSecrets.class);
	}

	@Override
	public int getOrder() {
		// After application.yml and the command line are read, so that they win.
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, String> wanted = new LinkedHashMap<>();
		Binder binder = Binder.get(environment);
		if (!isSet(binder, "unisights.ingest.secrets") && !isSet(binder, "unisights.ingest.public-keys")) {
			wanted.put(INGEST_SECRET, WebhookSignature.generateSecret());
		}
		if (!environment.containsProperty(PASSWORD)) {
			wanted.put(PASSWORD, Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18)));
		}
		if (wanted.isEmpty()) {
			return;
		}
		Path file = Path.of(environment.getProperty(FILE_PROPERTY, DEFAULT_FILE)).toAbsolutePath();
		Properties kept = read(file);
		Map<String, String> generated = new LinkedHashMap<>();
		Map<String, Object> used = new LinkedHashMap<>();
		wanted.forEach((name, fresh) -> {
			String value = kept.getProperty(name);
			if (value == null) {
				value = fresh;
				generated.put(name, fresh);
			}
			used.put(name, value);
		});
		if (!generated.isEmpty()) {
			kept.putAll(generated);
			write(file, kept);
			print(generated, file);
		}
		environment.getPropertySources().addLast(new MapPropertySource("sampleSecrets", used));
	}

	private static boolean isSet(Binder binder, String name) {
		return binder.bind(name, Bindable.listOf(String.class)).map((values) -> !values.isEmpty()).orElse(false);
	}

	private void print(Map<String, String> generated, Path file) {
		StringBuilder message = new StringBuilder("Generated the sample's secrets, kept in " + file
				+ " and shown this once:");
		if (generated.containsKey(INGEST_SECRET)) {
			message.append("\n\tingest secret (sign server events with it): ").append(generated.get(INGEST_SECRET));
		}
		if (generated.containsKey(PASSWORD)) {
			message.append("\n\tdashboard login: demo / ").append(generated.get(PASSWORD));
		}
		this.logger.warn(message);
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static Properties read(Path file) {
		Properties properties = new Properties();
		if (Files.exists(file)) {
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the sample's secrets from " + file, ex);
			}
		}
		return properties;
	}

	private static void write(Path file, Properties properties) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			Files.deleteIfExists(temporary);
			createOwnerOnly(temporary);
			try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				properties.store(writer, "The sample's generated secrets: delete this file to make new ones");
			}
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot keep the sample's secrets in " + file, ex);
		}
	}

	private static void createOwnerOnly(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		else {
			Files.createFile(file);
		}
	}

}
