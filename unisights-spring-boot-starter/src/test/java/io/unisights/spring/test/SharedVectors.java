package io.unisights.spring.test;

import java.util.List;

import tools.jackson.databind.JsonNode;

import io.unisights.vectors.InteropVectors;

/**
 * The interoperability vectors that the peer implementations produced, read from the test
 * classpath (module {@code interop-vectors}) by {@link InteropVectors}.
 */
public final class SharedVectors {

	private SharedVectors() {
	}

	/**
	 * Reads a vector file.
	 * @param name file name, such as {@code unisights-encryption.json}
	 * @return the parsed file
	 */
	public static JsonNode read(String name) {
		return InteropVectors.read(name);
	}

	/**
	 * Lists the entries of a vector file's {@code vectors} array.
	 * @param name file name, such as {@code unisights-encryption.json}
	 * @return the vectors, never empty
	 */
	public static List<JsonNode> vectors(String name) {
		return InteropVectors.vectors(name);
	}

}
