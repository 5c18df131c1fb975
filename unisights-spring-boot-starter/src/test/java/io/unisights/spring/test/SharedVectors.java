package io.unisights.spring.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the interoperability vectors that the peer implementations produced, from the
 * {@code shared/vectors} folder beside the checkout.
 */
public final class SharedVectors {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private SharedVectors() {
	}

	/**
	 * Reads a vector file.
	 * @param name file name in {@code shared/vectors}
	 * @return the parsed file
	 */
	public static JsonNode read(String name) {
		Path path = folder().resolve("vectors").resolve(name);
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException("Interoperability vectors not found at " + path.toAbsolutePath()
					+ "; the shared/ folder must sit beside the checkout");
		}
		return mapper.readTree(path.toFile());
	}

	/**
	 * Lists the entries of a vector file's {@code vectors} array.
	 * @param name file name in {@code shared/vectors}
	 * @return the vectors
	 */
	public static List<JsonNode> vectors(String name) {
		List<JsonNode> vectors = new ArrayList<>();
		read(name).get("vectors").forEach(vectors::add);
		if (vectors.isEmpty()) {
			throw new IllegalStateException("No vectors in " + name);
		}
		return vectors;
	}

	private static Path folder() {
		String configured = System.getProperty("unisights.shared");
		return (configured != null) ? Path.of(configured) : Path.of("..", "..", "shared");
	}

}
