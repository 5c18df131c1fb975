package io.unisights.beacon;

import java.util.List;

import tools.jackson.databind.JsonNode;

import io.unisights.vectors.InteropVectors;

/** The browser SDK's encryption vectors, parsed with the package's own mapper. */
final class Vectors {

	private Vectors() {
	}

	static List<JsonNode> encryption() throws Exception {
		JsonNode root = BeaconJson.MAPPER.readTree(InteropVectors.bytes(InteropVectors.ENCRYPTION));
		return InteropVectors.vectors(root, InteropVectors.ENCRYPTION);
	}

	static byte[] body(JsonNode vector) {
		return BeaconJson.MAPPER.writeValueAsBytes(vector.get("body"));
	}

}
