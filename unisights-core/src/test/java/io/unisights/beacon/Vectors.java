package io.unisights.beacon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Reads the interoperability vectors the peer implementations produced. */
final class Vectors {

	private Vectors() {
	}

	static List<JsonNode> encryption() throws Exception {
		Path file = Path.of(System.getProperty("unisights.shared", "../../shared"), "vectors",
				"unisights-encryption.json");
		JsonNode root = BeaconJson.MAPPER.readTree(Files.readAllBytes(file));
		List<JsonNode> vectors = new ArrayList<>();
		root.get("vectors").forEach(vectors::add);
		return vectors;
	}

	static byte[] body(JsonNode vector) {
		return BeaconJson.MAPPER.writeValueAsBytes(vector.get("body"));
	}

}
