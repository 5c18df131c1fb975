package io.unisights.vectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the interoperability vectors that the peer implementations produced (the browser
 * SDK's encryption, pytracking's links) from the classpath, under {@code vectors/}: the
 * modules whose tests use them depend on this one in test scope.
 */
public final class InteropVectors {

	/** File of the browser SDK's plain and encrypted request bodies. */
	public static final String ENCRYPTION = "unisights-encryption.json";

	/** File of the open and click links minted by pytracking 0.2. */
	public static final String PYTRACKING = "pytracking-links.json";

	/** Every vector file the project carries, to compare with their source. */
	public static final List<String> FILES = List.of(ENCRYPTION, PYTRACKING);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private InteropVectors() {
	}

	/**
	 * Reads a vector file's bytes, exactly as its producer wrote them.
	 * @param name file name, such as {@link #ENCRYPTION}
	 * @return the file's content
	 * @throws IllegalStateException if the test classpath has no such file
	 */
	public static byte[] bytes(String name) {
		String resource = "vectors/" + name;
		try (InputStream in = InteropVectors.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No " + resource + " on the classpath; the vectors live in "
						+ "interop-vectors/src/main/resources/vectors: depend on unisights-interop-vectors in test scope");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
	}

	/**
	 * Reads and parses a vector file.
	 * @param name file name, such as {@link #ENCRYPTION}
	 * @return the parsed file
	 */
	public static JsonNode read(String name) {
		return mapper.readTree(bytes(name));
	}

	/**
	 * Lists the entries of a vector file's {@code vectors} array.
	 * @param name file name, such as {@link #ENCRYPTION}
	 * @return the vectors, never empty
	 * @throws IllegalStateException if the file holds no vectors
	 */
	public static List<JsonNode> vectors(String name) {
		return vectors(read(name), name);
	}

	/**
	 * Lists the entries of a parsed vector file's {@code vectors} array, for callers that
	 * parse the bytes with their own mapper.
	 * @param root the parsed file
	 * @param name file name, for the error message
	 * @return the vectors, never empty
	 * @throws IllegalStateException if the file holds no vectors
	 */
	public static List<JsonNode> vectors(JsonNode root, String name) {
		List<JsonNode> vectors = new ArrayList<>();
		root.path("vectors").forEach(vectors::add);
		if (vectors.isEmpty()) {
			throw new IllegalStateException("No vectors in " + name);
		}
		return vectors;
	}

}
